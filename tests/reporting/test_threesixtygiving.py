"""The 360Giving export validates against the official schema (no error allowed), carries the
fields the standard asks for, and holds no personal data."""

import csv
import datetime
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from partnerships.models import LtoContact
from reporting import threesixtygiving
from tests.conftest import signed_in
from tests.reporting import scenario

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "360giving"
REMOTE_GRANT_SCHEMA = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/"
    "360-giving-schema.json"
)


def validator() -> jsonschema.Draft202012Validator:
    """The package schema, with its remote reference to the grant schema resolved to the local
    copy; the files say "http://json-schema.org/draft/2020-12/schema", which validator_for does
    not recognise, so Draft 2020-12 is named explicitly. Date-times are checked for real."""
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    grant_resource = Resource.from_contents(grant, default_specification=DRAFT202012)
    registry = Registry().with_resources(
        [(REMOTE_GRANT_SCHEMA, grant_resource), (grant["$id"], grant_resource)]
    )
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        return (
            not isinstance(value, str) or datetime.datetime.fromisoformat(value).tzinfo is not None
        )

    return jsonschema.Draft202012Validator(package, registry=registry, format_checker=checker)


@pytest.fixture
def portfolio():
    return scenario.build()


def test_the_package_validates_against_the_official_schema(portfolio, trustee):
    package = threesixtygiving.package(viewer=trustee)
    errors = sorted(validator().iter_errors(package), key=lambda e: list(e.path))
    assert errors == [], "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert len(package["grants"]) == 2


def test_a_broken_grant_is_caught_by_the_validator(portfolio, trustee):
    package = threesixtygiving.package(viewer=trustee)
    del package["grants"][0]["recipientOrganization"]
    package["grants"][1]["awardDate"] = "last Tuesday"
    assert len(list(validator().iter_errors(package))) >= 2


def test_each_grant_carries_the_allocation(portfolio, trustee):
    grants = {g["title"]: g for g in threesixtygiving.package(viewer=trustee)["grants"]}
    alpha = grants["Community Wealth Fund: Alpha Big Local"]
    assert alpha["id"] == f"360G-cwf-allocation-{portfolio.alpha_allocation.pk}"
    assert alpha["currency"] == "GBP"
    assert alpha["amountAwarded"] == 1050000
    # Disbursed is what was paid: tranche 1 (tranche 2 is released, not yet paid).
    assert alpha["amountDisbursed"] == 105000
    assert alpha["plannedDates"] == [
        {"startDate": "2024-04-01", "endDate": "2034-03-31", "duration": 120}
    ]
    assert alpha["beneficiaryLocation"] == [
        {"name": "Alpha Ward", "geoCode": "E05000001", "geoCodeType": "WD", "countryCode": "GB"}
    ]
    assert [t["value"] for t in alpha["disbursementTransaction"]] == [105000]
    assert alpha["regrantType"] == "FRG010"
    assert alpha["fundingOrganization"] == [
        {"id": "360G-cwf-fund", "name": "Community Wealth Fund"}
    ]
    recipient = alpha["recipientOrganization"][0]
    assert recipient["name"] == "Alpha Big Local Trust"
    # Beta has no funding agreement yet: its LTO link names the recipient, nothing is disbursed.
    beta = grants["Community Wealth Fund: Beta Big Local"]
    assert beta["amountDisbursed"] == 0 and "disbursementTransaction" not in beta


def test_the_recipient_is_named_by_its_org_id(portfolio, trustee):
    lto = portfolio.alpha_allocation.funding_agreement.lto
    lto.charity_number = "1123456"
    lto.save()
    grant = threesixtygiving.package(viewer=trustee)["grants"][0]
    assert grant["recipientOrganization"][0]["id"] == "GB-CHC-1123456"
    assert grant["recipientOrganization"][0]["charityNumber"] == "1123456"


def test_no_personal_data_in_the_export(portfolio, trustee, settings):
    LtoContact.objects.update(name="Lee Treasurer", email="lee@lto.example", phone="0191 000 0000")
    people = [portfolio.officer, portfolio.approver, trustee]
    text = threesixtygiving.package_json(viewer=trustee) + threesixtygiving.package_csv(
        viewer=trustee
    )
    for person in people:
        assert person.email not in text and person.full_name not in text
    for secret in ("Lee Treasurer", "lee@lto.example", "0191 000 0000", "@"):
        assert secret not in text


