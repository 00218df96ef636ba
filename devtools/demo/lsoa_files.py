"""IoD2025 File 7, in MHCLG's exact 56-column layout, built from the extract of real IoD2025
figures the tests ship (tests/fixtures/register/iod2025_lsoa21_excerpt.csv, whose README says
what it holds). The extract has no names, local authorities or populations: the demo and the
tests fill them from the CNI 2023 excerpt's names, Hartlepool's local authority for its LSOAs,
and made-up populations, and say so. One builder for both, so the demo's LSOAs are the tests'."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "register"
IOD2025_EXCERPT = FIXTURES / "iod2025_lsoa21_excerpt.csv"
CNI2023_EXCERPT = FIXTURES / "cni2023_lsoa21_excerpt.csv"
HARTLEPOOL = ("E06000001", "Hartlepool")
# The extract's columns for File 7's score, rank and decile of the IMD and its seven domains.
EXTRACT_DOMAINS = (
    ("IMD", "Index of Multiple Deprivation (IMD)"),
    ("Income", "Income"),
    ("Employment", "Employment"),
    ("Education", "Education, Skills and Training"),
    ("Health", "Health Deprivation and Disability"),
    ("Crime", "Crime"),
    ("Housing_and_Services", "Barriers to Housing and Services"),
    ("Environment", "Living Environment"),
)


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def made_up_population(code: str) -> int:
    """The extract has no populations: a made-up mid-2022 figure, 1,400 to 1,999 people (an LSOA
    has 1,000 to 3,000), the same for a code every time."""
    return 1400 + int(code[-3:]) % 600


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
        for short, long in EXTRACT_DOMAINS:
            score = next(c for c in header if c.startswith(long) and " Score" in c)
            row[position[score]] = source[f"{short}_score"]
            row[position[score] + 1] = source[f"{short}_rank"]
            row[position[score] + 2] = source[f"{short}_decile"]
        if population and code in population:
            row[position["Total population: mid 2022"]] = population[code]
        rows.append(row)
    return write_csv(folder / name, header, rows)


def excerpt_files(folder: Path, *, population: bool = True) -> tuple[Path, Path, list[dict]]:
    """The excerpts' 142 LSOAs (57 in Hartlepool) as an IoD2025 File 7 and a CNI 2023 file,
    ready to import: real scores, names from CNI 2023, Hartlepool's local authority for its
    LSOAs, and made-up populations. Returns (File 7, CNI 2023, the CNI rows)."""
    cni = read_rows(CNI2023_EXCERPT)
    names = {r["lsoa21_code"]: r["lsoa21_name"] for r in cni}
    la = {code: HARTLEPOOL for code, name in names.items() if name.startswith("Hartlepool ")}
    imd = read_rows(IOD2025_EXCERPT)
    people = {r["lsoa21_code"]: made_up_population(r["lsoa21_code"]) for r in imd}
    file7 = iod2025_file7(
        folder, imd, names=names, la=la, population=people if population else None
    )
    cni_path = write_csv(
        folder / "cni2023.csv", list(cni[0].keys()), [list(r.values()) for r in cni]
    )
    return file7, cni_path, cni
