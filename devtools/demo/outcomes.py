"""Demo outcomes and learning (issue 19): each demo partnership's endorsed plan gets outcome
indicators from the library, its last two years of quarterly reports carry their values (a
steady climb, a quarter not measured, and one odd drop for an officer to ask about), and a
handful of learning notes are written, one about a community fridge.

The reports were written and submitted earlier in the demo (reporting.demo_reports), so their
values are history: they are written as rows, as a data migration would, rather than through
the service that refuses to change a submitted report. The notes, a question and its answer go
through the services. Idempotent: a second run finds the indicators and does nothing."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from cwf.accounts.models import User
from cwf.accounts.roles import Role
from devtools.demo.grants import MARK
from grants.models import PlanIndicator, SpendingPlan, Theme
from grants.services.outcomes import library_ensure
from reporting.models import IndicatorValue, LearningNote, QuarterlyReport
from reporting.services.learning import (
    NoteInput,
    learning_note_write,
    learning_question_answer,
    learning_question_ask,
)

# (library key, theme, baseline, target, start, step per quarter)
INDICATORS = [
    ("space-users", "Community spaces", 120, 400, 130, 18),
    ("volunteers", "Community spaces", 10, 40, 12, 2),
    ("young-people", "Young people", 25, 90, 30, 4),
    ("energy-households", "Health and wellbeing", 0, 300, 20, 15),
    ("ons4-life-satisfaction", "Health and wellbeing", Decimal("6.1"), Decimal("7.0"),
     Decimal("6.2"), Decimal("0.05")),
]  # fmt: skip
QUARTERS = 8  # two years

NOTES = [
    ("Health and wellbeing", "coalfield", "A community fridge in the welfare hall",
     "We put a community fridge in the old miners' welfare hall, stocked each evening with "
     "surplus food from two supermarkets and the Friday market, open to anyone, no questions.",
     "About forty households a week use it. Food waste from the market fell by half, and the "
     "fridge became a reason to come in: the coffee morning doubled.",
     "Agree the cleaning rota and food-safety training before opening, not after the first "
     "complaint. Ask the council's environmental health team to visit early: they helped.",
     "£600 for the fridge, £15 a month for electricity, about six volunteer hours a week."),
    ("Young people", "edge_estate", "Saturday youth club run with young people",
     "Young people on the estate chose the activities and ran the tuck shop themselves.",
     "Numbers rose from 12 to 35 in six months; two young volunteers now run sessions.",
     "Pay for a second youth worker from the start: one was stretched too thin.",
     "£18,000 a year for a youth worker and the hall."),
    ("Community spaces", "coastal", "Reopening the seafront shelter as a meeting place",
     "We leased the empty seafront shelter from the council for a peppercorn rent and fitted "
     "it out with volunteers.", "It is booked most days, mostly by groups that had nowhere "
     "to meet in winter.", "Check the lease's repair terms: the roof was ours to fix.",
     "£42,000 for repairs and fit-out; £3,000 a year to run."),
    ("Health and wellbeing", "post_industrial", "Energy advice at the warm space",
     "An energy adviser came to the warm space every fortnight, with a laptop to check "
     "tariffs and apply for grants on the spot.", "Over 200 households got help; the "
     "average saving was about £180 a year.", "Book appointments: drop-in queues put "
     "older people off.", "£7,500 for the adviser's time over the winter."),
]  # fmt: skip


def _lineage(plan_id: int, key: str) -> str:
    return hashlib.sha256(f"demo:{plan_id}:{key}".encode()).hexdigest()[:32]


def _value(start, step, n: int, odd: bool) -> Decimal:
    value = Decimal(start) + Decimal(step) * n
    if odd:
        value = value / 3  # a drop of more than half: flagged for a question, not refused
    if not isinstance(step, Decimal):
        value = value.to_integral_value()
    return Decimal(value).quantize(Decimal("0.01"))


def _indicators(plan: SpendingPlan, library, themes) -> list[PlanIndicator]:
    target_on = date(plan.allocation.starts_on.year + plan.allocation.term_years, 3, 31)
    rows = []
    for key, theme, baseline, target, *_ in INDICATORS:
        lineage = _lineage(plan.pk, key)
        indicator, _ = PlanIndicator.objects.get_or_create(
            plan=plan, lineage=lineage,
            defaults={
                "theme": themes[theme], "library": library[key], "name": library[key].name,
                "unit": library[key].unit, "baseline": baseline, "target": target,
                "target_on": target_on,
            },
        )  # fmt: skip
        rows.append(indicator)
    return rows


def _values(plan: SpendingPlan, indicators: list[PlanIndicator], index: int) -> int:
    reports = list(
        QuarterlyReport.objects.filter(
            partnership_id=plan.partnership_id,
            status__in=[QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.ACCEPTED],
        )
        .select_related("submitted_by")
        .order_by("-quarter_start")[:QUARTERS]
    )[::-1]
    rows = []
    for n, report in enumerate(reports):
        for i, (indicator, spec) in enumerate(zip(indicators, INDICATORS, strict=True)):
            start, step = spec[4], spec[5]
            not_measured = (n + i + index) % 7 == 3  # now and then, not measured that quarter
            odd = index % 2 == 0 and i == 0 and n == len(reports) - 1
            rows.append(
                IndicatorValue(
                    report=report, indicator=indicator, lineage=indicator.lineage,
                    partnership_id=plan.partnership_id, quarter_start=report.quarter_start,
                    value=None if not_measured else _value(start, step, n, odd),
                    not_measured=not_measured,
                    recorded_by=report.submitted_by,
                )
            )  # fmt: skip
    IndicatorValue.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _writer(partnership) -> User | None:
    return User.objects.filter(
        role_assignments__partnership=partnership,
        role_assignments__role=Role.PARTNERSHIP_CHAIR,
        is_active=True,
    ).first()


def _notes(partnerships, themes) -> int:
    written = 0
    # A handful of notes over however many demo partnerships there are (each may write two).
    for n, (theme, kind, title, tried, happened, differently, costs) in enumerate(NOTES):
        partnership = partnerships[n % len(partnerships)]
        writer = _writer(partnership)
        if writer is None or LearningNote.objects.filter(title=title).exists():
            continue
        learning_note_write(
            partnership_id=partnership.pk,
            actor=writer,
            note=NoteInput(
                title=title, tried=tried, happened=happened, theme_id=themes[theme].pk,
                differently=differently, costs=costs, neighbourhood_kind=kind,
                is_public=written == 0,
            ),
        )  # fmt: skip
        written += 1
    fridge = LearningNote.objects.filter(title=NOTES[0][2]).first()
    if fridge and len(partnerships) > 1 and not fridge.questions.exists():
        asker = _writer(partnerships[1])
        chair = _writer(fridge.partnership)
        if asker is not None:
            question = learning_question_ask(
                note_id=fridge.pk, actor=asker,
                body="How did you persuade the supermarkets to take part? We have asked ours.",
            )  # fmt: skip
            if chair is not None and chair.pk != asker.pk:
                learning_question_answer(
                    question_id=question.pk, actor=chair,
                    body="We went to the store managers, not head office, with a photo of the "
                    "hall's fridge and a promise to collect every evening at closing time.",
                )  # fmt: skip
    return written


def seed(*, stdout) -> None:
    library = {i.key: i for i in library_ensure()}
    themes = {t.name: t for t in Theme.objects.all()}
    demo = Q(partnership__name__endswith=MARK) | Q(allocation__purpose__endswith=MARK)
    plans = list(
        SpendingPlan.objects.filter(demo, status=SpendingPlan.Status.ENDORSED)
        .select_related("allocation", "partnership")
        .order_by("partnership__name")
    )
    if not plans or not all(name in themes for _, name, *_ in INDICATORS):
        stdout.write("Demo outcomes: no endorsed demo plans, nothing to add.")
        return
    values = 0
    with transaction.atomic():
        for index, plan in enumerate(plans):
            if plan.indicators.exists():
                continue
            values += _values(plan, _indicators(plan, library, themes), index)
    notes = _notes([p.partnership for p in plans], themes)
    stdout.write(
        f"Demo outcomes: indicators on {len(plans)} plans, {values} quarterly values, "
        f"{notes} learning notes (search the library for 'community fridge')."
    )
