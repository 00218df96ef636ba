"""The Done-when figures, from the real public files in ../shared/data (settings.SHARED_DATA_DIR):
225 officially left-behind wards, 225 computed as doubly disadvantaged, 218 on both."""

import time

import pytest
from django.conf import settings

from partnerships.models import Neighbourhood
from partnerships.services.register_imports import import_cni_file, import_imd_file

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def shared_files():
    folder = settings.SHARED_DATA_DIR
    imd = folder / "imd2019_england_ward17.csv"
    cni = folder / "cni2019_england_ward17.csv"
    if not (imd.is_file() and cni.is_file()):
        pytest.skip(f"The shared IMD and CNI files are not in {folder} (CWF_SHARED_DATA_DIR).")
    return imd, cni


def test_the_two_shared_files_give_225_official_225_computed_and_218_on_both(shared_files):
    imd, cni = shared_files
    started = time.monotonic()
    cni_summary = import_cni_file(path=cni)
    cni_seconds = time.monotonic() - started
    imd_summary = import_imd_file(path=imd)

    assert cni_summary.rows == 7433 and imd_summary.rows == 7427
    assert (imd_summary.official, imd_summary.computed, imd_summary.overlap) == (225, 225, 218)
    assert (
        "Officially left-behind: 225. Doubly disadvantaged (computed): 225. On both lists: 218."
        in imd_summary.lines()
    )
    assert Neighbourhood.objects.filter(left_behind=True).count() == 225
    assert Neighbourhood.objects.filter(doubly_disadvantaged=True).count() == 225
    assert Neighbourhood.objects.filter(left_behind=True, doubly_disadvantaged=True).count() == 218
    # The default rule ranks the 225 computed wards first.
    first = Neighbourhood.objects.filter(priority_rank__lte=225)
    assert first.count() == 225 and not first.filter(doubly_disadvantaged=False).exists()
    assert Neighbourhood.objects.filter(priority_rank__isnull=False).count() == 7421
    # The published CNI ranks give equal scores the same rank; ours agree.
    assert (
        Neighbourhood.objects.filter(code="E05000446").values_list("cni_rank", flat=True)[0] == 5921
    )
    assert Neighbourhood.objects.get(code="E05004026").cni_rank == 1
    # Bulk writes: seconds, not minutes (about 0.7 s on a laptop; generous for a busy CI box).
    print(f"\nCNI import: 7,433 rows in {cni_seconds:.2f}s ({7433 / cni_seconds:,.0f} rows/s)")
    assert cni_seconds < 30
