"""The neighbourhood's postcodes, from an extract of the ONS Postcode Directory (ONSPD) for the
area: a CSV with a `pcds` (or `pcd`) column, and optionally `doterm` (the month a postcode was
terminated: those are left out). All or nothing: any bad row refuses the whole file, each error
with its line number. A new import replaces the list."""

from __future__ import annotations

import csv
import io

from django.db import transaction

from cwf.accounts import permissions
from cwf.core.errors import DomainError

from ..models import NeighbourhoodPostcode
from .voting import POSTCODE, display_postcode, normalise_postcode

MAX_BYTES = 5 * 1024 * 1024
MAX_ERRORS_SHOWN = 20


def postcodes_import(*, actor, partnership_id: int, upload) -> int:
    """Returns how many postcodes the neighbourhood now has."""
    permissions.require(
        permissions.may_import_postcodes(actor), "Only a fund officer can import postcodes."
    )
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise DomainError("The file is over 5 MB: export only this area's postcodes.", field="file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("The file must be a CSV saved as UTF-8.", field="file") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    column = columns.get("pcds") or columns.get("pcd")
    if column is None:
        raise DomainError(
            "The file needs a 'pcds' column (the postcode), as the ONS Postcode Directory has.",
            field="file",
        )
    ended = columns.get("doterm")
    codes: set[str] = set()
    errors: list[str] = []
    for line, row in enumerate(reader, start=2):
        if ended and (row.get(ended) or "").strip():
            continue  # terminated: no longer anyone's address
        code = normalise_postcode(row.get(column) or "")
        if not POSTCODE.match(code):
            errors.append(
                f"Line {line}: '{(row.get(column) or '').strip()[:20]}' is not a postcode."
            )
            continue
        codes.add(code)
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        raise DomainError(
            "Nothing was imported. " + " ".join(shown) + (f" And {more} more." if more else ""),
            field="file",
        )
    if not codes:
        raise DomainError("The file has no postcodes in use.", field="file")
    with transaction.atomic():
        NeighbourhoodPostcode.objects.filter(partnership_id=partnership_id).delete()
        NeighbourhoodPostcode.objects.bulk_create(
            NeighbourhoodPostcode(partnership_id=partnership_id, postcode=c, imported_by=actor)
            for c in sorted(codes)
        )
    return len(codes)


__all__ = ["display_postcode", "postcodes_import"]
