"""What every partnership page shares: fetching objects through the viewer's selectors (so
anything outside their scope is a 404), the write checks, and the kernel's form page with the
partnerships' template."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.form_pages import form_page as core_form_page

from ..composition import RuleResult, composition_from_annotations
from ..models import Partnership
from ..selectors import partnership_overview_list


def get_partnership(request, pk: int) -> Partnership:
    partnership = get_object_or_404(partnership_overview_list(viewer=request.user), pk=pk)
    partnership.composition = composition_from_annotations(partnership)
    return partnership


def require_people(request, partnership: Partnership) -> None:
    if not permissions.sees_people(request.user, partnership.pk):
        raise Http404


def require_runner(request, partnership: Partnership) -> None:
    """Writes to a partnership: officers and its chair. Its other people may look, not change."""
    require_people(request, partnership)
    if not permissions.can_run_partnership(request.user, partnership.pk):
        raise PermissionDenied("Only a fund officer or the partnership's chair can do this.")
    if partnership.is_closed:
        raise PermissionDenied("This partnership is closed and can no longer be changed.")


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
