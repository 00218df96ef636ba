"""Re-importing the register (issue 14, finding 4): a file equal to the register's current data
changes nothing; any other file imports, so the full file after a partial one restores the
register; and a file that would take the scores away from most of the register waits for an
officer's confirmation on its page, or needs --replace on the command line."""

import pytest
from django.core.management import CommandError, call_command

from partnerships.models import ImportBatch, Neighbourhood
from partnerships.services.register_imports import import_batch_run, import_imd_file
from tests.conftest import signed_in
from tests.factories import Role, user_with_role

from .register_files import imd_ward_file, ward

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status


def scored() -> int:
    return Neighbourhood.objects.filter(imd_score__isnull=False).count()


@pytest.fixture
def files(tmp_path):
    full = imd_ward_file(tmp_path, {ward(n): float(n) for n in range(1, 101)}, name="full.csv")
    part = imd_ward_file(tmp_path, {ward(n): float(n) for n in range(1, 5)}, name="part.csv")
    return full, part


def test_the_full_file_after_a_partial_one_restores_the_register(files):
    full, part = files
    assert import_imd_file(path=full).status == Status.IMPORTED and scored() == 100
    partial = import_imd_file(path=part, replace=True)
    assert partial.status == Status.IMPORTED and scored() == 4
    again = import_imd_file(path=full)
    assert again.status == Status.IMPORTED, again.lines()
    assert scored() == 100
    assert Neighbourhood.objects.get(code=ward(100)).imd_rank == 1


def test_a_file_equal_to_the_current_data_changes_nothing(files):
    full, _ = files
    import_imd_file(path=full)
    again = import_imd_file(path=full)
    assert again.status == Status.ALREADY_IMPORTED
    assert "was already imported" in again.lines()[0]


def test_a_file_that_empties_most_of_the_register_waits_for_confirmation(files):
    full, part = files
    import_imd_file(path=full)
    waiting = import_imd_file(path=part)
    assert waiting.status == Status.TO_CONFIRM and scored() == 100
    assert waiting.lines() == [
        "part.csv would remove the scores of 96 of the 100 wards that have them. Nothing was "
        "imported. To replace the register with this file, run the command again with "
        "--replace, or confirm it on the import's page."
    ]


def test_the_command_needs_replace(files):
    full, part = files
    call_command("import_imd", str(full))
    with pytest.raises(CommandError, match="would remove the scores of 96 of the 100 wards"):
        call_command("import_imd", str(part))
    assert scored() == 100
    call_command("import_imd", str(part), "--replace")
    assert scored() == 4


def test_an_officer_confirms_or_declines_on_the_page(files, django_capture_on_commit_callbacks):
    full, part = files
    import_imd_file(path=full)
    officer = user_with_role(Role.FUND_OFFICER)
    client = signed_in(officer)
    first = ImportBatch.objects.get(pk=import_imd_file(path=part).batch_id)
    page = client.get(f"/neighbourhoods/imports/{first.pk}/").content.decode()
    assert "would remove the IMD" in page or "would remove the" in page
    assert "96" in page and "Replace the register with this file" in page
    client.post(f"/neighbourhoods/imports/{first.pk}/", {"decision": "keep"})
    first.refresh_from_db()
    assert first.status == Status.REJECTED and scored() == 100
    second = ImportBatch.objects.get(pk=import_imd_file(path=part).batch_id)
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    refused = trustee.post(f"/neighbourhoods/imports/{second.pk}/", {"decision": "replace"})
    assert refused.status_code in (403, 404)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/neighbourhoods/imports/{second.pk}/", {"decision": "replace"})
    second.refresh_from_db()
    assert second.status == Status.QUEUED and second.replace_confirmed
    import_batch_run(import_batch_id=second.pk)
    second.refresh_from_db()
    assert second.status == Status.IMPORTED and scored() == 4
