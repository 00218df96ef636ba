"""Creating partnerships and moving them through their lifecycle."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.models import User
from cwf.core.errors import DomainError
from cwf.core.transitions import check_transition

from ..composition import composition_for, describe
from ..models import LsoaNeighbourhood, Lto, Neighbourhood, Partnership, PartnershipStatusChange
from .lsoa_neighbourhoods import lsoa_neighbourhood_set

Status = Partnership.Status

# The lifecycle, declared once. A forming partnership that never gets going can be closed.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Status.FORMING: frozenset({Status.ENDORSED, Status.CLOSED}),
    Status.ENDORSED: frozenset({Status.DELIVERING, Status.CLOSING}),
    Status.DELIVERING: frozenset({Status.CLOSING}),
    Status.CLOSING: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


def _neighbourhoods(codes: list[str]) -> list[Neighbourhood]:
    wanted = sorted({code.strip().upper() for code in codes if code.strip()})
    if not wanted:
        raise DomainError("Choose at least one neighbourhood.", field="neighbourhoods")
    found = list(Neighbourhood.objects.filter(code__in=wanted))
    missing = sorted(set(wanted) - {n.code for n in found})
    if missing:
        raise DomainError(
            f"Not in the neighbourhood register: {', '.join(missing)}. Check the codes, or "
            "import the register first.",
            field="neighbourhoods",
        )
    return found


def _lead_officer(lead_officer_id: int | None) -> User | None:
    if lead_officer_id is None:
        return None
    officer = User.objects.filter(pk=lead_officer_id).first()
    if officer is None or not permissions.is_officer(officer):
        raise DomainError("The lead officer must be a fund officer.", field="lead_officer")
    return officer


def partnership_create(
    *,
    actor: User,
    name: str,
    neighbourhood_codes: list[str] = (),
    lead_officer_id: int | None = None,
    lsoa_neighbourhood_id: int | None = None,
) -> Partnership:
    """A partnership for a ward (or wards), by `neighbourhood_codes`, or for a neighbourhood
    made of LSOAs, by `lsoa_neighbourhood_id`: its LSOAs become the partnership's neighbourhoods
    and the neighbourhood's combined figures place it in the portfolio."""
    permissions.require_officer(actor, to="create partnerships")
    name = name.strip()
    area = None
    if lsoa_neighbourhood_id is not None:
        area = LsoaNeighbourhood.objects.filter(pk=lsoa_neighbourhood_id).first()
        if area is None:
            raise DomainError("There is no such neighbourhood.", field="neighbourhoods")
        neighbourhood_codes = list(area.lsoas.values_list("code", flat=True))
    neighbourhoods = _neighbourhoods(list(neighbourhood_codes))
    lead_officer = _lead_officer(lead_officer_id)
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                name=name, lead_officer=lead_officer, lsoa_neighbourhood=area
            )
    except IntegrityError:
        raise DomainError(f"There is already a partnership called {name}.", field="name") from None
    partnership.neighbourhoods.set(neighbourhoods)
    return partnership


def partnership_update(
    *,
    actor: User,
    partnership_id: int,
    name: str,
    neighbourhood_codes: list[str],
    lead_officer_id: int | None = None,
) -> Partnership:
    """Its name, lead officer and neighbourhoods. A partnership whose neighbourhood is a set of
    LSOAs keeps that set in step: codes that are all LSOAs become the set's LSOAs (its combined
    figures recomputed), refused when another partnership shares the set; codes with a ward in
    them make it a ward partnership, leaving the set as it was."""
    permissions.require_officer(actor, to="change a partnership's details")
    name = name.strip()
    neighbourhoods = _neighbourhoods(neighbourhood_codes)
    lead_officer = _lead_officer(lead_officer_id)
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership_id)  # one editor
        if partnership.is_closed:
            raise DomainError("This partnership is closed and can no longer be changed.")
        partnership.name = name
        partnership.lead_officer = lead_officer
        area = partnership.lsoa_neighbourhood
        all_lsoas = all(n.kind == Neighbourhood.Kind.LSOA for n in neighbourhoods)
        if area is not None and not all_lsoas:
            partnership.lsoa_neighbourhood = None
        try:
            with transaction.atomic():
                partnership.save(update_fields=["name", "lead_officer", "lsoa_neighbourhood"])
        except IntegrityError:
            raise DomainError(
                f"There is already a partnership called {name}.", field="name"
            ) from None
        if area is not None and all_lsoas:
            _lsoa_neighbourhood_follows(actor, partnership, area, neighbourhoods)
        partnership.neighbourhoods.set(neighbourhoods)
    return partnership


