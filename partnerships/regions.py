"""The English region of a local authority district, from the ONS lookup shipped in
partnerships/data/lad_region.csv (see the README there for its source and licence)."""

import csv
from functools import cache
from pathlib import Path

LOOKUP_FILE = Path(__file__).resolve().parent / "data" / "lad_region.csv"


@cache
def _regions() -> dict[str, str]:
    with LOOKUP_FILE.open(newline="", encoding="utf-8") as handle:
        return {row["LADCD"]: row["RGNNM"] for row in csv.DictReader(handle)}


def region_for(local_authority_code: str) -> str:
    """The region's name, or "" when the district is not in the lookup."""
    if not local_authority_code:
        return ""
    if local_authority_code.startswith("E09"):  # every London borough, whatever the year
        return "London"
    return _regions().get(local_authority_code, "")


REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
