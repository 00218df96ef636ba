"""Issue 23, findings 1 and 2: the register holds more than one edition of each index, each
import records its edition, geography and source file, and the importers read IoD2025 File 7 and
CNI 2023 by LSOA exactly as published, refusing a file of another edition or with a changed header
with the edition it looks like and the columns that differ."""

import csv

import pytest
from django.urls import reverse

from partnerships.importers.formats import IOD2025_FILE7_COLUMNS
from partnerships.models import ImportBatch, Neighbourhood
from partnerships.services.register_imports import import_cni_file, import_imd_file
from tests.partnerships.register_files import (
    CNI2023_EXCERPT,
    FILE7_SAMPLE,
    IOD2025_EXCERPT,
    cni2023_file,
    iod2025_file7,
    read_rows,
)

pytestmark = pytest.mark.django_db


def test_the_header_is_the_official_file7_header(settings):
    official = settings.SHARED_DATA_DIR / "iod2025_file7_header.csv"
    if not official.is_file():
        pytest.skip("The shared IoD2025 File 7 header is not here (CWF_SHARED_DATA_DIR).")
    with official.open(newline="", encoding="utf-8-sig") as handle:
        assert next(csv.reader(handle)) == list(IOD2025_FILE7_COLUMNS)


def test_iod2025_file7_imports_with_its_edition_geography_and_source_file(tmp_path):
    rows = read_rows(IOD2025_EXCERPT)
    path = iod2025_file7(tmp_path, rows, population={r["lsoa21_code"]: 1500 for r in rows})
    summary = import_imd_file(path=path, file_format="iod2025_file7")

    assert summary.status == "imported" and summary.rows == len(rows)
    batch = ImportBatch.objects.get()
    assert (batch.edition, batch.geography, batch.file_name) == (
        "iod2025",
        "lsoa21",
        "File_7_IoD2025.csv",
    )
    assert batch.edition_label == "IoD2025 (2021 LSOAs)"
    lsoa = Neighbourhood.objects.get(code=rows[0]["lsoa21_code"])
    assert lsoa.imd_score == float(rows[0]["IMD_score"]) and lsoa.population == 1500
    assert (lsoa.imd_edition, lsoa.geography, lsoa.cni_edition) == ("iod2025", "lsoa21", "")


def test_cni2023_imports_and_never_reads_the_unofficial_flag(tmp_path):
    rows = read_rows(CNI2023_EXCERPT)
    for row in rows:  # the copies in circulation carry this column: it must be ignored
        row["Left Behind Area?"] = "TRUE"
    summary = import_cni_file(path=cni2023_file(tmp_path, rows), file_format="cni2023_lsoa21")

    assert summary.status == "imported"
    assert Neighbourhood.objects.filter(left_behind__isnull=False).count() == 0
    lsoa = Neighbourhood.objects.get(code=rows[0]["lsoa21_code"])
    assert lsoa.cni_edition == "cni2023" and lsoa.name == rows[0]["lsoa21_name"]


def test_a_file_of_another_edition_is_refused_naming_it_and_the_columns(tmp_path):
    summary = import_imd_file(path=FILE7_SAMPLE, file_format="iod2025_file7")

    assert summary.status == "rejected"
    [problem] = ImportBatch.objects.get().errors
    assert problem["line"] == 1
    message = problem["message"]
    assert "looks like IoD2019 File 7 (LSOA) (IoD2019), not IoD2025 File 7" in message
    assert "missing “LSOA code (2021)”" in message
    assert "not expected “LSOA code (2011)”" in message
    assert not Neighbourhood.objects.exists()


def test_a_cni2023_file_offered_as_an_imd_edition_is_refused(tmp_path):
    path = cni2023_file(tmp_path, read_rows(CNI2023_EXCERPT))
    summary = import_imd_file(path=path)
    assert summary.status == "rejected"
    message = ImportBatch.objects.get().errors[0]["message"]
    assert "looks like CNI 2023 by 2021 LSOA (CNI 2023)" in message


def test_a_changed_header_is_refused_naming_the_columns_that_differ(tmp_path):
    path = iod2025_file7(tmp_path, read_rows(IOD2025_EXCERPT)[:5])
    lines = path.read_text(encoding="utf-8").splitlines()
    # Someone "fixes" the name the official file cuts short, and drops a population column.
    lines[0] = (
        lines[0]
        .replace("10% of LSO,", "10% of LSOAs,")
        .replace(",Older population aged 60 and over: mid 2022", "")
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    summary = import_imd_file(path=path)

    assert summary.status == "rejected"
    message = ImportBatch.objects.get().errors[0]["message"]
    assert "looks like IoD2025 File 7 (2021 LSOAs) (IoD2025) but its header differs" in message
    assert "missing “Children and Young People Sub-domain Decile" in message
    assert "“Older population aged 60 and over: mid 2022”" in message
    assert "not expected “Children and Young People Sub-domain Decile (where 1 is most" in message


def test_a_bad_row_rejects_the_whole_file_with_its_line_and_column(tmp_path):
    rows = read_rows(IOD2025_EXCERPT)[:10]
    rows[6] = {**rows[6], "Crime_score": "n/a"}
    summary = import_imd_file(path=iod2025_file7(tmp_path, rows))

    assert summary.status == "rejected"
    [problem] = ImportBatch.objects.get().errors
    assert problem == {"line": 8, "column": "Crime Score", "message": "“n/a” is not a number."}
    assert not Neighbourhood.objects.exists()


def test_the_upload_page_lets_an_officer_choose_the_edition(officer_client):
    page = officer_client.get(reverse("register_import_new"))
    assert "IoD2025 File 7 (2021 LSOAs)" in page.content.decode()
    assert "CNI 2023 by 2021 LSOA" in page.content.decode()