def _lsoa_neighbourhood_follows(
    actor: User, partnership: Partnership, area: LsoaNeighbourhood, lsoas: list[Neighbourhood]
) -> None:
    codes = sorted(n.code for n in lsoas)
    if codes == sorted(area.lsoas.values_list("code", flat=True)):
        return
    sharing = list(area.partnerships.exclude(pk=partnership.pk).values_list("name", flat=True))
    if sharing:
        raise DomainError(
            f"{area.name} is also the neighbourhood of {', '.join(sorted(sharing))}: change its "
            f"LSOAs on the neighbourhood's page, so every partnership there follows.",
            field="neighbourhoods",
        )
    lsoa_neighbourhood_set(actor=actor, area_id=area.pk, codes=codes)


def endorsement_problems(partnership: Partnership) -> list[str]:
    """Why the partnership cannot be endorsed yet, in words; empty when it can."""
    problems = []
    composition = composition_for(partnership_id=partnership.pk)
    if not composition.rules_met:
        problems.append(
            "It does not meet the composition rules: " + describe(composition.failing_rules) + "."
        )
    link = partnership.lto_links.select_related("lto").filter(ends_on__isnull=True).first()
    if link is None:
        problems.append(
            "It has no Locally Trusted Organisation (LTO). Link an LTO that has passed due "
            "diligence."
        )
    elif link.lto.due_diligence_status != Lto.DueDiligence.PASSED:
        problems.append(
            f"Its LTO, {link.lto.name}, has not passed due diligence (it is "
            f"{link.lto.get_due_diligence_status_display().lower()})."
        )
    if not partnership.neighbourhoods.exists():
        problems.append("It has no neighbourhood.")
    return problems


def partnership_transition(
    *,
    actor: User,
    partnership_id: int,
    target: str,
    mou_signed_on: datetime.date | None = None,
    note: str = "",
) -> Partnership:
    """The one way a partnership's status changes. Records who moved it, and when."""
    permissions.require_officer(actor, to="change a partnership's status")
    with transaction.atomic():
        # Locked so two officers cannot move the same partnership at once.
        partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
        check_transition(
            current=partnership.status, target=target, allowed=ALLOWED_MOVES, what="partnership"
        )
        fields = ["status"]
        if target == Status.ENDORSED:
            _check_endorsement(partnership, mou_signed_on)
            partnership.mou_signed_on = mou_signed_on
            fields.append("mou_signed_on")
        PartnershipStatusChange.objects.create(
            partnership=partnership,
            from_status=partnership.status,
            to_status=target,
            changed_by=actor,
            note=note.strip(),
        )
        partnership.status = target
        partnership.save(update_fields=fields)
    return partnership


def _check_endorsement(partnership: Partnership, mou_signed_on: datetime.date | None) -> None:
    if mou_signed_on is None:
        raise DomainError(
            "Enter the date the chair signed the memorandum of understanding.",
            field="mou_signed_on",
        )
    if mou_signed_on > timezone.localdate():
        raise DomainError(
            "The memorandum of understanding date cannot be in the future.",
            field="mou_signed_on",
        )
    problems = endorsement_problems(partnership)
    if problems:
        raise DomainError("This partnership cannot be endorsed yet. " + " ".join(problems))


def partnership_endorse(
    *, actor: User, partnership_id: int, mou_signed_on: datetime.date, note: str = ""
) -> Partnership:
    """Endorsement is the forming → endorsed move, with the memorandum of understanding date."""
    return partnership_transition(
        actor=actor,
        partnership_id=partnership_id,
        target=Status.ENDORSED,
        mou_signed_on=mou_signed_on,
        note=note,
    )


def partnership_publish(*, partnership_id: int, actor) -> Partnership:
    """The partnership opts in to its public page (docs/open-data.md). Running twice changes
    nothing: the page keeps the date it was first published."""
    permissions.require(
        permissions.may_publish_partnership(actor, partnership_id),
        "Only the partnership's chair or a fund officer can publish its public page.",
    )
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
        if partnership.published_at is None:
            partnership.published_at = timezone.now()
            partnership.save(update_fields=["published_at"])
    return partnership


def partnership_unpublish(*, partnership_id: int, actor) -> Partnership:
    """Take the public page down: it answers 404 at once, and leaves the next open-data run."""
    permissions.require(
        permissions.may_unpublish_partnership(actor, partnership_id),
        "Only the partnership's chair or a fund officer can take its public page down.",
    )
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
        if partnership.published_at is not None:
            partnership.published_at = None
            partnership.save(update_fields=["published_at"])
    return partnership
