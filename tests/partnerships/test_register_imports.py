"""Importing files into the register: all or nothing, idempotent, history kept, background jobs
that run once."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cwf.core.errors import DomainError, ScopeError
from partnerships.models import ImportBatch, Neighbourhood, ScoreRevision
from partnerships.services.register_imports import (
    import_batch_run,
    import_batches_recover,
    import_cni_file,
    import_imd_file,
    import_upload_queue,
)
from partnerships.tasks import import_batch_run as run_register_import
from tests.factories import Role, user_with_role

from .register_files import CNI_EXCERPT, FILE7_SAMPLE, cni_file, imd_ward_file, ward

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status


def test_imd_then_cni_fill_the_register_with_ranks_deciles_names_and_regions(tmp_path):
    imd = import_imd_file(path=imd_ward_file(tmp_path, {ward(n): float(n) for n in range(1, 21)}))
    assert imd.status == Status.IMPORTED and imd.created == 20
    cni = import_cni_file(path=cni_file(tmp_path, {ward(n): float(n) for n in range(1, 21)}))
    assert (cni.created, cni.updated) == (0, 20)
    top = Neighbourhood.objects.get(code=ward(20))
    assert (top.imd_rank, top.imd_decile, top.cni_rank, top.cni_decile) == (1, 1, 1, 1)
    assert (top.imd_income_rank, top.imd_income_decile) == (1, 1)
    assert (top.name, top.local_authority_name, top.region) == (
        "Ward 020",
        "Knowsley",
        "North West",
    )
    bottom = Neighbourhood.objects.get(code=ward(1))
    assert (bottom.imd_rank, bottom.imd_decile) == (20, 10)
    # Decile 1 of 20 wards is the worst two, on both indices.
    assert set(
        Neighbourhood.objects.filter(doubly_disadvantaged=True).values_list("code", flat=True)
    ) == {
        ward(20),
        ward(19),
    }
    assert top.priority_rank == 1


def test_a_file_with_one_bad_row_writes_nothing(tmp_path):
    path = imd_ward_file(tmp_path, {ward(1): 1.0, ward(2): 2.0, "E05BAD": 3.0})
    summary = import_imd_file(path=path)
    assert summary.status == Status.REJECTED
    assert summary.errors == [
        {
            "line": 4,
            "column": "WD17CD",
            "message": "“E05BAD” is not a 2017 ward code: E05 and six digits.",
        }
    ]
    assert Neighbourhood.objects.count() == 0
    assert ScoreRevision.objects.count() == 0
    assert "Line 4, column WD17CD" in summary.lines()[1]


def test_a_duplicate_code_writes_nothing_and_names_the_lines(tmp_path):
    path = cni_file(tmp_path, {ward(1): 1.0, ward(2): 2.0})
    path.write_text(path.read_text() + path.read_text().splitlines()[2] + "\n")
    summary = import_cni_file(path=path)
    assert summary.status == Status.REJECTED
    assert summary.errors[0]["message"] == "E05000002 appears twice: on line 3 and on line 4."
    assert Neighbourhood.objects.count() == 0


def test_the_same_file_again_changes_nothing_and_says_so(tmp_path):
    path = cni_file(tmp_path, {ward(n): float(n) for n in range(1, 11)}, flagged={ward(3)})
    first = import_cni_file(path=path)
    before = list(Neighbourhood.objects.values_list("code", "cni_score", "cni_rank", "cni_batch"))
    again = import_cni_file(path=path)
    assert again.status == Status.ALREADY_IMPORTED
    assert again.same_as_batch_id == first.batch_id
    assert again.lines() == [
        f"cni.csv was already imported (import {first.batch_id}). Nothing changed."
    ]
    assert (
        list(Neighbourhood.objects.values_list("code", "cni_score", "cni_rank", "cni_batch"))
        == before
    )
    assert ScoreRevision.objects.count() == 10


def test_a_newer_file_updates_scores_and_keeps_the_old_values(tmp_path):
    old = import_imd_file(
        path=imd_ward_file(tmp_path, {ward(1): 10.0, ward(2): 20.0, ward(3): 30.0})
    )
    new = import_imd_file(
        path=imd_ward_file(tmp_path, {ward(1): 10.0, ward(2): 35.0, ward(3): 30.0}, name="2.csv")
    )
    # Ward 2's score changed; ward 3 kept its score but moved down a rank; ward 1 is untouched.
    assert (new.created, new.updated, new.unchanged, new.cleared) == (0, 2, 1, 0)
    changed = Neighbourhood.objects.get(code=ward(2))
    assert (changed.imd_score, changed.imd_rank, changed.imd_batch_id) == (35.0, 1, new.batch_id)
    revision = changed.score_revisions.get(batch_id=new.batch_id)
    assert revision.previous["imd_score"] == 20.0 and revision.previous["imd_rank"] == 2
    assert revision.current["imd_score"] == 35.0
    moved = Neighbourhood.objects.get(code=ward(3))
    assert (moved.imd_rank, moved.imd_batch_id) == (2, new.batch_id)
    assert not moved.score_revisions.filter(batch_id=new.batch_id).exists()
    same = Neighbourhood.objects.get(code=ward(1))
    assert same.imd_batch_id == old.batch_id
    assert list(same.score_revisions.values_list("batch_id", flat=True)) == [old.batch_id]


def test_a_ward_a_newer_file_leaves_out_loses_its_scores_but_not_their_history(tmp_path):
    import_imd_file(path=imd_ward_file(tmp_path, {ward(1): 10.0, ward(2): 20.0, ward(3): 30.0}))
    new = import_imd_file(
        path=imd_ward_file(tmp_path, {ward(1): 10.0, ward(2): 20.0}, name="2.csv")
    )
    assert new.cleared == 1
    gone = Neighbourhood.objects.get(code=ward(3))
    assert gone.imd_score is None and gone.imd_rank is None and gone.imd_decile is None
    revision = gone.score_revisions.get(batch_id=new.batch_id)
    assert revision.previous["imd_score"] == 30.0 and revision.current is None


def test_file_7_fills_lsoas_with_population_and_region_and_leaves_wards_alone(tmp_path):
    import_imd_file(path=imd_ward_file(tmp_path, {ward(1): 10.0}))
    summary = import_imd_file(path=FILE7_SAMPLE)
    assert summary.status == Status.IMPORTED and summary.created == 12
    assert summary.file_format == "IoD2019 File 7 (LSOA)"
    lsoa = Neighbourhood.objects.filter(kind="lsoa", local_authority_code="E07000244").first()
    assert lsoa.region == "East of England"  # a district created in April 2019
    assert lsoa.population > 0 and lsoa.name.startswith("East Suffolk")
    assert Neighbourhood.objects.get(code=ward(1)).imd_score == 10.0
    ranks = sorted(Neighbourhood.objects.filter(kind="lsoa").values_list("imd_rank", flat=True))
    assert ranks == list(range(1, 13))


def test_the_summary_keeps_each_measures_median_and_decile_boundaries(tmp_path):
    import_imd_file(path=imd_ward_file(tmp_path, {ward(n): float(n) for n in range(1, 21)}))
    batch = ImportBatch.objects.get()
    marks = batch.summary["benchmarks"]["imd"]
    assert marks["count"] == 20 and marks["median"] == 10.5
    assert (marks["min"], marks["max"]) == (1.0, 20.0)
    assert marks["worst"] == [19.0, 17.0, 15.0, 13.0, 11.0, 9.0, 7.0, 5.0, 3.0]


def test_an_upload_is_stored_outside_the_web_root_and_runs_as_a_job(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    officer = user_with_role(Role.FUND_OFFICER)
    content = cni_file(tmp_path, {ward(n): float(n) for n in range(1, 11)}).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_upload_queue(
            index="cni", upload=SimpleUploadedFile("cni 2019.csv", content), actor=officer
        )
    assert batch.source_path.startswith("register-imports/")
    assert (settings.MEDIA_ROOT / batch.source_path).read_bytes() == content
    batch.refresh_from_db()
    assert batch.status == Status.IMPORTED
    assert (batch.rows_total, batch.rows_checked, batch.rows_written) == (10, 10, 10)
    assert batch.created_by == officer and batch.file_name == "cni 2019.csv"


def test_a_job_run_twice_imports_once(tmp_path, django_capture_on_commit_callbacks):
    officer = user_with_role(Role.FUND_OFFICER)
    content = cni_file(tmp_path, {ward(n): float(n) for n in range(1, 11)}).read_bytes()
    with django_capture_on_commit_callbacks(execute=False):
        batch = import_upload_queue(
            index="cni", upload=SimpleUploadedFile("cni.csv", content), actor=officer
        )
    assert run_register_import(batch.pk) == Status.IMPORTED
    revisions = ScoreRevision.objects.count()
    assert run_register_import(batch.pk) == Status.IMPORTED
    assert ScoreRevision.objects.count() == revisions == 10
    assert ImportBatch.objects.filter(status=Status.IMPORTED).count() == 1


def test_uploads_over_the_size_limit_or_empty_are_refused(settings):
    officer = user_with_role(Role.FUND_OFFICER)
    settings.REGISTER_IMPORT_MAX_BYTES = 1024
    with pytest.raises(
        DomainError, match=r"The file is 2.0\xa0KB. The largest file you can import is 1.0\xa0KB."
    ):
        import_upload_queue(
            index="imd", upload=SimpleUploadedFile("big.csv", b"x" * 2048), actor=officer
        )
    with pytest.raises(DomainError, match=r"The file is empty\."):
        import_upload_queue(index="imd", upload=SimpleUploadedFile("e.csv", b""), actor=officer)
    assert not ImportBatch.objects.exists()


def test_trustees_cannot_import():
    trustee = user_with_role(Role.TRUSTEE)
    with pytest.raises(ScopeError):
        import_upload_queue(index="imd", upload=SimpleUploadedFile("a.csv", b"a"), actor=trustee)


def test_a_missing_file_rejects_the_job(tmp_path):
    path = imd_ward_file(tmp_path, {ward(1): 1.0})
    batch = ImportBatch.objects.create(
        index="imd", file_name="x.csv", source_path=str(tmp_path / "gone.csv"), sha256="0" * 64
    )
    assert import_batch_run(import_batch_id=batch.pk).errors[0]["message"] == "The file is missing."
    assert path.exists()


def test_beat_requeues_a_job_whose_worker_died_and_sends_queued_jobs(
    tmp_path, django_capture_on_commit_callbacks
):
    path = imd_ward_file(tmp_path, {ward(n): float(n) for n in range(1, 6)})
    long_ago = timezone.now() - timedelta(hours=1)
    stuck = ImportBatch.objects.create(
        index="imd",
        file_name="imd.csv",
        source_path=str(path),
        sha256="a" * 64,
        status=Status.WRITING,
        started_at=long_ago,
    )
    ImportBatch.objects.filter(pk=stuck.pk).update(created_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert import_batches_recover() == 1
    stuck.refresh_from_db()
    assert stuck.status == Status.IMPORTED
    assert Neighbourhood.objects.count() == 5


def test_the_excerpt_flags_19_official_wards(tmp_path):
    summary = import_cni_file(path=CNI_EXCERPT)
    assert summary.official == 19
    assert Neighbourhood.objects.filter(left_behind=True).count() == 19
