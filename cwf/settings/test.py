"""Fast, isolated settings for `make test` (cookiecutter-django style). DATABASE_URL and
CELERY_BROKER_URL still choose PostgreSQL and Redis when CI sets them."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("CWF_VAR_DIR", tempfile.mkdtemp(prefix="cwf-test-var-"))

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, REST_FRAMEWORK, VAR_DIR, env

DEBUG = False
# The demo and the benchmark are tested too (never in production settings).
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run in-process when their on_commit hook fires; tests choose when that happens.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# A failed e-mail may be retried at once; tests of the back-off set it.
OUTBOX_RETRY_SECONDS = 0
MEDIA_ROOT = Path(VAR_DIR) / "media"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_NAME", default="")}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/minute",
        "user": "100000/minute",
        "public": "10000/minute",
    },
}
