"""Story photos: JPEG or PNG, decided by the file's content (signature, then Pillow opening it),
never by its name or the browser's claimed type."""

from __future__ import annotations

from django.conf import settings

from cwf.core.errors import DomainError

SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
PILLOW_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def check_photo(upload) -> str:
    """The photo's content type, or DomainError(field="photo") saying what is wrong."""
    if upload.size > settings.REPORT_PHOTO_MAX_BYTES:
        limit = settings.REPORT_PHOTO_MAX_BYTES // (1024 * 1024)
        raise DomainError(f"The photo must be smaller than {limit} MB.", field="photo")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    claimed = next((kind for sig, kind in SIGNATURES.items() if head.startswith(sig)), None)
    if claimed is None:
        raise DomainError("The photo must be a JPEG or PNG image.", field="photo")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
            found = PILLOW_FORMATS.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError("The photo could not be read: it may be damaged.", field="photo") from exc
    finally:
        upload.seek(0)
    if found != claimed:
        raise DomainError("The photo must be a JPEG or PNG image.", field="photo")
    return found
