"""Plans and spends built through the services, for the plan and spending tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cwf.accounts.roles import Role
from grants.services.plans import ActionInput, plan_draft_start, plan_save, themes_ensure
from partnerships.services import decisions, meetings, members
from tests.factories import user_with_role
from tests.grants.scenario import approved, fund, officers


def setup_partnership(*, amount="1000000.00", term_years=10, starts_on=None):
    """An approved allocation (no funding agreement yet) with an LTO, a chair, a resident and
    LTO finance user, the default themes, and two officers."""
    from tests.grants.scenario import lto_for

    proposer, approver = officers()
    fund(proposer)
    allocation = approved(
        proposer,
        approver,
        amount=amount,
        term_years=term_years,
        **({"starts_on": starts_on} if starts_on else {}),
    )
    partnership = allocation.partnership
    lto_for(partnership)
    themes = {t.name: t for t in themes_ensure()}
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, partnership, full_name="Chidi Chair")
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership, full_name="Rosa Resident")
    finance = user_with_role(Role.LTO_FINANCE, partnership, full_name="Fay Finance")
    return {
        "allocation": allocation, "partnership": partnership, "themes": themes, "chair": chair,
        "resident": resident, "finance": finance, "officer": proposer, "second": approver,
    }  # fmt: skip


def even_vision(themes, allocation, *, names=("Community spaces", "Young people")):
    """The allocation spread evenly over `names` and every year, pence to the first cell."""
    from cwf.core.money import split_evenly

    cells = [(themes[n].pk, y) for y in range(1, allocation.term_years + 1) for n in names]
    return dict(zip(cells, split_evenly(allocation.amount, len(cells)), strict=True))


def drafted(s, *, vision=None, actions=None):
    plan = plan_draft_start(partnership_id=s["partnership"].pk, actor=s["chair"])
    themes = s["themes"]
    plan_save(
        plan_id=plan.pk,
        actor=s["chair"],
        vision=vision if vision is not None else even_vision(themes, s["allocation"]),
        actions=actions
        if actions is not None
        else [
            ActionInput(
                themes["Community spaces"].pk, "Refit the hall", 1, "60000.00", "Hall group"
            ),
            ActionInput(themes["Young people"].pk, "Youth club", 1, "40000.00", "Youth forum"),
            ActionInput(
                themes["Young people"].pk, "Youth club year 2", 2, "50000.00", "Youth forum"
            ),
        ],
        legacy_statement="A hall that lasts.",
    )
    plan.refresh_from_db()
    return plan


def endorsed_and_released(s, *, today=date(2024, 5, 1)):
    """The drafted plan submitted, endorsed on `today` and its first tranche released."""
    from grants.services.disbursement import tranches_release_due
    from grants.services.plans import plan_endorse, plan_submit

    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=today)
    tranches_release_due(today=today)
    return plan


def agreed_decision(partnership, officer, *, amount="2000.00", title="Buy chairs"):
    today = date.today()
    added = [
        members.member_add(
            actor=officer, partnership_id=partnership.pk, full_name=f"Member {n}",
            email=f"m{n}-{partnership.pk}@example.org", is_resident=True, joined_on=today,
        ).member
        for n in range(6)
    ]  # fmt: skip
    meeting = meetings.meeting_create(
        actor=officer, partnership_id=partnership.pk, held_on=today, kind="partnership",
        title="Monthly meeting",
    )  # fmt: skip
    meetings.meeting_attendance_record(
        actor=officer, meeting_id=meeting.pk, member_ids=[m.pk for m in added]
    )
    return decisions.decision_record(
        actor=officer,
        meeting_id=meeting.pk,
        data=decisions.DecisionInput(
            title=title, decided=title, outcome="agreed", votes_for=6, amount=Decimal(amount)
        ),
    )


def pay_released(s, *, on=None) -> None:
    """Mark every released tranche of the allocation paid, so its LTO has received the money
    (spending beyond what was received is spending ahead of payments: docs/money.md)."""
    from grants.models import Tranche
    from grants.services.payments import tranches_mark_paid

    released = Tranche.objects.filter(allocation=s["allocation"], status=Tranche.Status.RELEASED)
    ids = list(released.values_list("pk", flat=True))
    if ids:
        tranches_mark_paid(
            tranche_ids=ids, actor=s["officer"], bank_reference="BACS-TEST",
            paid_on=on or max(t.release.released_on for t in released),
        )  # fmt: skip


def with_money_received(s) -> dict:
    """Issue the funding agreement (yearly payments), release the first tranche on the
    allocation's start and mark it paid: the LTO has received its first £100,000 (of £1m)."""
    from grants.models import Frequency
    from grants.services.agreements import funding_agreement_issue
    from grants.services.disbursement import tranche_release

    allocation = s["allocation"]
    funding_agreement_issue(
        allocation_id=allocation.pk, actor=s["officer"], frequency=Frequency.ANNUAL
    )
    first = allocation.tranches.order_by("sequence").first()
    tranche_release(tranche_id=first.pk, today=allocation.starts_on)
    pay_released(s)
    allocation.refresh_from_db()
    return s
