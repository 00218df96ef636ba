"""A small portfolio built through the real services, with figures worked out by hand:

Endowment: £10,000,000 of capital (dormant assets), on 1 April 2024.
Alpha (North East, ward E05000001, 5,000 people, IMD decile 1, CNI decile 1):
    £1,000,000 over 10 years, paid yearly from 1 April 2024: ten tranches of £100,000 plus
    the 5% LTO contribution (£105,000 each). Tranches 1 and 2 released (2024, 2025);
    tranche 1 paid on 10 April 2024; tranche 3 on hold.
Beta (North West, ward E05000002, 10,000 people, IMD decile 2, CNI decile 1):
    £2,000,000 over 10 years from 1 April 2024, approved, no funding agreement yet.

committed   £1,050,000 + £2,100,000            = £3,150,000.00
released    2 x £105,000                       =   £210,000.00
paid        1 x £105,000                       =   £105,000.00
spent       Alpha's logged spend, one decision =   £100,000.00
uncommitted £10,000,000 - £3,150,000           = £6,850,000.00
per head    £3,150,000 / 15,000 people         =       £210.00 committed, £7.00 paid
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from grants.models import Frequency, Tranche
from grants.services.disbursement import tranche_release
from grants.services.payments import tranches_mark_paid
from grants.services.plans import themes_ensure
from grants.services.spending import SpendInput, spend_log
from grants.services.tranches import tranche_hold
from partnerships.models import Neighbourhood
from tests.factories import PartnershipFactory, Role, user_with_role
from tests.grants import scenario as money
from tests.grants.plan_scenario import agreed_decision

START = date(2024, 4, 1)


@dataclass
class Portfolio:
    officer: object
    approver: object
    alpha: object
    beta: object
    alpha_allocation: object
    beta_allocation: object


def ward(code: str, name: str, region: str, population: int, imd: int, cni: int) -> Neighbourhood:
    return Neighbourhood.objects.create(
        code=code, kind="ward", name=name, region=region, population=population,
        imd_decile=imd, cni_decile=cni,
    )  # fmt: skip


def build() -> Portfolio:
    officer, approver = money.officers()
    money.fund(officer, amount="10000000.00", on=START)
    alpha = PartnershipFactory(name="Alpha Big Local")
    alpha.neighbourhoods.add(ward("E05000001", "Alpha Ward", "North East", 5000, 1, 1))
    beta = PartnershipFactory(name="Beta Big Local")
    beta.neighbourhoods.add(ward("E05000002", "Beta Ward", "North West", 10000, 2, 1))
    a = money.active(officer, approver, partnership=alpha, frequency=Frequency.ANNUAL,
                     amount="1000000.00", term_years=10, starts_on=START)  # fmt: skip
    money.lto_for(beta, contact_email="treasurer@beta-trust.example")
    b = money.approved(officer, approver, partnership=beta, amount="2000000.00", term_years=10,
                       starts_on=START)  # fmt: skip
    tranches = list(a.tranches.order_by("sequence"))
    tranche_release(tranche_id=tranches[0].pk, today=date(2024, 4, 1))
    tranche_release(tranche_id=tranches[1].pk, today=date(2025, 4, 1))
    tranches_mark_paid(tranche_ids=[tranches[0].pk], actor=officer, bank_reference="BACS-1",
                       paid_on=date(2024, 4, 10))  # fmt: skip
    tranche_hold(tranche_id=tranches[2].pk, actor=officer, reason="Quarterly report missing")
    _alpha_spends(officer, alpha)
    return Portfolio(officer, approver, alpha, beta, a, b)


def _alpha_spends(officer, alpha) -> None:
    """Alpha spends tranche 1's grant money, £100,000, on a decision the partnership agreed."""
    decision = agreed_decision(alpha, officer, amount="100000.00", title="Community hub")
    resident = user_with_role(Role.RESIDENT_MEMBER, alpha)
    theme = themes_ensure()[0]
    spend_log(
        partnership_id=alpha.pk,
        actor=resident,
        data=SpendInput(
            spent_on=date(2024, 6, 1), amount="100000.00", payee="Hub Builders Ltd",
            description="Community hub refit", theme_id=theme.pk, decision_id=decision.pk,
        ),
    )  # fmt: skip


def add_partnerships(count: int, officer, approver) -> None:
    """More funded partnerships, each with an active allocation and one paid tranche, to show
    that query counts do not grow with the portfolio."""
    for n in range(count):
        p = PartnershipFactory(name=f"Extra {n} Big Local")
        p.neighbourhoods.add(ward(f"E0510{n:04d}", f"Extra {n}", "Yorkshire and The Humber",
                                  3000 + n, 1 + n % 10, 1 + n % 10))  # fmt: skip
        allocation = money.active(officer, approver, partnership=p, frequency=Frequency.ANNUAL,
                                  amount="1000000.00", term_years=10, starts_on=START)  # fmt: skip
        first = allocation.tranches.order_by("sequence").first()
        tranche_release(tranche_id=first.pk, today=START)
        tranches_mark_paid(tranche_ids=[first.pk], actor=officer, bank_reference=f"B{n}",
                           paid_on=START)  # fmt: skip


D = Decimal
__all__ = ["D", "Portfolio", "Tranche", "add_partnerships", "build"]
