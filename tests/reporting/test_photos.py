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
