"""The officers' upload page and the job page with its progress bar."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import ImportBatch, Neighbourhood

from .register_files import cni_file, imd_ward_file, ward

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status


def upload(client, index, name, content):
    return client.post(
        reverse("register_import_new"),
        {"index": index, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_an_officer_uploads_a_file_and_sees_the_summary(
    tmp_path, officer_client, django_capture_on_commit_callbacks
):
    content = cni_file(
        tmp_path, {ward(n): float(n) for n in range(1, 21)}, flagged={ward(20)}
    ).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(officer_client, "cni", "cni.csv", content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("register_import_detail", args=[batch.pk])
    html = officer_client.get(response.url).content.decode()
    assert "Imported" in html and "20 rows" in html
    assert 'http-equiv="refresh"' not in html
    assert Neighbourhood.objects.count() == 20


def test_the_job_page_checks_progress_when_asked_never_by_itself(tmp_path, officer_client):
    content = imd_ward_file(tmp_path, {ward(1): 1.0}).read_bytes()
    upload(officer_client, "imd", "imd.csv", content)  # on_commit never fires in this test
    batch = ImportBatch.objects.get()
    assert batch.status == Status.QUEUED
    address = reverse("register_import_detail", args=[batch.pk])
    html = officer_client.get(address).content.decode()
    # No reload by itself (WCAG 2.2.1): a button without JavaScript, polling with it.
    assert 'http-equiv="refresh"' not in html
    assert f'<a class="govuk-button govuk-button--secondary" href="{address}"' in html
    assert 'data-cwf-poll="2"' in html and 'role="status" aria-live="polite"' in html
    assert "Waiting for the import to start." in html
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.CHECKING, rows_total=7433, rows_checked=3000
    )
    html = officer_client.get(reverse("register_import_detail", args=[batch.pk])).content.decode()
    assert "Checked 3,000 of 7,433 rows. 20% done." in html
    assert 'aria-valuenow="20"' in html


def test_a_rejected_file_shows_each_problem_with_its_line_and_column(
    tmp_path, officer_client, django_capture_on_commit_callbacks
):
    path = imd_ward_file(tmp_path, {ward(1): 1.0, "E05X": 2.0})
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(officer_client, "imd", "imd.csv", path.read_bytes())
    html = officer_client.get(response.url).content.decode()
    assert "The file was not imported" in html and "Nothing was written." in html
    line = '<td class="govuk-table__cell cwf-table-numeric" role="cell" data-label="Line">3</td>'
    assert line in html
    assert "“E05X” is not a 2017 ward code" in html
    assert not Neighbourhood.objects.exists()


def test_the_same_file_twice_says_it_was_already_imported(
    tmp_path, officer_client, django_capture_on_commit_callbacks
):
    content = imd_ward_file(tmp_path, {ward(1): 1.0}).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        upload(officer_client, "imd", "imd.csv", content)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(officer_client, "imd", "imd-copy.csv", content)
    html = officer_client.get(response.url).content.decode()
    assert "This file was already imported in" in html and "Nothing changed." in html


def test_an_upload_over_the_size_limit_is_refused_on_the_form(officer_client, settings):
    settings.REGISTER_IMPORT_MAX_BYTES = 100
    response = upload(officer_client, "imd", "big.csv", b"x" * 500)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The file is 500\xa0bytes. The largest file you can import is 100\xa0bytes." in html
    assert not ImportBatch.objects.exists()


def test_the_form_asks_for_the_index_and_the_file(officer_client):
    html = officer_client.post(reverse("register_import_new"), {}).content.decode()
    assert "Choose which index the file holds" in html and "Choose a CSV file to import" in html


def test_the_imports_page_lists_each_import(
    tmp_path, officer_client, django_assert_max_num_queries
):
    content = imd_ward_file(tmp_path, {ward(1): 1.0}).read_bytes()
    for n in range(3):
        upload(officer_client, "imd", f"imd-{n}.csv", content)
    with django_assert_max_num_queries(10):
        html = officer_client.get(reverse("register_import_index")).content.decode()
    assert html.count("Waiting to start") == 3 and "Import a file" in html
