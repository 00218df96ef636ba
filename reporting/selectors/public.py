"""What the public sees: the published partnerships' pages and the fund's public figures
(docs/open-data.md). No viewer: everything here is for anyone, so everything here is chosen
field by field. Never a person's name or e-mail: payees who are people are "a local resident",
decisions carry no votes, names or conflicts, action lines no lead, and a spend marked "not for
publication" (grants.SpendWithholding) appears nowhere, though the money figures still count
it so they equal the signed-in money page's (grants.selectors.money)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cwf.accounts.permissions import SYSTEM_READER
from cwf.core.money import ZERO
from grants.models import ActionLine, Spend, SpendingPlan, SpendWithholding, VisionLine
from grants.selectors.money import (
    Leverage,
    PartnershipMoney,
    partnership_leverage,
    partnership_money,
)
from grants.selectors.spending import SpendSummary, spend_summary
from participation.selectors import public_participation
from partnerships.composition import Composition, composition_for
from partnerships.models import Decision, Member, Neighbourhood, Partnership, PartnershipLto

from ..models import QuarterlyReport, ReportStory
from .breakdowns import Breakdown, portfolio_breakdowns
from .leverage import PortfolioLeverage, portfolio_leverage
from .planned import planned_by_partnership_theme
from .portfolio import Headline, portfolio_headline
from .spend import spent_by_partnership_theme
from .themes import ThemeBreakdown, theme_breakdown

A_RESIDENT = "A local resident"


def public_partnerships() -> QuerySet[Partnership]:
    """The partnerships that chose to publish their page, and were not taken down."""
    return Partnership.objects.filter(published_at__isnull=False).order_by("name")


def _decile_words(decile: int | None, *, measure: str) -> str:
    if decile is None:
        return f"Its {measure} position is not known."
    if measure == "deprivation":
        if decile <= 5:
            return f"Among the {decile * 10}% most deprived wards in England (IMD decile {decile})."
        return f"Less deprived than at least half the wards in England (IMD decile {decile})."
    if decile <= 5:
        return (
            f"Among the {decile * 10}% of wards in England with the greatest community needs "
            f"(Community Needs Index decile {decile})."
        )
    return f"Fewer community needs than at least half the wards in England (CNI decile {decile})."


@dataclass(frozen=True)
class PublicNeighbourhood:
    name: str
    local_authority: str
    region: str
    deprivation: str
    community_needs: str
    left_behind: bool


def _neighbourhood(n: Neighbourhood) -> PublicNeighbourhood:
    return PublicNeighbourhood(
        name=n.name or n.code,
        local_authority=n.local_authority_name,
        region=n.region,
        deprivation=_decile_words(n.imd_decile, measure="deprivation"),
        community_needs=_decile_words(n.cni_decile, measure="needs"),
        left_behind=bool(n.left_behind or n.doubly_disadvantaged),
    )


@dataclass(frozen=True)
class PublicPurchase:
    spend_id: int
    spent_on: datetime.date
    amount: Decimal
    theme: str
    payee: str
    decision_id: int | None
    decision_title: str
    is_reversal: bool


def _withheld(spends: QuerySet[Spend]) -> QuerySet[Spend]:
    """A withheld spend, and a reversal of one, are both left out."""
    marked = SpendWithholding.objects.filter(spend=OuterRef("pk"))
    marked_original = SpendWithholding.objects.filter(spend=OuterRef("reverses"))
    return spends.annotate(withheld=Exists(marked) | Exists(marked_original))


def public_purchases(*, partnership_id: int, decision_id: int | None = None):
    """Every purchase the public may see, oldest first, and how many were withheld."""
    spends = Spend.objects.filter(partnership_id=partnership_id)
    if decision_id is not None:
        spends = spends.filter(decision_id=decision_id)
    rows = _withheld(spends).select_related("theme", "decision").order_by("spent_on", "pk")
    shown, withheld = [], 0
    for spend in rows:
        if spend.withheld:
            withheld += not spend.is_reversal
            continue
        shown.append(
            PublicPurchase(
                spend_id=spend.pk,
                spent_on=spend.spent_on,
                amount=spend.amount,
                theme=spend.theme.name,
                payee=spend.payee if spend.payee_is_organisation else A_RESIDENT,
                decision_id=spend.decision_id,
                decision_title=spend.decision.title if spend.decision_id else "",
                is_reversal=spend.is_reversal,
            )
        )
    return shown, withheld


@dataclass(frozen=True)
class PublicDecision:
    pk: int
    title: str
    decided_on: datetime.date
    amount: Decimal | None


def public_decisions(*, partnership_id: int) -> list[PublicDecision]:
    """Agreed decisions: title, date and amount only (no votes, names or conflicts)."""
    rows = (
        Decision.objects.filter(partnership_id=partnership_id, outcome=Decision.Outcome.AGREED)
        .select_related("meeting")
        .order_by("-meeting__held_on", "-pk")
    )
    return [PublicDecision(d.pk, d.title, d.meeting.held_on, d.amount) for d in rows]


def public_decision(*, partnership_id: int, decision_id: int) -> PublicDecision | None:
    return next(
        (d for d in public_decisions(partnership_id=partnership_id) if d.pk == decision_id), None
    )


@dataclass(frozen=True)
class PublicPlan:
    version: int
    endorsed_on: datetime.date | None
    vision_by_theme: list[tuple[str, Decimal]]
    vision_total: Decimal
    actions: list[tuple[str, str, int, Decimal]]  # theme, what, plan year, budget (no lead)
    legacy_statement: str


def public_plan(*, partnership_id: int) -> PublicPlan | None:
    plan = (
        SpendingPlan.objects.filter(
            partnership_id=partnership_id, status=SpendingPlan.Status.ENDORSED
        )
        .prefetch_related(
            Prefetch("vision_lines", queryset=VisionLine.objects.select_related("theme")),
            Prefetch("action_lines", queryset=ActionLine.objects.select_related("theme")),
        )
        .first()
    )
    if plan is None:
        return None
    by_theme: dict[str, Decimal] = {}
    for line in plan.vision_lines.all():
        by_theme[line.theme.name] = by_theme.get(line.theme.name, ZERO) + line.amount
    actions = sorted(
        (a.theme.name, a.description, a.year, a.budget) for a in plan.action_lines.all()
    )
    return PublicPlan(
        version=plan.version,
        endorsed_on=plan.decided_at.date() if plan.decided_at else None,
        vision_by_theme=sorted(by_theme.items()),
        vision_total=sum(by_theme.values(), ZERO),
        actions=actions,
        legacy_statement=plan.legacy_statement,
    )


@dataclass(frozen=True)
class PublicStory:
    pk: int
    title: str
    body: str
    quarter: str
    has_photo: bool


def public_stories(*, partnership_id: int) -> list[PublicStory]:
    """Stories the partnership chose to share, from reports the fund has accepted."""
    rows = (
        ReportStory.objects.filter(
            report__partnership_id=partnership_id,
            report__status=QuarterlyReport.Status.ACCEPTED,
            is_public=True,
        )
        .select_related("report")
        .order_by("-report__quarter_start", "pk")
    )
    return [PublicStory(r.pk, r.title, r.body, r.report.quarter_label, bool(r.photo)) for r in rows]


def public_story(*, partnership_id: int, story_id: int) -> ReportStory | None:
    return ReportStory.objects.filter(
        pk=story_id,
        report__partnership_id=partnership_id,
        report__status=QuarterlyReport.Status.ACCEPTED,
        is_public=True,
    ).first()


@dataclass(frozen=True)
class PublicNote:
    title: str
    theme: str
    tried: str
    happened: str
    differently: str
    costs: str
    written_on: object


def public_learning_notes(*, partnership_id: int) -> list[PublicNote]:
    """Learning notes the partnership chose to show on its public page (issue 19), by field
    name: never who wrote it or the questions asked about it."""
    from ..models import LearningNote

    rows = (
        LearningNote.objects.filter(partnership_id=partnership_id, is_public=True)
        .order_by("-written_at", "-pk")
        .values("title", "theme__name", "tried", "happened", "differently", "costs", "written_at")
    )
    return [
        PublicNote(r["title"], r["theme__name"], r["tried"], r["happened"], r["differently"],
                   r["costs"], r["written_at"].date())
        for r in rows
    ]  # fmt: skip


@dataclass(frozen=True)
class PublicName:
    """A member who chose to be named on the public page, and as what."""

    name: str
    named_as: str  # "Chair" or "Contact"


def public_names(*, partnership_id: int) -> list[PublicName]:
    """The only names the public page shows: current members who chose to be named (the chair
    first). Nobody else's name, and never an e-mail address."""
    rows = Member.objects.filter(
        partnership_id=partnership_id, left_on__isnull=True, named_publicly_since__isnull=False
    ).only("full_name", "role")
    names = [
        PublicName(m.full_name, "Chair" if m.role == Member.Role.CHAIR else "Contact") for m in rows
    ]
    return sorted(names, key=lambda n: (n.named_as != "Chair", n.name))


