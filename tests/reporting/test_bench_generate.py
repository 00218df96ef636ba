"""The bench's bulk generator writes data the product accepts: the ledger balances to the penny,
and the run quarter has exactly one due tranche per partnership, which the real release run
releases."""

import pytest

from grants.models import Account, Tranche
from grants.selectors.ledger import ledger_check
from grants.services.disbursement import Outcome, tranches_release_due
from reporting.bench import generate

pytestmark = pytest.mark.django_db


def test_generated_ledger_balances_and_the_run_quarter_releases_one_tranche_each():
    portfolio = generate.portfolio_start(partnerships=3, load_trustees=1, spends_per_partnership=10)
    generate.portfolio_grow(portfolio, upto=3)

    check = ledger_check()
    assert check.balance_differences == []
    assert check.unbalanced_transactions == []
    assert portfolio.rows["tranches"] == 180
    assert Tranche.objects.filter(status=Tranche.Status.RELEASED).count() == 3

    outcomes = tranches_release_due(today=generate.RUN_DAY)

    assert outcomes == {Outcome.RELEASED: 3}
    assert ledger_check().balance_differences == []
    assert Account.objects.get(key="uncommitted").balance > 0
