"""Scenario data for the reporting tests, built through the real services: an active allocation
(quarterly tranches from 1 April 2024) for a partnership with a chair and a lead officer."""

from __future__ import annotations

from datetime import date

from grants.models import Frequency
from reporting.models import QuarterlyReport
from reporting.services.periods import report_periods_create
from reporting.services.reports import Narrative
from tests.factories import PartnershipFactory, Role, user_with_role
from tests.grants.scenario import active, fund, officers

COMPLETE = Narrative(
    what_happened="We opened the community hub.",
    outcome_needs="Residents ran a needs survey.",
    outcome_skills="Twelve people trained as first-aiders.",
    outcome_difference="The food bank moved into the hub.",
    outcome_place="We planted forty trees.",
    people_involved=140,
    volunteers=23,
)


class World:
    def __init__(self, name="Riverside Partnership"):
        self.officer, self.second = officers()
        fund(self.officer)
        self.partnership = PartnershipFactory(name=name, lead_officer=self.officer)
        self.chair = user_with_role(
            Role.PARTNERSHIP_CHAIR, self.partnership, email=f"chair@{self.partnership.pk}.test"
        )
        self.resident = user_with_role(
            Role.RESIDENT_MEMBER, self.partnership, email=f"resident@{self.partnership.pk}.test"
        )
        self.allocation = active(
            self.officer,
            self.second,
            partnership=self.partnership,
            frequency=Frequency.QUARTERLY,
        )

    def pay_released(self, on: date) -> None:
        """The officer marks the released tranches paid: the LTO has received them."""
        from grants.models import Tranche
        from grants.services.payments import tranches_mark_paid

        ids = list(
            self.allocation.tranches.filter(status=Tranche.Status.RELEASED).values_list(
                "pk", flat=True
            )
        )
        tranches_mark_paid(tranche_ids=ids, actor=self.officer, bank_reference="BACS", paid_on=on)

    def first_report(self, today=date(2024, 7, 2)) -> QuarterlyReport:
        report_periods_create(today=today)
        return QuarterlyReport.objects.get(
            allocation=self.allocation, quarter_start=date(2024, 4, 1)
        )
