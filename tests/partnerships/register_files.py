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


# --- IoD2025 and CNI 2023 by 2021 LSOA ----------------------------------------------------------
IOD2025_EXCERPT = FIXTURES / "iod2025_lsoa21_excerpt.csv"
CNI2023_EXCERPT = FIXTURES / "cni2023_lsoa21_excerpt.csv"
# The extract's columns for File 7's score, rank and decile of the IMD and its seven domains.
_EXTRACT_DOMAINS = (
    ("IMD", "Index of Multiple Deprivation (IMD)"),
    ("Income", "Income"),
    ("Employment", "Employment"),
    ("Education", "Education, Skills and Training"),
    ("Health", "Health Deprivation and Disability"),
    ("Crime", "Crime"),
    ("Housing_and_Services", "Barriers to Housing and Services"),
    ("Environment", "Living Environment"),
)


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def iod2025_file7(
    folder: Path,
    extract_rows: list[dict],
    *,
    names: dict[str, str] | None = None,
    la: dict[str, tuple[str, str]] | None = None,
    population: dict[str, int] | None = None,
    name: str = "File_7_IoD2025.csv",
) -> Path:
    """MHCLG's IoD2025 File 7, with its exact 56-column header, holding the real figures of the
    extract's rows (score, rank and decile of the IMD and its seven domains). The extract has no
    names, local authorities, populations, IDACI, IDAOPI or sub-domains: those cells are filled
    from `names`, `la` and `population` when given, else left blank."""
    from partnerships.importers.formats import IOD2025_FILE7_COLUMNS

    header = list(IOD2025_FILE7_COLUMNS)
    position = {column: n for n, column in enumerate(header)}
    rows = []
    for source in extract_rows:
        code = source["lsoa21_code"]
        row = [""] * len(header)
        row[0] = code
        row[1] = (names or {}).get(code, "")
        row[2], row[3] = (la or {}).get(code, ("", ""))
        for short, long in _EXTRACT_DOMAINS:
            score = next(c for c in header if c.startswith(long) and " Score" in c)
            row[position[score]] = source[f"{short}_score"]
            row[position[score] + 1] = source[f"{short}_rank"]
            row[position[score] + 2] = source[f"{short}_decile"]
        if population and code in population:
            row[position["Total population: mid 2022"]] = population[code]
        rows.append(row)
    return write_csv(folder / name, header, rows)


def cni2023_file(folder: Path, rows: list[dict], name: str = "cni2023.csv") -> Path:
    header = list(rows[0].keys())
    return write_csv(folder / name, header, [list(r.values()) for r in rows])


HARTLEPOOL = ("E06000001", "Hartlepool")


def made_up_population(code: str) -> int:
    """The extract has no populations: a made-up mid-2022 figure, 1,400 to 1,999 people (an LSOA
    has 1,000 to 3,000), the same for a code every time."""
    return 1400 + int(code[-3:]) % 600


def lsoa_register(folder: Path, *, population: bool = True) -> list[dict]:
    """The 142 LSOAs of the excerpts (57 in Hartlepool), imported through the services from an
    IoD2025 File 7 and a CNI 2023 file: real scores, names from CNI 2023, Hartlepool's local
    authority for its LSOAs, and made-up populations. Returns the CNI rows."""
    cni = read_rows(CNI2023_EXCERPT)
    names = {r["lsoa21_code"]: r["lsoa21_name"] for r in cni}
    la = {code: HARTLEPOOL for code, name in names.items() if name.startswith("Hartlepool ")}
    imd = read_rows(IOD2025_EXCERPT)
    people = {r["lsoa21_code"]: made_up_population(r["lsoa21_code"]) for r in imd}
    path = iod2025_file7(folder, imd, names=names, la=la, population=people if population else None)
    assert import_imd_file(path=path, file_format="iod2025_file7").ok
    assert import_cni_file(path=cni2023_file(folder, cni), file_format="cni2023_lsoa21").ok
    return cni
