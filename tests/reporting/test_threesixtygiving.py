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
        {"startDate": "2024-04-01T00:00:00+01:00", "endDate": "2034-03-31T00:00:00+01:00",
         "duration": 120}
    ]  # fmt: skip
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
    assert alpha["Beneficiary Location:0:Geographic Code"] == "E05000001"
    assert alpha["Beneficiary Location:0:Geographic Code Type"] == "WD"
    assert alpha["Disbursement Transaction:0:Value"] == "105000"


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
