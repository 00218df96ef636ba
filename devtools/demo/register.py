"""Demo data for the neighbourhood register: the IMD 2019 ward file shipped with the project
(OGL), and a 50-ward excerpt of the Community Needs Index from tests/fixtures, so demo wards have
names, local authorities and flags. It is only an excerpt: its CNI ranks are over those 50 wards.
The demo partnerships (devtools/demo/partnerships.py) link the wards they work in.

Then today's editions by 2021 LSOA (issue 23): an IoD2025 File 7 built from the tests' excerpt
of real IoD2025 figures (142 LSOAs, 57 of them Hartlepool's; names from CNI 2023, made-up
populations: devtools/demo/lsoa_files.py), the CNI 2023 excerpt of the same LSOAs, a
neighbourhood of five of Hartlepool's most deprived LSOAs, and a forming partnership for it, so
the demo shows a partnership whose neighbourhood is a set of LSOAs beside the ward ones.
Idempotent: a file already imported is skipped, and the neighbourhood and partnership are made
once."""

import tempfile
from pathlib import Path

from django.conf import settings

from cwf.accounts.models import User
from partnerships.models import ImportBatch, LsoaNeighbourhood, Partnership
from partnerships.services.lsoa_neighbourhoods import lsoa_neighbourhood_create
from partnerships.services.partnerships import partnership_create
from partnerships.services.register_imports import file_sha256, import_cni_file, import_imd_file

from .lsoa_files import HARTLEPOOL, IOD2025_EXCERPT, excerpt_files, read_rows

IMD_FILE = Path(settings.BASE_DIR) / "partnerships" / "data" / "imd2019_england_ward17.csv"
CNI_EXCERPT = Path(settings.BASE_DIR) / "tests" / "fixtures" / "register" / "cni2019_excerpt.csv"


def seed(*, stdout) -> None:
    for path, run in ((IMD_FILE, import_imd_file), (CNI_EXCERPT, import_cni_file)):
        if not path.is_file():
            stdout.write(f"Register demo: {path} is missing; skipped.")
            continue
        digest, _ = file_sha256(path)
        if ImportBatch.objects.filter(sha256=digest, status=ImportBatch.Status.IMPORTED).exists():
            continue
        summary = run(path=path)
        stdout.write(f"Register demo: {' '.join(summary.lines())}")
    stdout.write(
        "Register demo: IMD for every English ward; CNI for a 50-ward excerpt only "
        "(import your own CNI file for real ranks)."
    )
    _lsoas(stdout)


LSOA_NEIGHBOURHOOD = "Central Hartlepool (demo)"
LSOA_PARTNERSHIP = "Central Hartlepool Together (demo)"


def _lsoas(stdout) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file7, cni, cni_rows = excerpt_files(Path(folder))
        for path, run, file_format in (
            (file7, import_imd_file, "iod2025_file7"),
            (cni, import_cni_file, "cni2023_lsoa21"),
        ):
            digest, _ = file_sha256(path)
            if ImportBatch.objects.filter(
                sha256=digest, status=ImportBatch.Status.IMPORTED
            ).exists():
                continue
            summary = run(path=path, file_format=file_format)
            stdout.write(f"Register demo (LSOAs): {' '.join(summary.lines())}")
    officer = User.objects.get(email="officer@example.org")
    area = LsoaNeighbourhood.objects.filter(name=LSOA_NEIGHBOURHOOD).first()
    if area is None:
        area = lsoa_neighbourhood_create(
            actor=officer, name=LSOA_NEIGHBOURHOOD, codes=_most_deprived_in_hartlepool(cni_rows)
        )
    if not Partnership.objects.filter(name=LSOA_PARTNERSHIP).exists():
        partnership_create(actor=officer, name=LSOA_PARTNERSHIP, lsoa_neighbourhood_id=area.pk)
    stdout.write(
        f"Register demo: IoD2025 and CNI 2023 for a {len(cni_rows)}-LSOA excerpt (real figures; "
        f"names from CNI 2023, made-up populations); {area.name} is {area.lsoas.count()} LSOAs "
        f"of about {area.population:,} people, the neighbourhood of {LSOA_PARTNERSHIP}."
    )


def _most_deprived_in_hartlepool(cni_rows: list[dict], count: int = 5) -> list[str]:
    hartlepool = {
        r["lsoa21_code"] for r in cni_rows if r["lsoa21_name"].startswith(f"{HARTLEPOOL[1]} ")
    }
    imd = [r for r in read_rows(IOD2025_EXCERPT) if r["lsoa21_code"] in hartlepool]
    imd.sort(key=lambda r: (-float(r["IMD_score"]), r["lsoa21_code"]))
    return sorted(r["lsoa21_code"] for r in imd[:count])
