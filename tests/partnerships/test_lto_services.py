import datetime

import pytest

from cwf.core.errors import DomainError, ScopeError
from partnerships.models import PartnershipLto
from partnerships.services import ltos
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.officer_user()


def _save(officer, **kwargs):
    return ltos.lto_save(actor=officer, **{"name": "Grange Trust", **kwargs})


def test_numbers_are_tidied_and_shown_as_org_ids(officer):
    lto = _save(officer, charity_number=" 1164 883 ", company_number="sc123456")
    assert (lto.charity_number, lto.company_number) == ("1164883", "SC123456")
    assert lto.org_ids == ["GB-CHC-1164883", "GB-COH-SC123456"]
    assert _save(officer, name="Scottish", charity_number="SC012345").org_id == "GB-SC-SC012345"
    assert _save(officer, name="NI", charity_number="NIC101234").org_id == "GB-NIC-101234"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("charity_number", "12345", "Enter a charity number"),
        ("charity_number", "ABC1234", "Enter a charity number"),
        ("company_number", "1234567", "Enter a company number"),
        ("company_number", "GB-COH-1234", "Enter a company number"),
    ],
)
def test_invalid_numbers_are_refused_with_the_pattern(officer, field, value, expected):
    with pytest.raises(DomainError) as exc:
        _save(officer, **{field: value})
    assert exc.value.field == field
    assert expected in exc.value.message


def test_a_number_can_be_in_the_register_once(officer):
    _save(officer, charity_number="1164883")
    with pytest.raises(DomainError, match="Grange Trust is already in the register with charity"):
        _save(officer, name="Copy", charity_number="1164883")


def test_due_diligence_needs_a_date_once_decided(officer):
    with pytest.raises(DomainError, match="Enter the date due diligence"):
        _save(officer, due_diligence_status="passed")
    with pytest.raises(DomainError, match="cannot be in the future"):
        _save(
            officer,
            due_diligence_status="failed",
            due_diligence_date=datetime.date.today() + datetime.timedelta(days=2),
        )


def test_only_officers_change_the_register(officer):
    for role in (Role.TRUSTEE, Role.PARTNERSHIP_CHAIR):
        with pytest.raises(ScopeError):
            _save(user_with_role(role, f.partnership(officer, name=f"P {role}")))


def test_a_new_link_ends_the_current_one_and_keeps_history(officer):
    made = f.partnership(officer, lto_passed=None)
    first, second = f.lto(officer, name="First"), f.lto(officer, name="Second")
    ltos.lto_link(
        actor=officer, partnership_id=made.pk, lto_id=first.pk, starts_on=datetime.date(2024, 1, 1)
    )
    ltos.lto_link(
        actor=officer, partnership_id=made.pk, lto_id=second.pk, starts_on=datetime.date(2025, 4, 1)
    )
    links = list(PartnershipLto.objects.filter(partnership=made).order_by("starts_on"))
    assert [(link.lto.name, link.ends_on) for link in links] == [
        ("First", datetime.date(2025, 3, 31)),
        ("Second", None),
    ]
    assert made.active_lto_link().lto == second


def test_a_link_cannot_start_before_the_current_one(officer):
    made = f.partnership(officer)
    current = made.active_lto_link()
    with pytest.raises(DomainError, match="must start after the current one"):
        ltos.lto_link(
            actor=officer,
            partnership_id=made.pk,
            lto_id=f.lto(officer, name="Other").pk,
            starts_on=current.starts_on,
        )
    with pytest.raises(DomainError, match="already this partnership's LTO"):
        ltos.lto_link(
            actor=officer,
            partnership_id=made.pk,
            lto_id=current.lto_id,
            starts_on=datetime.date(2025, 1, 1),
        )


def test_an_lto_that_failed_due_diligence_cannot_be_linked(officer):
    made = f.partnership(officer, lto_passed=None)
    failed = _save(officer, due_diligence_status="failed", due_diligence_date=f.LONG_AGO)
    with pytest.raises(DomainError, match="failed due diligence"):
        ltos.lto_link(actor=officer, partnership_id=made.pk, lto_id=failed.pk, starts_on=f.LONG_AGO)


def test_ending_a_link(officer):
    made = f.partnership(officer)
    link = made.active_lto_link()
    with pytest.raises(DomainError, match="cannot end before it started"):
        ltos.lto_link_end(
            actor=officer, link_id=link.pk, ends_on=link.starts_on - datetime.timedelta(days=1)
        )
    ltos.lto_link_end(actor=officer, link_id=link.pk, ends_on=datetime.date(2025, 1, 1))
    assert made.active_lto_link() is None
