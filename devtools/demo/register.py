"""Demo data for the neighbourhood register: the IMD 2019 ward file shipped with the project
(OGL), and a 50-ward excerpt of the Community Needs Index from tests/fixtures, so demo wards have
names, local authorities and flags. It is only an excerpt: its CNI ranks are over those 50 wards.
The demo partnerships (devtools/demo/partnerships.py) link the wards they work in. Idempotent: a
file already imported is skipped."""

from pathlib import Path

from django.conf import settings

from partnerships.models import ImportBatch
from partnerships.services.register_imports import file_sha256, import_cni_file, import_imd_file

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