def test_the_flat_csv_has_one_row_per_grant(portfolio, trustee):
    rows = list(csv.DictReader(io.StringIO(threesixtygiving.package_csv(viewer=trustee))))
    assert len(rows) == 2
    alpha = next(r for r in rows if r["Title"].endswith("Alpha Big Local"))
    assert alpha["Amount Awarded"] == "1050000"
    assert alpha["beneficiaryLocation/0/geoCode"] == "E05000001"
    assert alpha["beneficiaryLocation/0/geoCodeType"] == "WD"
    assert alpha["disbursementTransaction/0/value"] == "105000"
    assert alpha["disbursementTransaction/0/transactionDate"] == "2024-04-10"


def test_page_api_and_command_give_the_same_grants(portfolio, trustee, tmp_path):
    client = signed_in(trustee)
    page = client.get("/portfolio/360giving/")
    assert page.status_code == 200 and "2 grants" in page.content.decode()
    download = client.get("/portfolio/360giving/grants.json")
    assert download["Content-Disposition"].startswith('attachment; filename="360G-cwf-grants-')
    from_page = json.loads(download.content)
    from_api = client.get("/api/v1/360giving/").json()
    out = tmp_path / "grants.json"
    call_command("export_360giving", "--output", str(out))
    from_command = json.loads(out.read_text())
    ids = [g["id"] for g in from_page["grants"]]
    assert ids == [g["id"] for g in from_api["grants"]] == [g["id"] for g in from_command["grants"]]
    assert client.get("/portfolio/360giving/grants.csv")["Content-Type"].startswith("text/csv")


def test_the_same_data_exports_the_same_file_whenever_it_is_asked_for(portfolio, trustee):
    from unittest import mock

    from django.utils import timezone

    first = threesixtygiving.package_json(viewer=trustee)
    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert threesixtygiving.package_json(viewer=trustee) == first


# --- Issue 14: withdrawn grants, the flat CSV read back by flattentool, dataset metadata -------
def _withdraw(portfolio, allocation, reason: str) -> None:
    """Money is committed, so one officer proposes the withdrawal and a second approves it."""
    from grants.models import AllocationAmendment
    from grants.services.amendments import amendment_approve, amendment_propose

    amendment = amendment_propose(
        allocation_id=allocation.pk, actor=portfolio.officer,
        kind=AllocationAmendment.Kind.WITHDRAWAL, reason=reason,
    )  # fmt: skip
    amendment_approve(amendment_id=amendment.pk, actor=portfolio.approver)


def _withdraw_alpha(portfolio):
    _withdraw(
        portfolio, portfolio.alpha_allocation,
        "The partnership dissolved; Lee Treasurer's e-mail is lee@lto.example",
    )  # fmt: skip


def test_a_withdrawn_grant_stays_published_with_what_was_paid(portfolio, trustee):
    _withdraw_alpha(portfolio)
    package = threesixtygiving.package(viewer=trustee)
    assert list(validator().iter_errors(package)) == []
    alpha = next(g for g in package["grants"] if g["title"].endswith("Alpha Big Local"))
    # £1,050,000 awarded; tranche 1 (£105,000) was paid before the withdrawal.
    assert alpha["amountAwarded"] == alpha["amountDisbursed"] == 105000
    assert "Withdrawn on" in alpha["description"]
    assert "of the £1,050,000.00 awarded, £105,000.00 had been paid" in alpha["description"]
    assert "lee@lto.example" not in json.dumps(package)  # the officer's reason is not published
    rows = list(csv.DictReader(io.StringIO(threesixtygiving.package_csv(viewer=trustee))))
    assert any(r["Identifier"] == alpha["id"] and r["Amount Awarded"] == "105000" for r in rows)


def test_a_grant_withdrawn_before_any_payment_is_left_out(portfolio, trustee):
    _withdraw(portfolio, portfolio.beta_allocation, "Not needed")
    titles = [g["title"] for g in threesixtygiving.package(viewer=trustee)["grants"]]
    assert titles == ["Community Wealth Fund: Alpha Big Local"]


