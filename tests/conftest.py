import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD, PartnershipFactory, Role, give_totp, user_with_role


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _live_server_serves_no_uploads():
    """Uploaded files are never served by URL (MEDIA_URL is None): receipts reach people only
    through views that check who is asking. Django's live server would serve MEDIA_ROOT anyway
    (and cannot parse a None MEDIA_URL), so take that layer out: a browser test must not be able to
    pass by fetching a file production would never serve."""
    from django.test import testcases

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(testcases, "_MediaFilesHandler", lambda application: application)
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: sign-in rate limits count every test's logins from
    127.0.0.1, and would otherwise lock out later tests in the same process."""
    from django.core.cache import cache

    from cwf.core import degraded

    cache.clear()
    degraded.reset()


def signed_in(user, *, mfa: bool = True) -> Client:
    """A test client signed in as `user`, with MFA set up where the role needs it."""
    from cwf.accounts.mfa import lacks_required_mfa

    if mfa and lacks_required_mfa(user):
        give_totp(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


@pytest.fixture
def officer(db):
    return user_with_role(Role.FUND_OFFICER)


@pytest.fixture
def officer_client(officer):
    return signed_in(officer)


@pytest.fixture
def trustee(db):
    return user_with_role(Role.TRUSTEE)


@pytest.fixture
def chair(partnership):
    return user_with_role(Role.PARTNERSHIP_CHAIR, partnership)


@pytest.fixture
def resident(partnership):
    return user_with_role(Role.RESIDENT_MEMBER, partnership)


__all__ = ["TEST_PASSWORD", "signed_in"]
