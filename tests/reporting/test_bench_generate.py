"""The bench's bulk generator writes data the product accepts: the ledger balances to the penny,
and the run quarter has exactly one due tranche per partnership, which the real release run
releases."""

import pytest

from devtools.bench import generate
from grants.models import Account, Tranche
from grants.selectors.ledger import ledger_check
from grants.services.disbursement import Outcome, tranches_release_due

pytestmark = pytest.mark.django_db


def test_generated_ledger_balances_and_the_run_quarter_releases_one_tranche_each():
    portfolio = generate.portfolio_start(partnerships=3, load_trustees=1, spends_per_partnership=10)
    generate.portfolio_grow(portfolio, upto=3)

    check = ledger_check()
    assert check.balance_differences == []
    assert check.unbalanced_transactions == []
    from grants.selectors.coinvestment import restricted_money_problems

    assert restricted_money_problems() == []
    assert portfolio.rows["tranches"] == 180
    assert Tranche.objects.filter(status=Tranche.Status.RELEASED).count() == 3

    outcomes = tranches_release_due(today=generate.RUN_DAY)

    assert outcomes == {Outcome.RELEASED: 3}
    assert ledger_check().balance_differences == []
    assert Account.objects.get(key="uncommitted").balance > 0


def test_the_summary_floor_computes_the_figures_the_summary_shows(trustee):
    """The floor is only a limit if it computes the same answer: checked here on the
    generator's data, section by section, against what the trustee's summary shows."""
    from cwf.core.money import pence
    from devtools.bench.summary_sql import summary_sql
    from grants.selectors.spending_totals import spend_total_differences
    from reporting.selectors.summary import portfolio_summary

    portfolio = generate.portfolio_start(partnerships=3, load_trustees=1, spends_per_partnership=10)
    generate.portfolio_grow(portfolio, upto=3)
    assert spend_total_differences() == []
    # Money to the penny as Decimal (SQLite's raw cursor returns floats).
    rows = [
        (r[0], r[1], r[2], *(pence(v) if v is not None else None for v in r[3:]))
        for r in summary_sql()
    ]
    section = lambda name: [r for r in rows if r[0] == name]  # noqa: E731
    summary = portfolio_summary(viewer=trustee)

    assert section("spent")[0][3] == summary.headline.spent > 0
    assert section("paid_grant")[0][3] == summary.headline.paid_grant
    region = {r.label: (r.committed, r.released, r.paid) for r in summary.breakdowns[0].rows}
    assert {r[1]: (r[3], r[4], r[5]) for r in section("region")} == region
    by_theme = {row.theme_id: row for row in summary.by_theme.rows if row.spent or row.planned}
    assert {int(r[1]): r[3] for r in section("theme_spent")} == {
        pk: row.spent for pk, row in by_theme.items()
    }
    planned = {}
    for r in section("theme_planned"):
        theme = int(r[1].split(":")[1])
        planned[theme] = planned.get(theme, 0) + r[3]
    assert planned == {pk: row.planned for pk, row in by_theme.items()}
    compliance = summary.attention.compliance
    assert (section("compliance")[0][2], section("compliance")[0][3]) == (
        compliance.due,
        compliance.on_time,
    )
    assert len(section("overdue")) == len(summary.attention.overdue)
    assert len(section("held")) == 1 and section("held")[0][2] == len(summary.attention.held)
    # Leverage (issue 18): the bench has co-investment and local income, and the floor computes
    # the summary's leverage by region to the penny.
    leverage = {
        r.label: (r.leverage.paid, r.leverage.through_fund, r.leverage.local)
        for r in summary.leverage.breakdowns[0].rows
    }
    assert {r[1]: (r[3], r[4], r[5]) for r in section("leverage_region")} == leverage
    assert summary.leverage.total.through_fund > 0 and summary.leverage.total.local > 0
    assert section("pledges_past_due")[0][2] == len(summary.attention.pledges_past_due)


def test_the_bench_writes_learning_notes_and_times_their_search():
    from devtools.bench.learning import learning_notes_generate, learning_search_timing
    from reporting.models import LearningNote

    portfolio = generate.portfolio_start(partnerships=2, load_trustees=0, spends_per_partnership=2)
    generate.portfolio_grow(portfolio, upto=2)
    assert LearningNote.objects.count() == 2 * generate.NOTES_PER_PARTNERSHIP
    learning_notes_generate(writer=portfolio.people.proposer, count=50)
    result = learning_search_timing(viewer=portfolio.people.trustee, repeat=1)
    assert result["learning_notes"] == 50 + 2 * generate.NOTES_PER_PARTNERSHIP
    assert result["learning_search_ms"] >= 0
