import pytest
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def _media_url_for_the_live_server():
    """MEDIA_URL is None (uploads are never served directly), but Django's live server parses it
    as a URL when it starts, and fails every request on None. Give it a path nothing uses."""
    with override_settings(MEDIA_URL="/media-is-never-served/"):
        yield
