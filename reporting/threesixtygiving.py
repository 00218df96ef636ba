"""Every approved allocation as a 360Giving grant: a JSON package (the grants with the dataset's
metadata) and the flat CSV, for GrantNav and anyone else. Validated against the official schema
in the tests (tests/fixtures/360giving/), and the CSV converted back with flattentool, the
standard's own tool, must give the same grants.

What is published: the allocation (amount with the LTO management contribution, which the LTO
receives too), its award date and term, the LTO (the recipient in law) with its org-id, the
fund, the neighbourhoods' ward codes, and each payment (disbursed means paid: money that reached
the LTO, grants.selectors.money). What is never published: people. No names, e-mails or phone
numbers of members, officers or LTO contacts, and no free-text reason an officer typed.

Withdrawn grants: 360Giving's publisher guidance is to update a grant that changed after it was
awarded and to remove one that was awarded but did not go ahead. So a withdrawn allocation that
paid the LTO anything stays published, with `amountAwarded` reduced to what was paid (the award
as it stood when it ended; the standard's amounts are the award, so this is the honest figure),
`amountDisbursed` the same, and the original award and the withdrawal date in `description`;
one withdrawn before any payment did not go ahead and is left out.

Dates: days (the term, each payment, the award) are plain YYYY-MM-DD dates; `dateModified` and
the package's `modified` are full date-times, as the standard asks. Validate with a format
checker, as the 360Giving tools do: without one, a plain date matches both branches of the
schema's date `oneOf`."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.money import format_gbp
from cwf.core.spreadsheets import csv_writer
from grants.models import Account, Allocation, Tranche
from grants.selectors.money import PAID
from partnerships.models import Neighbourhood, PartnershipLto

PUBLISHED = (
    Allocation.Status.APPROVED,
    Allocation.Status.ACTIVE,
    Allocation.Status.CLOSING,
    Allocation.Status.CLOSED,
    Allocation.Status.WITHDRAWN,  # only once money was paid: see grant()
)
GEO_CODE_TYPES = {Neighbourhood.Kind.WARD: "WD", Neighbourhood.Kind.LSOA: "LSOA"}
# The 360Giving Data Standard version the package follows (tests/fixtures/360giving).
STANDARD_VERSION = "1.4"


def prefix() -> str:
    return settings.THREESIXTYGIVING_PREFIX


def grant_id(allocation: Allocation) -> str:
    return f"{prefix()}-allocation-{allocation.pk}"


def funder() -> dict:
    return {
        "id": settings.FUND_ORG_ID or f"{prefix()}-fund",
        "name": settings.FUND_NAME,
    }


def _day(value: datetime.date | datetime.datetime) -> str:
    """A plain YYYY-MM-DD date (a moment becomes its day in UK time)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _moment(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _number(amount: Decimal) -> float | int:
    """A JSON number for an amount of money (pence are exact in a float below £10bn)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def allocations_for_export(*, viewer) -> QuerySet[Allocation]:
    """The approved allocations with everything a grant needs: five queries in all (the fifth:
    co-funders' restricted money paid to each partnership, so a co-funded grant names every
    funding organisation)."""
    if not permissions.sees_portfolio(viewer):
        return Allocation.objects.none()
    # Disbursed means paid: money that reached the LTO (grants.selectors.money, docs/money.md).
    paid = Tranche.objects.filter(PAID).select_related("release")
    active_links = PartnershipLto.objects.filter(ends_on__isnull=True).select_related("lto")
    return (
        Allocation.objects.filter(status__in=PUBLISHED, approved_at__isnull=False)
        .select_related("partnership", "funding_agreement__lto")
        .prefetch_related(
            "partnership__neighbourhoods",
            Prefetch("partnership__lto_links", queryset=active_links, to_attr="active_links"),
            Prefetch(
                "tranches", queryset=paid.order_by("paid_on", "sequence"), to_attr="paid_tranches"
            ),
            Prefetch(
                "partnership__restricted_ledger_accounts",
                queryset=Account.objects.filter(kind=Account.Kind.RESTRICTED_PAID, balance__gt=0)
                .select_related("pledge__co_funder")
                .order_by("pledge__co_funder__name", "pk"),
                to_attr="co_funded",
            ),
        )
        .order_by("pk")
    )


def recipient(allocation: Allocation):
    """The LTO of the funding agreement, or before one is issued the partnership's LTO."""
    agreement = getattr(allocation, "funding_agreement", None)
    if agreement is not None:
        return agreement.lto
    links = allocation.partnership.active_links
    return links[0].lto if links else None


def _organisation(lto) -> dict:
    org = {"id": lto.org_id or f"{prefix()}-lto-{lto.pk}", "name": lto.name}
    if lto.charity_number:
        org["charityNumber"] = lto.charity_number
    if lto.company_number:
        org["companyNumber"] = lto.company_number
    return org


def last_modified(allocation: Allocation) -> datetime.datetime:
    """When the grant last changed: its approval, activation, close-out or latest release. Not
    the time of the export, so the same data gives the same file (and the same ETag)."""
    moments = [
        allocation.approved_at,
        allocation.activated_at,
        allocation.close_out_started_at,
        allocation.closed_at,
        allocation.withdrawn_at,
        *(t.paid_recorded_at for t in allocation.paid_tranches),
    ]
    return max(m for m in moments if m is not None).replace(microsecond=0)


def co_funders(allocation: Allocation) -> list[tuple[object, Decimal]]:
    """(co-funder, restricted money it paid through the fund to this partnership), by name."""
    paid: dict[int, tuple[object, Decimal]] = {}
    for account in allocation.partnership.co_funded:
        funder_ = account.pledge.co_funder
        _, before = paid.get(funder_.pk, (funder_, Decimal(0)))
        paid[funder_.pk] = (funder_, before + account.balance)
    return list(paid.values())


def _co_funder_organisation(co_funder) -> dict:
    if co_funder.is_individual:
        # A private person is not named (nor identified by any number), as people paid are not.
        return {"id": f"{prefix()}-private-donor-{co_funder.pk}", "name": co_funder.public_name}
    org = {"id": co_funder.org_id or f"{prefix()}-cofunder-{co_funder.pk}", "name": co_funder.name}
    if co_funder.charity_number:
        org["charityNumber"] = co_funder.charity_number
    if co_funder.company_number:
        org["companyNumber"] = co_funder.company_number
    return org


def grant(allocation: Allocation) -> dict | None:
    """One grant, or None when there is nothing to publish: no LTO to name as recipient yet, or
    withdrawn before any payment (it did not go ahead)."""
    lto = recipient(allocation)
    if lto is None:
        return None
    partnership = allocation.partnership
    gid = grant_id(allocation)
    paid = sum((t.total for t in allocation.paid_tranches), Decimal(0))
    awarded = allocation.amount + allocation.management_contribution
    description = allocation.purpose.strip() or (
        f"A long-term allocation to {partnership.name}, a resident-led partnership, "
        f"over {allocation.term_years} years. {lto.name} receives, holds and accounts for "
        "the money on the partnership's behalf; residents decide how it is spent."
    )
    if allocation.status == Allocation.Status.WITHDRAWN:
        if not allocation.paid_tranches:
            return None
        description += (
            f" Withdrawn on {_day(allocation.withdrawn_at)}: of the {format_gbp(awarded)} "
            f"awarded, {format_gbp(paid)} had been paid, and the award is shown as that amount."
        )
        awarded = paid
    others = co_funders(allocation)
    if others:
        description += (
            " Co-funded through the fund: "
            + "; ".join(
                f"{co_funder.public_name} paid {format_gbp(amount)} of restricted money to "
                f"{lto.name}"
                for co_funder, amount in others
            )
            + "."
        )
    transactions = [
        {
            "id": f"{gid}-payment-{t.sequence}",
            "transactionDate": _day(t.paid_on),
            "value": _number(t.total),
            "currency": "GBP",
            "description": f"Payment {t.number} of the schedule, with the LTO contribution",
        }
        for t in allocation.paid_tranches
    ]
    data = {
        "id": gid,
        "title": f"{settings.FUND_NAME}: {partnership.name}",
        "description": description,
        "currency": "GBP",
        "amountAwarded": _number(awarded),
        "awardDate": _day(allocation.approved_at),
        "plannedDates": [
            {
                "startDate": _day(allocation.starts_on),
                "endDate": _day(allocation.last_day),
                "duration": allocation.term_years * 12,
            }
        ],
        "recipientOrganization": [_organisation(lto)],
        "fundingOrganization": [funder()] + [_co_funder_organisation(c) for c, _ in others],
        "beneficiaryLocation": [
            {
                "name": n.name or n.code,
                "geoCode": n.code,
                "geoCodeType": GEO_CODE_TYPES[n.kind],
                "countryCode": "GB",
            }
            for n in partnership.neighbourhoods.all()
        ],
        "amountDisbursed": _number(paid),
        "disbursementTransaction": transactions,
        "grantProgramme": [{"title": f"{settings.FUND_NAME} allocations"}],
        "dateModified": _moment(last_modified(allocation)),
    }
    if settings.THREESIXTYGIVING_REGRANT_TYPE:
        data["regrantType"] = settings.THREESIXTYGIVING_REGRANT_TYPE
    if not data["beneficiaryLocation"]:
        del data["beneficiaryLocation"]
    if not transactions:
        del data["disbursementTransaction"]
    return data


def grants(allocations: Iterable[Allocation]) -> list[dict]:
    return [g for g in (grant(a) for a in allocations) if g is not None]


def package_metadata(grant_list: list[dict]) -> dict:
    """The dataset's metadata, as the package schema describes it: the publisher (the fund, with
    its org-id when FUND_ORG_ID is set), the licence, when it was issued and last modified (the
    latest change to any grant, so the same data gives the same file), and an identifier."""
    modified = max((g["dateModified"] for g in grant_list), default=None)
    publisher = {"name": settings.FUND_NAME}
    if settings.FUND_ORG_ID:
        publisher["identifier"] = settings.FUND_ORG_ID
    site = settings.SITE_URL.rstrip("/")
    if site.startswith(("http://", "https://")):
        publisher["website"] = site
    meta = {
        "version": STANDARD_VERSION,
        "title": f"{settings.FUND_NAME}: grants to partnerships",
        "description": (
            f"Every allocation {settings.FUND_NAME} has approved to a resident-led partnership, "
            "paid to its Locally Trusted Organisation, with each payment."
        ),
        "identifier": f"{prefix()}-grants",
        "publisher": publisher,
        "license": settings.THREESIXTYGIVING_LICENSE,
    }
    if modified:
        meta["issued"] = meta["modified"] = modified
    return meta


def package(*, viewer) -> dict:
    grant_list = grants(allocations_for_export(viewer=viewer))
    return {**package_metadata(grant_list), "grants": grant_list}


def package_json(*, viewer) -> str:
    return json.dumps(package(viewer=viewer), indent=2, ensure_ascii=False)


# The flat CSV, one row per grant, with the column headings the standard's tools read
# (flattentool, which GrantNav's checks use): the schema's titles for single values and for the
# lists it rolls up into one column (Planned Dates, Recipient Org, Funding Org, Grant Programme),
# and JSON-pointer paths (beneficiaryLocation/0/geoCode) for the lists a grant has several of,
# which have no titles in the schema.
FLAT_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"]),
    ("Planned Dates:Duration (months)", lambda g: g["plannedDates"][0]["duration"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    (
        "Recipient Org:Charity Number",
        lambda g: g["recipientOrganization"][0].get("charityNumber", ""),
    ),
    (
        "Recipient Org:Company Number",
        lambda g: g["recipientOrganization"][0].get("companyNumber", ""),
    ),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("Amount Disbursed", lambda g: g["amountDisbursed"]),
    ("For Regrant Type", lambda g: g.get("regrantType", "")),
    ("Last Modified", lambda g: g["dateModified"]),
]
LOCATION_KEYS = ("name", "geoCode", "geoCodeType", "countryCode")
FUNDER_KEYS = ("id", "name", "charityNumber", "companyNumber")
TRANSACTION_KEYS = ("id", "transactionDate", "value", "currency", "description")


def package_csv(*, viewer) -> str:
    rows = grants(allocations_for_export(viewer=viewer))
    most_places = max((len(g.get("beneficiaryLocation", [])) for g in rows), default=0)
    most_payments = max((len(g.get("disbursementTransaction", [])) for g in rows), default=0)
    # The fund is funding organisation 0 (its flat columns); co-funders follow, from 1.
    most_funders = max((len(g["fundingOrganization"]) - 1 for g in rows), default=0)
    lists = (
        ("beneficiaryLocation", LOCATION_KEYS, most_places, 0),
        ("disbursementTransaction", TRANSACTION_KEYS, most_payments, 0),
        ("fundingOrganization", FUNDER_KEYS, most_funders, 1),
    )
    header = [title for title, _ in FLAT_COLUMNS]
    for name, keys, most, start in lists:
        header += [f"{name}/{i}/{key}" for i in range(start, start + most) for key in keys]
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    for g in rows:
        line = [value(g) for _, value in FLAT_COLUMNS]
        for name, keys, most, start in lists:
            items = g.get(name, [])
            for i in range(start, start + most):
                item = items[i] if i < len(items) else {}
                line += [item.get(key, "") for key in keys]
        writer.writerow(line)
    return out.getvalue()


def package_xlsx(*, viewer) -> bytes:
    """The flat CSV's columns and rows as a spreadsheet (one sheet, "grants")."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "grants"
    for row in csv.reader(io.StringIO(package_csv(viewer=viewer))):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
