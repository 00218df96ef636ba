"""Demo spending plans and spending logs (issue 6), after devtools.demo.grants.

Each delivering partnership with an active allocation gets people with accounts (a chair, a
resident and an LTO finance user), a decision log with amounts, an endorsed plan with a past
version, plan reviews (one acknowledged, one due) and a few hundred spends with decisions and
receipts, some of them reversed. The approved allocation with no funding agreement yet gets a
chair and a complete draft: the journey is that its chair submits it and an officer endorses
it, which issues the funding agreement with a schedule that follows the action plan."""

from __future__ import annotations

import datetime
import itertools
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cwf.accounts.models import RoleAssignment, User
from cwf.accounts.roles import Role
from cwf.core.dates import add_years
from cwf.core.money import PENNY
from devtools.demo.accounts import DEMO_PASSWORD
from devtools.demo.partnerships import members_make, people_names
from devtools.demo.plans_data import PAYEES, PDF, PNG, SPENDS_PER_PARTNERSHIP, WEIGHTS
from devtools.demo.projects import agreed_at_meeting, projects_log
from grants.models import Allocation, PlanReview, Spend, SpendingPlan
from grants.services.plan_reviews import ReviewAnswers, plan_review_acknowledge, plan_review_submit
from grants.services.plans import (
    ActionInput,
    plan_draft_start,
    plan_endorse,
    plan_save,
    plan_submit,
    themes_ensure,
)
from grants.services.schedule import spread_proportionally
from grants.services.spending import SpendInput, spend_log, spend_reverse
from partnerships.models import Decision


def _user(email: str, name: str, role: str, partnership) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=role, partnership=partnership)
    return user


def _people_for(officer, partnership, slug: str, names, today):
    chair = _user(
        f"chair.{slug}@example.org", f"{slug.title()} Chair", Role.PARTNERSHIP_CHAIR, partnership
    )
    resident = _user(
        f"resident.{slug}@example.org",
        f"{slug.title()} Resident",
        Role.RESIDENT_MEMBER,
        partnership,
    )
    finance = _user(
        f"finance.{slug}@example.org", f"{slug.title()} Finance", Role.LTO_FINANCE, partnership
    )
    if not partnership.members.exists():
        joined = today - datetime.timedelta(days=900)
        members_make(
            officer,
            partnership,
            names,
            voting=8,
            residents=6,
            joined=joined,
            users=[chair, resident],
        )
    return chair, resident, finance


DECISIONS = [
    ("Fun day on the green", "3000.00"), ("Youth club worker", "8000.00"),
    ("Repair café tools", "2500.00"), ("Pocket park planting", "6000.00"),
    ("CV and interview workshops", "4500.00"), ("Community hub kitchen", "12000.00"),
]  # fmt: skip


def _decisions(officer, partnership, today) -> list[Decision]:
    """Six agreed decisions with amounts, from meetings over the last two years."""
    made = []
    for n, (title, amount) in enumerate(DECISIONS):
        held_on = today - datetime.timedelta(days=700 - 110 * n)
        made.append(
            agreed_at_meeting(
                officer,
                partnership,
                held_on=held_on,
                meeting_title=f"Meeting {n + 1}",
                title=title,
                decided=f"Spend up to £{amount} on {title.lower()}.",
                amount=Decimal(amount),
            )
        )
    return made


def _vision(allocation, themes, weights) -> dict:
    cells = [
        (themes[name].pk, year) for year in range(1, allocation.term_years + 1) for name in weights
    ]
    shares = spread_proportionally(
        allocation.amount,
        [Decimal(weights[name]) for _ in range(allocation.term_years) for name in weights],
    )
    return dict(zip(cells, shares, strict=True))


def _plan_year(allocation, today) -> int:
    year = 1
    while year < allocation.term_years and add_years(allocation.starts_on, year) <= today:
        year += 1
    return year


def _actions(themes, weights, year, scale) -> list[ActionInput]:
    names = list(weights)
    return [
        ActionInput(
            themes[name].pk, description, year, (Decimal(budget) * scale).quantize(PENNY), lead
        )
        for name, (description, budget, lead) in zip(
            names,
            [
                ("Run the community hub and its drop-in", "24000.00", "Hub group"),
                ("Weekly sessions with a paid worker", "18000.00", "Youth forum"),
                ("Small grants for residents' projects", "10000.00", "Grants panel"),
            ],
            strict=False,
        )
    ]


def _plans(chair, officer, second, allocation, themes, weights, today):
    year = _plan_year(allocation, today)
    first = plan_draft_start(partnership_id=allocation.partnership_id, actor=chair)
    plan_save(
        plan_id=first.pk, actor=chair, vision=_vision(allocation, themes, weights),
        actions=_actions(themes, weights, year, Decimal(1)),
        legacy_statement="A hub the community owns, and people with the skills to run it.",
    )  # fmt: skip
    plan_submit(plan_id=first.pk, actor=chair)
    plan_endorse(plan_id=first.pk, actor=officer, today=today, comments="A clear, costed plan.")
    shifted = dict(weights)
    shifted[list(weights)[-1]] += 1
    second_version = plan_draft_start(partnership_id=allocation.partnership_id, actor=chair)
    plan_save(
        plan_id=second_version.pk, actor=chair, vision=_vision(allocation, themes, shifted),
        actions=_actions(themes, weights, year, Decimal("1.25")),
        legacy_statement="A hub the community owns, a greener estate, and people with the "
        "skills and confidence to keep both going.",
    )  # fmt: skip
    plan_submit(plan_id=second_version.pk, actor=chair)
    plan_endorse(plan_id=second_version.pk, actor=second, today=today, comments="Endorsed.")
    return second_version


