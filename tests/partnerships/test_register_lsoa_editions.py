"""Issue 23, finding 3 and two of its "done when": doubly disadvantaged LSOAs computed per edition
(IoD2025 with CNI 2023) match an independent computation from the raw files, with the thresholds
as settings; and the 2019 ward figures of existing partnerships do not move when the 2025 and 2023
editions are imported."""

import csv
import math

import pytest
from django.urls import reverse

from partnerships.models import Neighbourhood
from partnerships.services.register_imports import import_cni_file, import_imd_file
from partnerships.services.register_ranking import register_rerank
from tests.factories import PartnershipFactory
from tests.partnerships.register_files import (
    CNI2023_EXCERPT,
    IOD2025_EXCERPT,
    iod2025_file7,
    lsoa_register,
    read_rows,
    register_of,
    ward,
)

pytestmark = pytest.mark.django_db

FIGURES = [
    "imd_score", "imd_rank", "imd_decile", "cni_score", "cni_rank", "cni_decile",
    "doubly_disadvantaged", "left_behind", "priority_rank", "imd_edition", "cni_edition",
    "population", "name",
]  # fmt: skip


def _worst(scores: dict[str, float], tenths: int) -> set[str]:
    """Independently of the product: the codes ranked (highest score first, ties sharing the
    better rank) within the first `tenths` tenths."""
    ordered = sorted(scores.values(), reverse=True)
    first = {}
    for position, score in enumerate(ordered, start=1):
        first.setdefault(score, position)
    n = len(ordered)
    return {code for code, score in scores.items() if first[score] <= n * tenths / 10}


@pytest.mark.slow
def test_the_shared_iod2025_and_cni2023_files_give_the_independent_count(settings, tmp_path):
    folder = settings.SHARED_DATA_DIR
    imd_path, cni_path = (
        folder / "imd2025_england_lsoa21.csv",
        folder / "cni2023_england_lsoa21.csv",
    )
    if not (imd_path.is_file() and cni_path.is_file()):
        pytest.skip(f"The shared IoD2025 and CNI 2023 files are not in {folder}.")
    # Independently, from the raw files: IoD2025's own decile 1, and CNI 2023's published rank
    # within the first tenth of the 33,755 LSOAs. The CNI file's "Left Behind Area?" is not used.
    imd_rows = read_rows(imd_path)
    with cni_path.open(newline="", encoding="utf-8-sig") as handle:
        cni_rows = list(csv.DictReader(handle))
    n = len(cni_rows)
    most_deprived = {r["lsoa21_code"] for r in imd_rows if r["IMD_decile"] == "1"}
    highest_need = {
        r["lsoa21_code"]
        for r in cni_rows
        if int(r["Community Needs Index 2023 Rank"]) <= math.floor(n / 10)
    }
    expected = most_deprived & highest_need

    assert import_imd_file(path=iod2025_file7(tmp_path, imd_rows), file_format="iod2025_file7").ok
    summary = import_cni_file(path=cni_path, file_format="cni2023_lsoa21")

    assert summary.ok and summary.rows == 33_755
    doubly = set(
        Neighbourhood.objects.filter(doubly_disadvantaged=True).values_list("code", flat=True)
    )
    assert doubly == expected
    assert summary.computed == len(expected) == 1262
    assert Neighbourhood.objects.filter(left_behind=True).count() == 0


def test_the_excerpt_gives_the_independent_count_and_thresholds_are_settings(settings, tmp_path):
    lsoa_register(tmp_path)
    imd = {r["lsoa21_code"]: float(r["IMD_score"]) for r in read_rows(IOD2025_EXCERPT)}
    cni = {
        r["lsoa21_code"]: float(r["Community Needs Index 2023 Score"])
        for r in read_rows(CNI2023_EXCERPT)
    }

    def flagged():
        return set(
            Neighbourhood.objects.filter(doubly_disadvantaged=True).values_list("code", flat=True)
        )

    assert flagged() == _worst(imd, 1) & _worst(cni, 1)
    assert flagged()  # the excerpt has some

    settings.NEIGHBOURHOOD_EDITION_THRESHOLDS = {"iod2025": 3, "cni2023": 2}
    register_rerank()
    assert flagged() == _worst(imd, 3) & _worst(cni, 2)
    assert len(flagged()) > len(_worst(imd, 1) & _worst(cni, 1))


def test_2019_figures_of_existing_partnerships_are_unchanged_by_the_new_editions(
    officer_client, tmp_path
):
    register_of(tmp_path, count=30)
    partnership = PartnershipFactory(name="Ward Partnership")
    partnership.neighbourhoods.set([Neighbourhood.objects.get(code=ward(1))])
    before = list(Neighbourhood.objects.filter(kind="ward").order_by("code").values(*FIGURES))
    assert before[0]["doubly_disadvantaged"] and before[0]["priority_rank"] == 1
    assert before[0]["imd_edition"] == "iod2019"

    lsoa_register(tmp_path)

    after = list(Neighbourhood.objects.filter(kind="ward").order_by("code").values(*FIGURES))
    assert after == before
    assert Neighbourhood.objects.filter(kind="lsoa", priority_rank=1).exists()
    page = officer_client.get(reverse("neighbourhood_detail", args=[ward(1)])).content.decode()
    assert "IMD figures: IoD2019 (2017 wards)" in page
    assert "CNI figures: CNI 2019 (2017 wards)" in page
    assert "Ward Partnership" in page
    priority = officer_client.get(reverse("neighbourhood_priority")).content.decode()
    assert ward(1) in priority and "E01" not in priority


def test_an_lsoa_with_mismatched_editions_is_never_doubly_disadvantaged(tmp_path):
    """IoD2019's File 7 (2011 LSOAs) with CNI 2023 (2021 LSOAs): not the same places."""
    from tests.partnerships.register_files import FILE7_SAMPLE, cni2023_file

    assert import_imd_file(path=FILE7_SAMPLE).ok
    codes = list(Neighbourhood.objects.order_by("imd_rank").values_list("code", flat=True))
    rows = read_rows(CNI2023_EXCERPT)[: len(codes)]
    for position, (row, code) in enumerate(zip(rows, codes, strict=True)):
        row["lsoa21_code"] = code
        row["Community Needs Index 2023 Score"] = 500 - position  # most deprived, most need
    assert import_cni_file(path=cni2023_file(tmp_path, rows)).ok
    assert Neighbourhood.objects.filter(cni_decile=1, imd_decile=1).exists()
    assert not Neighbourhood.objects.filter(doubly_disadvantaged=True).exists()
