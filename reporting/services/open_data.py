"""Publishes the fund's open data (docs/open-data.md): the 360Giving package (JSON, CSV and
XLSX, from reporting.threesixtygiving) and every published partnership's public spend records
(CSV, from reporting.selectors.public). Beat runs it; running twice is harmless."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cwf.accounts.permissions import SYSTEM_READER
from cwf.core.spreadsheets import csv_writer

from .. import threesixtygiving
from ..models import OpenDataFile
from ..selectors.public import public_partnerships, public_purchases

logger = logging.getLogger(__name__)

SCHEMA_360 = "https://standard.threesixtygiving.org/en/latest/technical/reference/"
SPEND_SCHEMA = "/open/data/#spending-columns"
SPEND_HEADERS = [
    "Partnership",
    "Date",
    "Amount (GBP)",
    "Theme",
    "Paid to",
    "Decision reference",
    "Decision",
    "Reversal",
]


@dataclass(frozen=True)
class Built:
    name: str
    title: str
    content: bytes
    content_type: str
    schema_url: str


def spend_rows(partnership) -> list[list]:
    purchases, _ = public_purchases(partnership_id=partnership.pk)
    return [
        [
            partnership.name,
            p.spent_on.isoformat(),
            p.amount,
            p.theme,
            p.payee,
            f"D{p.decision_id}" if p.decision_id else "",
            p.decision_title,
            "yes" if p.is_reversal else "",
        ]
        for p in purchases
    ]


def spending_csv(partnerships) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(SPEND_HEADERS)
    for partnership in partnerships:
        writer.writerows(spend_rows(partnership))
    return out.getvalue().encode("utf-8")


def _build() -> list[Built]:
    json_text = threesixtygiving.package_json(viewer=SYSTEM_READER)
    return [
        Built(
            "360giving.json",
            "Grants to partnerships' LTOs, 360Giving JSON",
            json_text.encode("utf-8"),
            "application/json; charset=utf-8",
            SCHEMA_360,
        ),
        Built(
            "360giving.csv",
            "Grants to partnerships' LTOs, 360Giving flat CSV",
            threesixtygiving.package_csv(viewer=SYSTEM_READER).encode("utf-8"),
            "text/csv; charset=utf-8",
            SCHEMA_360,
        ),
        Built(
            "360giving.xlsx",
            "Grants to partnerships' LTOs, 360Giving spreadsheet",
            threesixtygiving.package_xlsx(viewer=SYSTEM_READER),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            SCHEMA_360,
        ),
        Built(
            "spending.csv",
            "Every purchase of the published partnerships",
            spending_csv(public_partnerships()),
            "text/csv; charset=utf-8",
            SPEND_SCHEMA,
        ),
    ]


def open_data_publish() -> bool:
    """Build every file, then replace them all at once. A failure while building leaves the
    previous files as they were (and is logged); returns whether the run published."""
    now = timezone.now()
    try:
        built = _build()
    except Exception:
        logger.exception("Open data: the run failed; the previous files stay published.")
        return False
    with transaction.atomic():
        existing = {f.name: f for f in OpenDataFile.objects.select_for_update()}
        for b in built:
            etag = hashlib.sha256(b.content).hexdigest()
            row = existing.get(b.name) or OpenDataFile(name=b.name, changed_at=now)
            if row.etag != etag:
                row.changed_at = now
            row.title, row.content, row.content_type = b.title, b.content, b.content_type
            row.size, row.etag, row.schema_url, row.generated_at = (
                len(b.content),
                etag,
                b.schema_url,
                now,
            )
            row.save()
    return True
