"""Small IMD and CNI files in the real layouts, written to a temporary folder, and a scenario
built by importing them through the real services."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

# The LSOA files' builder is shared with the demo; the other names are re-exported for tests.
from devtools.demo.lsoa_files import (  # noqa: F401
    CNI2023_EXCERPT,
    HARTLEPOOL,
    IOD2025_EXCERPT,
    excerpt_files,
    iod2025_file7,
    made_up_population,
    read_rows,
    write_csv,
)
from partnerships.importers.formats import CNI_WARD, IMD_WARD
from partnerships.services.register_imports import import_cni_file, import_imd_file

FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "register"
FILE7_SAMPLE = FIXTURES / "iod2019_file7_sample.csv"
CNI_EXCERPT = FIXTURES / "cni2019_excerpt.csv"
IMD_DOMAINS = [c for key, c in IMD_WARD.scores.items() if key != "imd"]


def ward(number: int) -> str:
    return f"E05{number:06d}"


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


# --- IoD2025 and CNI 2023 by 2021 LSOA ----------------------------------------------------------
# One builder for the tests and the demo: devtools/demo/lsoa_files.py (imported above).


def cni2023_file(folder: Path, rows: list[dict], name: str = "cni2023.csv") -> Path:
    header = list(rows[0].keys())
    return write_csv(folder / name, header, [list(r.values()) for r in rows])


def lsoa_register(folder: Path, *, population: bool = True) -> list[dict]:
    """The 142 LSOAs of the excerpts (57 in Hartlepool), imported through the services from an
    IoD2025 File 7 and a CNI 2023 file: real scores, names from CNI 2023, Hartlepool's local
    authority for its LSOAs, and made-up populations. Returns the CNI rows."""
    file7, cni_path, cni = excerpt_files(folder, population=population)
    assert import_imd_file(path=file7, file_format="iod2025_file7").ok
    assert import_cni_file(path=cni_path, file_format="cni2023_lsoa21").ok
    return cni