@dataclass
class PublicPartnershipPage:
    partnership: Partnership
    neighbourhoods: list[PublicNeighbourhood]
    lto: str
    composition: Composition
    names: list[PublicName]
    plan: PublicPlan | None
    decisions: list[PublicDecision]
    money: PartnershipMoney
    summary: SpendSummary
    purchases: list[PublicPurchase] = field(default_factory=list)
    withheld: int = 0
    stories: list[PublicStory] = field(default_factory=list)
    # Participatory budgets (with their results) and consultations (participation/, issue 20).
    participation: dict = field(default_factory=dict)
    leverage: Leverage | None = None
    learning: list[PublicNote] = field(default_factory=list)

    @property
    def spent_by_year(self) -> list[tuple[int, str, Decimal]]:
        """Spent by plan year and theme, from the same summary as the signed-in money page."""
        return [(r.year, r.theme, r.actual) for r in self.summary.rows if r.actual]


def public_partnership_page(partnership: Partnership) -> PublicPartnershipPage:
    link = (
        PartnershipLto.objects.filter(partnership=partnership, ends_on__isnull=True)
        .select_related("lto")
        .first()
    )
    purchases, withheld = public_purchases(partnership_id=partnership.pk)
    return PublicPartnershipPage(
        partnership=partnership,
        neighbourhoods=[_neighbourhood(n) for n in partnership.neighbourhoods.order_by("name")],
        lto=link.lto.name if link else "",
        composition=composition_for(partnership_id=partnership.pk),
        names=public_names(partnership_id=partnership.pk),
        plan=public_plan(partnership_id=partnership.pk),
        decisions=public_decisions(partnership_id=partnership.pk),
        money=partnership_money(partnership_id=partnership.pk),
        summary=spend_summary(partnership_id=partnership.pk),
        purchases=purchases,
        withheld=withheld,
        stories=public_stories(partnership_id=partnership.pk),
        participation=public_participation(partnership.pk),
        leverage=partnership_leverage(partnership_id=partnership.pk),
        learning=public_learning_notes(partnership_id=partnership.pk),
    )


