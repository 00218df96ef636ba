"""Story photos are checked by what they contain, not what they are called."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cwf.core.errors import DomainError
from reporting.services.photos import check_photo
from tests.reporting.access_world import png_upload


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_real_jpeg_and_png_pass_whatever_their_names():
    assert check_photo(SimpleUploadedFile("x.png", _jpeg())) == "image/jpeg"
    assert check_photo(png_upload("holiday.jpg")) == "image/png"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"GIF89a\x01\x00\x01\x00", "must be a JPEG or PNG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "must be a JPEG or PNG"),
        (b"%PDF-1.7\n", "must be a JPEG or PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "could not be read"),
        (b"\xff\xd8\xff" + b"\x00" * 20, "could not be read"),
        (b"", "must be a JPEG or PNG"),
    ],
)
def test_anything_else_is_refused_on_the_photo_field(content, message):
    with pytest.raises(DomainError, match=message) as exc:
        check_photo(SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"))
    assert exc.value.field == "photo"


def test_too_large_is_refused(settings):
    settings.REPORT_PHOTO_MAX_BYTES = 100
    with pytest.raises(DomainError, match="smaller than"):
        check_photo(SimpleUploadedFile("big.jpg", _jpeg() + b"\x00" * 200))


@pytest.mark.django_db
def test_a_story_whose_row_cannot_be_written_leaves_no_photo_file(settings):
    """The photo is written before the story's row; when the row's INSERT fails the file goes
    again, and a story that was saved keeps its photo."""
    from pathlib import Path

    from django.db import IntegrityError, connection

    from reporting.services.reports import report_story_add
    from tests.reporting.access_world import png_upload
    from tests.reporting.report_scenario import World

    world = World()
    report = world.first_report()
    photos = Path(settings.MEDIA_ROOT) / "reports" / str(report.pk) / "stories"
    seen = []

    def fail(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "reporting_reportstory"'):
            seen.append(sorted(p.name for p in photos.glob("*")))
            raise IntegrityError("the story's row could not be written")
        return execute(sql, params, many, context)

    add = {"report_id": report.pk, "actor": world.chair, "title": "Fun day", "body": "It was fun."}
    with connection.execute_wrapper(fail), pytest.raises(IntegrityError):
        report_story_add(**add, photo=png_upload())
    assert len(seen) == 1 and len(seen[0]) == 1  # the file was there when the row failed
    assert list(photos.glob("*")) == []
    story = report_story_add(**add, photo=png_upload())
    assert [p.name for p in photos.glob("*")] == [Path(story.photo.name).name]