def unflattened(csv_text: str, tmp_path) -> dict:
    """The flat CSV read back by flattentool, as GrantNav's checks read it: column titles
    converted through the grant schema."""
    import flattentool

    folder = tmp_path / "flat"
    folder.mkdir()
    (folder / "grants.csv").write_text(csv_text, encoding="utf-8")
    out = tmp_path / "unflattened.json"
    flattentool.unflatten(
        str(folder), input_format="csv", output_name=str(out), root_list_path="grants",
        root_id="", schema=str(SCHEMAS / "360-giving-schema.json"), convert_titles=True,
    )  # fmt: skip
    return json.loads(out.read_text())


def test_the_flat_csv_converts_back_to_the_same_grants_and_transactions(
    portfolio, trustee, tmp_path
):
    from grants.services.agreements import funding_agreement_issue
    from grants.services.disbursement import tranche_release
    from grants.services.payments import tranches_mark_paid

    _withdraw_alpha(portfolio)
    # Beta gets its agreement and two payments, so two grants carry transactions.
    funding_agreement_issue(
        allocation_id=portfolio.beta_allocation.pk, actor=portfolio.officer, frequency="annual"
    )
    tranches = list(portfolio.beta_allocation.tranches.order_by("sequence")[:2])
    for n, tranche in enumerate(tranches):
        tranche_release(tranche_id=tranche.pk, today=datetime.date(2024 + n, 4, 1))
    tranches_mark_paid(
        tranche_ids=[t.pk for t in tranches], actor=portfolio.officer, bank_reference="BACS-9",
        paid_on=datetime.date(2025, 4, 5),
    )  # fmt: skip
    package = threesixtygiving.package(viewer=trustee)
    back = unflattened(threesixtygiving.package_csv(viewer=trustee), tmp_path)
    assert back["grants"] == package["grants"]
    payments = sum(len(g.get("disbursementTransaction", [])) for g in back["grants"])
    assert payments == 3
    assert list(validator().iter_errors({**package, "grants": back["grants"]})) == []


def test_the_package_carries_its_metadata(portfolio, trustee, settings):
    settings.FUND_ORG_ID = "GB-CHC-1234567"
    settings.SITE_URL = "https://grants.example.org"
    package = threesixtygiving.package(viewer=trustee)
    assert list(validator().iter_errors(package)) == []
    assert package["publisher"] == {
        "name": "Community Wealth Fund", "identifier": "GB-CHC-1234567",
        "website": "https://grants.example.org",
    }  # fmt: skip
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["identifier"] == "360G-cwf-grants"
    latest = max(g["dateModified"] for g in package["grants"])
    assert package["issued"] == package["modified"] == latest
    assert package["version"] == "1.4"
    grant = package["grants"][0]
    assert grant["fundingOrganization"][0]["id"] == "GB-CHC-1234567"
    assert grant["disbursementTransaction"][0]["transactionDate"] == "2024-04-10"


def test_the_command_warns_when_the_fund_org_id_is_not_set(portfolio, settings, tmp_path):
    settings.FUND_ORG_ID = ""
    err = io.StringIO()
    call_command("export_360giving", "--output", str(tmp_path / "g.json"), stderr=err)
    assert "Warning: FUND_ORG_ID is not set" in err.getvalue()
    settings.FUND_ORG_ID = "GB-CHC-1234567"
    err = io.StringIO()
    call_command("export_360giving", "--output", str(tmp_path / "g.json"), stderr=err)
    assert "FUND_ORG_ID" not in err.getvalue()


def test_the_term_ends_on_the_same_day_on_the_page_and_in_360giving(portfolio, trustee):
    allocation = portfolio.alpha_allocation
    grant = threesixtygiving.package(viewer=trustee)["grants"][0]
    page = signed_in(trustee).get(f"/grants/allocations/{allocation.pk}/").content.decode()
    assert grant["plannedDates"][0]["endDate"] == "2034-03-31"
    assert "1 Apr 2024 to 31 Mar 2034" in page
    api = signed_in(portfolio.officer).get(f"/api/v1/allocations/{allocation.pk}/").json()
    assert api["ends_on"] == "2034-03-31"