# --- The fund -------------------------------------------------------------------------------
@dataclass
class PublicFund:
    headline: Headline
    by_region: Breakdown | None
    by_theme: ThemeBreakdown
    left_behind: int  # neighbourhoods on the left-behind list
    left_behind_funded: int  # of those, how many a partnership with money serves
    neighbourhoods_funded: int
    published: list[Partnership]
    leverage: PortfolioLeverage | None = None


def public_fund(*, today: datetime.date | None = None) -> PublicFund:
    """The portfolio's public figures, read as the product itself (SYSTEM_READER): the same
    selectors, so the same definitions, as the trustees' dashboard."""
    breakdowns = portfolio_breakdowns(viewer=SYSTEM_READER)
    region = next((b for b in breakdowns if b.key == "region"), None)
    listed = Q(left_behind=True) | Q(doubly_disadvantaged=True)
    today = today or timezone.localdate()
    funded = Q(partnerships__allocations__approved_at__isnull=False)
    neighbourhoods = Neighbourhood.objects
    published = list(public_partnerships())
    leverage = portfolio_leverage(viewer=SYSTEM_READER)
    if leverage is not None:  # by name, only partnerships that publish their page
        shown = {p.pk for p in published}
        leverage = replace(
            leverage, partnerships=[r for r in leverage.partnerships if r.key in shown]
        )
    return PublicFund(
        headline=portfolio_headline(viewer=SYSTEM_READER),
        by_region=region,
        by_theme=theme_breakdown(
            viewer=SYSTEM_READER,
            planned=planned_by_partnership_theme(viewer=SYSTEM_READER, today=today),
            spent=spent_by_partnership_theme(viewer=SYSTEM_READER),
        ),
        left_behind=neighbourhoods.filter(listed).count(),
        left_behind_funded=neighbourhoods.filter(listed & funded).distinct().count(),
        neighbourhoods_funded=neighbourhoods.filter(funded).distinct().count(),
        published=published,
        leverage=leverage,
    )