def _reviews(chair, officer, plan, today):
    past = PlanReview.objects.create(
        plan=plan, partnership_id=plan.partnership_id, due_on=today - datetime.timedelta(days=40)
    )
    plan_review_submit(
        review_id=past.pk, actor=chair,
        answers=ReviewAnswers(
            delivery="The hub opened five days a week; the youth club runs twice weekly.",
            spend="Spend is close to plan; the park planting came in under budget.",
            impact="Around 120 residents a week use the hub.",
            learning="Paying a worker made the youth club reliable.",
            vision="Still right; we want more on the environment.",
            outcomes="More residents volunteer and more say the area is a good place to live.",
            new_plan_needed=True,
        ),
    )  # fmt: skip
    plan_review_acknowledge(review_id=past.pk, actor=officer, note="Thank you: a useful review.")


def _spends(people, allocation, themes, weights, made, plan, today, rng):
    start = max(allocation.starts_on, today - datetime.timedelta(days=720))
    days = (today - start).days
    names = list(weights)
    actions = list(plan.action_lines.all())
    left = {d.pk: d.amount for d in made}
    logged = []
    for n in range(SPENDS_PER_PARTNERSHIP):
        payee, what = PAYEES[n % len(PAYEES)]
        theme = themes[names[n % len(names)]]
        decision = None
        amount = (Decimal(rng.randint(1500, 45000)) / 100).quantize(PENNY)
        if n % 8 == 0:
            decision = made[(n // 8) % len(made)]
            amount = min(Decimal(rng.randint(550, 1500)), left[decision.pk])
            if amount <= 0:
                decision, amount = None, Decimal("120.00")
            else:
                left[decision.pk] -= amount
        receipt = None
        if n % 3 == 0:
            kind = "png" if n % 2 else "pdf"
            receipt = SimpleUploadedFile(f"receipt.{kind}", PNG if kind == "png" else PDF)
        logged.append(
            spend_log(
                partnership_id=allocation.partnership_id,
                actor=people[n % len(people)],
                data=SpendInput(
                    spent_on=start
                    + datetime.timedelta(days=int(days * n / SPENDS_PER_PARTNERSHIP)),
                    amount=amount,
                    payee=payee,
                    payee_is_organisation=True,
                    description=what,
                    theme_id=theme.pk,
                    action_line_id=actions[n % len(actions)].pk if n % 4 == 0 else None,
                    decision_id=decision.pk if decision else None,
                ),
                receipt=receipt,
                today=today,
            )
        )
    for spend in logged[5::37]:
        spend_reverse(spend_id=spend.pk, actor=people[0], reason="Logged twice by mistake.")
    return len(logged)


def seed(*, stdout) -> None:
    if SpendingPlan.objects.exists():
        stdout.write("Demo plans and spending: already there.")
        return
    today = timezone.localdate()
    officer = User.objects.get(email="officer@example.org")
    second = User.objects.get(email="officer2@example.org")
    themes = {t.name: t for t in themes_ensure()}
    names = itertools.islice(people_names(), 600, None)
    rng = random.Random(6)  # noqa: S311 (demo figures, not secrets)
    active = Allocation.objects.filter(status=Allocation.Status.ACTIVE).select_related(
        "partnership"
    )
    total = 0
    for i, allocation in enumerate(active.order_by("pk")):
        partnership = allocation.partnership
        slug = partnership.name.split()[0].lower()
        chair, resident, finance = _people_for(officer, partnership, slug, names, today)
        made = _decisions(officer, partnership, today)
        weights = WEIGHTS[i % len(WEIGHTS)]
        plan = _plans(chair, officer, second, allocation, themes, weights, today)
        _reviews(chair, officer, plan, today)
        total += _spends(
            [resident, chair, finance], allocation, themes, weights, made, plan, today, rng
        )
        total += projects_log(
            officer=officer, allocation=allocation, people=[chair, finance], themes=themes,
            today=today,
        )  # fmt: skip
    # An approved allocation with no funding agreement yet: its chair's draft is the journey.
    approved = (
        Allocation.objects.filter(status=Allocation.Status.APPROVED, funding_agreement__isnull=True)
        .select_related("partnership")
        .order_by("pk")
        .first()
    )
    journey = ""
    if approved:
        slug = approved.partnership.name.split()[0].lower()
        chair, _, _ = _people_for(officer, approved.partnership, slug, names, today)
        draft = plan_draft_start(partnership_id=approved.partnership_id, actor=chair)
        plan_save(
            plan_id=draft.pk, actor=chair, vision=_vision(approved, themes, WEIGHTS[0]),
            actions=_actions(themes, WEIGHTS[0], 1, Decimal(1)),
            legacy_statement="Residents run the places they fought for.",
        )  # fmt: skip
        journey = (
            f" Journey: {chair.email} submits {approved.partnership}'s draft plan; "
            f"officer@example.org endorses it and the payment schedule follows its action plan."
        )
    residents = ", ".join(
        User.objects.filter(email__startswith="resident.", email__endswith="@example.org")
        .order_by("email")
        .values_list("email", flat=True)
    )
    stdout.write(
        f"Demo plans and spending: {SpendingPlan.objects.count()} plan versions, "
        f"{Spend.objects.count()} spends ({total} logged, with reversals).{journey} "
        f"Residents who can log a spend with a receipt: {residents}."
    )
