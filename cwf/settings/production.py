"""Production: PostgreSQL, Redis and SMTP from the environment. Passes `check --deploy`."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # required: no default in production
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 60 * 60

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "cwf.core.storage.StaticFilesStorage"},
}

# Behind the TLS proxy every connection comes from the proxy: read the client's address from the
# X-Forwarded-For entry the proxy adds, for the sign-in limits (allauth) and the API's throttles
# (DRF). One proxy by default; set the count to match your chain.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=1)
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT}
