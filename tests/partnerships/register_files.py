"""Small IMD and CNI files in the real layouts, written to a temporary folder, and a scenario
built by importing them through the real services."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings

from partnerships.importers.formats import CNI_WARD, IMD_WARD
from partnerships.services.register_imports import import_cni_file, import_imd_file

FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "register"
FILE7_SAMPLE = FIXTURES / "iod2019_file7_sample.csv"
CNI_EXCERPT = FIXTURES / "cni2019_excerpt.csv"
IMD_DOMAINS = [c for key, c in IMD_WARD.scores.items() if key != "imd"]


def ward(number: int) -> str:
    return f"E05{number:06d}"


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def imd_ward_file(folder: Path, scores: dict[str, float], name: str = "imd.csv") -> Path:
    """An IMD ward file: each ward's overall score, and domain scores that follow it."""
    header = ["WD17CD", "Proportion", "Extent", "Score", *IMD_DOMAINS]
    rows = [
        [code, 0, 0, score, *[round(score / (i + 2), 4) for i in range(len(IMD_DOMAINS))]]
        for code, score in scores.items()
    ]
    return write_csv(folder / name, header, rows)


def cni_file(
    folder: Path,
    scores: dict[str, float],
    *,
    flagged: set[str] = frozenset(),
    name: str = "cni.csv",
    la=("E08000011", "Knowsley"),
) -> Path:
    header = [
        "ward17_code",
        "ward17_name",
        "lad19_code",
        "lad19_name",
        "Civic Assets score",
        "Civic Assets rank",
        "Connectedness score",
        "Connectedness rank",
        "Engaged community score",
        "Engaged community rank",
        "Community Needs Index score",
        "Community Needs Index rank",
        "Left Behind Area?",
    ]
    assert set(CNI_WARD.required_columns) <= set(header)
    rows = [
        [
            code,
            f"Ward {code[-3:]}",
            la[0],
            la[1],
            score / 3,
            0,
            score / 3,
            0,
            score / 3,
            0,
            score,
            0,
            "TRUE" if code in flagged else "FALSE",
        ]
        for code, score in scores.items()
    ]
    return write_csv(folder / name, header, rows)


def register_of(folder: Path, count: int = 20, *, flagged: set[str] = frozenset()) -> None:
    """`count` wards where ward 1 is the most deprived and the highest need, ward `count` the
    least, imported through the services."""
    imd = {ward(n): float(100 - n) for n in range(1, count + 1)}
    cni = {ward(n): float(200 - n) for n in range(1, count + 1)}
    assert import_imd_file(path=imd_ward_file(folder, imd)).ok
    assert import_cni_file(path=cni_file(folder, cni, flagged=flagged)).ok
