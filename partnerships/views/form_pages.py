"""The partnership pages' forms: the kernel's form page with their template, telling the
partnership when a membership change is refused by its composition rules, and those rules'
warnings shown beside a change that breaks none outright."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages

from cwf.core.errors import DomainError
from cwf.core.form_pages import form_page as core_form_page

from ..composition import RuleResult


def warn_rules(request, warnings: list[RuleResult]) -> None:
    for rule in warnings:
        messages.warning(
            request, f"The partnership does not meet the rule “{rule.rule}”: {rule.figure}."
        )


def form_page(
    request,
    form,
    on_valid: Callable[[], object],
    *,
    context: dict,
    template: str = "partnerships/form_page.html",
):
    """The kernel's form page (`cwf.core.form_pages.form_page`) with the partnership pages'
    template, telling the partnership when a membership change is refused by its rules."""
    return core_form_page(
        request,
        form,
        on_valid,
        template=template,
        context=context,
        on_refused=lambda exc: _announce(request, exc),
    )


def _announce(request, exc: DomainError) -> None:
    from ..services.members import CompositionRefused
    from ..signals import composition_change_refused

    if isinstance(exc, CompositionRefused):
        composition_change_refused.send(
            sender=CompositionRefused,
            partnership=exc.partnership,
            actor=request.user,
            message=exc.message,
        )
