"""Demo co-investment (issue 18), built through the real services after the demo's grants and
plans (settings.DEMO_SEEDERS):

- the East Durham Community Foundation matches Horden Together's own fundraising 1:1 up to
  £50,000: it has paid £20,000 of its pledge, £15,000 of it already paid to Horden's LTO, and
  Horden's LTO has recorded the money it raised (three entries verified, one waiting);
- the Green Spaces Trust funds one theme across regions: £120,000 pledged for the theme, due by
  last month, £40,000 received (so the pledge is on the trustees' attention list), £20,000 of
  it paid to a partnership whose endorsed plan spends on the theme.

Idempotent: a second run finds the co-funders and creates nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cwf.accounts.models import User
from grants.models import CoFunder, LocalIncome, Pledge, SpendingPlan, VisionLine
from grants.services.coinvestment import (
    co_funder_save,
    pledge_accept,
    pledge_receipt_record,
    pledge_record,
)
from grants.services.local_income import local_income_decide, local_income_record
from grants.services.restricted_money import (
    restricted_release,
    restricted_release_schedule,
    restricted_releases_mark_paid,
)
from partnerships.models import Partnership

HORDEN = "Horden Together"
MATCHER = "East Durham Community Foundation (demo)"
THEME_FUNDER = "Green Spaces Trust (demo)"


def _pay(officer, pledge, partnership, amount: str, day, reference: str) -> None:
    release = restricted_release_schedule(
        pledge_id=pledge.pk,
        actor=officer,
        partnership_id=partnership.pk,
        amount=amount,
        due_on=day,
    )
    restricted_release(release_id=release.pk, today=day, actor=officer)
    restricted_releases_mark_paid(
        release_ids=[release.pk], actor=officer, bank_reference=reference, paid_on=day
    )


def _horden(officer, second, today) -> str:
    horden = Partnership.objects.filter(name=HORDEN).first()
    if horden is None:
        return "no Horden Together in the demo"
    matcher = co_funder_save(
        actor=officer,
        name=MATCHER,
        charity_number="1047625",
        funds=CoFunder.Funds.PARTNERSHIPS,
        partnership_ids=[horden.pk],
        contacts=[{"name": "Dawn Reed", "role": "Grants manager", "email": "grants@edcf.example"}],
    )
    start = today - timedelta(days=300)
    pledge = pledge_record(
        actor=officer,
        co_funder_id=matcher.pk,
        amount="50000.00",
        starts_on=start,
        ends_on=today + timedelta(days=400),
        restriction=Pledge.Restriction.PARTNERSHIP,
        partnership_id=horden.pk,
        conditions="Match Horden Together's own fundraising 1:1 up to £50,000.",
        match_ratio="1",
        match_cap="50000.00",
    )
    pledge_accept(pledge_id=pledge.pk, actor=second)
    raised = [
        (LocalIncome.Kind.OTHER_GRANT, "Durham County Council", "12000.00", True),
        (LocalIncome.Kind.EARNED, "Horden community cafe", "6500.00", True),
        (LocalIncome.Kind.IN_KIND, "Volunteer joiners (stated value)", "2400.00", True),
        (LocalIncome.Kind.DONATION, "Gala day collection", "1100.00", False),
    ]
    for n, (kind, source, amount, verify) in enumerate(raised):
        income = local_income_record(
            actor=officer,
            partnership_id=horden.pk,
            kind=kind,
            source=source,
            amount=amount,
            received_on=start + timedelta(days=20 * (n + 1)),
            evidence_reference=f"Horden Together accounts, line {n + 1}",
        )
        if verify:
            local_income_decide(income_id=income.pk, actor=second, verified=True)
    # After the income it matches: the rule allows no more than Horden has raised and verified.
    pledge_receipt_record(
        pledge_id=pledge.pk,
        actor=officer,
        amount="20000.00",
        received_on=start + timedelta(days=130),
        bank_reference="EDCF-0001",
    )
    _pay(officer, pledge, horden, "15000.00", start + timedelta(days=145), "BACS-EDCF-1")
    return f"{MATCHER} matches Horden's fundraising"


def _theme(officer, second, today) -> str:
    endorsed = VisionLine.objects.filter(plan__status=SpendingPlan.Status.ENDORSED)
    theme_id = (
        endorsed.values_list("theme_id", flat=True).order_by("theme__name").distinct().first()
    )
    if theme_id is None:
        return "no endorsed plan to fund a theme in"
    partnership_id = (
        endorsed.filter(theme_id=theme_id).values_list("plan__partnership_id", flat=True).first()
    )
    funder = co_funder_save(
        actor=officer,
        name=THEME_FUNDER,
        company_number="04567890",
        funds=CoFunder.Funds.THEME,
        theme_id=theme_id,
        contacts=[{"name": "Sam Okafor", "email": "sam@greenspaces.example"}],
    )
    start = today - timedelta(days=400)
    pledge = pledge_record(
        actor=officer,
        co_funder_id=funder.pk,
        amount="120000.00",
        starts_on=start,
        ends_on=today - timedelta(days=30),
        restriction=Pledge.Restriction.THEME,
        theme_id=theme_id,
        conditions="For work on this theme in any region, reported yearly.",
    )
    pledge_accept(pledge_id=pledge.pk, actor=second)
    pledge_receipt_record(
        pledge_id=pledge.pk,
        actor=officer,
        amount="40000.00",
        received_on=start + timedelta(days=60),
        bank_reference="GST-0001",
    )
    partnership = Partnership.objects.get(pk=partnership_id)
    _pay(officer, pledge, partnership, "20000.00", start + timedelta(days=90), "BACS-GST-1")
    return f"{THEME_FUNDER} funds a theme across regions"


def seed(*, stdout) -> None:
    if CoFunder.objects.filter(name__in=[MATCHER, THEME_FUNDER]).exists():
        stdout.write("Demo co-investment: already there.")
        return
    today = timezone.localdate()
    officer = User.objects.get(email="officer@example.org")
    second = User.objects.get(email="officer2@example.org")
    done = [_horden(officer, second, today), _theme(officer, second, today)]
    stdout.write(
        "Demo co-investment: " + "; ".join(done) + ". See /grants/co-funders/ and the "
        "dashboard's leverage."
    )
