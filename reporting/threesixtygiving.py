"""Every approved allocation as a 360Giving grant: a JSON package {"grants": [...]} and the flat
CSV, for GrantNav and anyone else. Validated against the official schema in the tests
(tests/fixtures/360giving/).

What is published: the allocation (amount with the LTO management contribution, which the LTO
receives too), its award date and term, the LTO (the recipient in law) with its org-id, the
fund, the neighbourhoods' ward codes, and the releases. What is never published: people. No
names, e-mails or phone numbers of members, officers or LTO contacts.

Dates are written as full date-times (midnight, UK time, for days): the schema accepts a date
or a date-time, and a date-time validates the same with or without a format checker."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.spreadsheets import csv_writer
from grants.models import Allocation, Tranche
from grants.models.allocation import add_years
from partnerships.models import Neighbourhood, PartnershipLto

PUBLISHED = (
    Allocation.Status.APPROVED,
    Allocation.Status.ACTIVE,
    Allocation.Status.CLOSING,
    Allocation.Status.CLOSED,
)
GEO_CODE_TYPES = {Neighbourhood.Kind.WARD: "WD", Neighbourhood.Kind.LSOA: "LSOA"}


def prefix() -> str:
    return settings.THREESIXTYGIVING_PREFIX


def grant_id(allocation: Allocation) -> str:
    return f"{prefix()}-allocation-{allocation.pk}"


def funder() -> dict:
    return {
        "id": settings.FUND_ORG_ID or f"{prefix()}-fund",
        "name": settings.FUND_NAME,
    }


def _when(value: datetime.date | datetime.datetime) -> str:
    if not isinstance(value, datetime.datetime):
        value = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
    return timezone.localtime(value).isoformat(timespec="seconds")


def _number(amount: Decimal) -> float | int:
    """A JSON number for an amount of money (pence are exact in a float below £10bn)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def allocations_for_export(*, viewer) -> QuerySet[Allocation]:
    """The approved allocations with everything a grant needs: four queries in all."""
    if not permissions.sees_portfolio(viewer):
        return Allocation.objects.none()
    released = Tranche.objects.filter(status__in=Tranche.RELEASED_STATUSES).select_related(
        "release"
    )
    active_links = PartnershipLto.objects.filter(ends_on__isnull=True).select_related("lto")
    return (
        Allocation.objects.filter(status__in=PUBLISHED, approved_at__isnull=False)
        .select_related("partnership", "funding_agreement__lto")
        .prefetch_related(
            "partnership__neighbourhoods",
            Prefetch("partnership__lto_links", queryset=active_links, to_attr="active_links"),
            Prefetch(
                "tranches",
                queryset=released.order_by("release__released_on", "sequence"),
                to_attr="released_tranches",
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
        *(t.release.released_at for t in allocation.released_tranches),
    ]
    return max(m for m in moments if m is not None).replace(microsecond=0)


def grant(allocation: Allocation) -> dict | None:
    """One grant, or None when the allocation has no LTO to name as recipient yet."""
    lto = recipient(allocation)
    if lto is None:
        return None
    partnership = allocation.partnership
    total = allocation.amount + allocation.management_contribution
    ends_on = add_years(allocation.starts_on, allocation.term_years) - datetime.timedelta(days=1)
    gid = grant_id(allocation)
    transactions = [
        {
            "id": f"{gid}-release-{t.sequence}",
            "transactionDate": _when(t.release.released_on),
            "value": _number(t.amount + t.management_contribution),
            "currency": "GBP",
            "description": f"Payment {t.sequence} of the schedule, with the LTO contribution",
        }
        for t in allocation.released_tranches
    ]
    data = {
        "id": gid,
        "title": f"{settings.FUND_NAME}: {partnership.name}",
        "description": (
            allocation.purpose.strip()
            or f"A long-term allocation to {partnership.name}, a resident-led partnership, "
            f"over {allocation.term_years} years. {lto.name} receives, holds and accounts for "
            "the money on the partnership's behalf; residents decide how it is spent."
        ),
        "currency": "GBP",
        "amountAwarded": _number(total),
        "awardDate": _when(allocation.approved_at),
        "plannedDates": [
            {
                "startDate": _when(allocation.starts_on),
                "endDate": _when(ends_on),
                "duration": allocation.term_years * 12,
            }
        ],
        "recipientOrganization": [_organisation(lto)],
        "fundingOrganization": [funder()],
        "beneficiaryLocation": [
            {
                "name": n.name or n.code,
                "geoCode": n.code,
                "geoCodeType": GEO_CODE_TYPES[n.kind],
                "countryCode": "GB",
            }
            for n in partnership.neighbourhoods.all()
        ],
        "amountDisbursed": _number(
            sum(
                (t.amount + t.management_contribution for t in allocation.released_tranches),
                Decimal(0),
            )
        ),
        "disbursementTransaction": transactions,
        "grantProgramme": [{"title": f"{settings.FUND_NAME} allocations"}],
        "dateModified": _when(last_modified(allocation)),
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


def package(*, viewer) -> dict:
    return {"grants": grants(allocations_for_export(viewer=viewer))}


def package_json(*, viewer) -> str:
    return json.dumps(package(viewer=viewer), indent=2, ensure_ascii=False)


# The flat CSV: 360Giving's column titles, one row per grant; lists are numbered columns.
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
LOCATION_COLUMNS = [
    ("Name", "name"),
    ("Geographic Code", "geoCode"),
    ("Geographic Code Type", "geoCodeType"),
    ("Country Code", "countryCode"),
]
TRANSACTION_COLUMNS = [
    ("Identifier", "id"),
    ("Transaction Date", "transactionDate"),
    ("Value", "value"),
    ("Currency", "currency"),
]


def package_csv(*, viewer) -> str:
    rows = grants(allocations_for_export(viewer=viewer))
    most_places = max((len(g.get("beneficiaryLocation", [])) for g in rows), default=0)
    most_payments = max((len(g.get("disbursementTransaction", [])) for g in rows), default=0)
    header = [title for title, _ in FLAT_COLUMNS]
    for i in range(most_places):
        header += [f"Beneficiary Location:{i}:{title}" for title, _ in LOCATION_COLUMNS]
    for i in range(most_payments):
        header += [f"Disbursement Transaction:{i}:{title}" for title, _ in TRANSACTION_COLUMNS]
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    for g in rows:
        line = [value(g) for _, value in FLAT_COLUMNS]
        for items, columns, most in (
            (g.get("beneficiaryLocation", []), LOCATION_COLUMNS, most_places),
            (g.get("disbursementTransaction", []), TRANSACTION_COLUMNS, most_payments),
        ):
            for i in range(most):
                item = items[i] if i < len(items) else {}
                line += [item.get(key, "") for _, key in columns]
        writer.writerow(line)
    return out.getvalue()
