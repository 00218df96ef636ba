"""Settings shared by every environment. Everything that differs between machines is read from
the environment (12-factor), with defaults that run the app with no servers at all: SQLite,
Celery's filesystem transport, a file cache and e-mail written to files, all under var/."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env("CWF_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "auditlog",
    # The shared kernel, then the domain apps in dependency order.
    "cwf.accounts",
    "cwf.core",
    "partnerships",
    "grants",
    "participation",
    "reporting",
    "privacy",
]

MIDDLEWARE = [
    # First: every request counted and timed (/metrics/), and given an id for its log lines.
    "cwf.core.metrics.RequestMetricsMiddleware",
    "cwf.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cwf.core.middleware.NulQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cwf.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cwf.accounts.middleware.MfaRequiredMiddleware",
    "cwf.core.middleware.AuditlogMiddleware",
    # Last: runs the view itself for a POST carrying a one-time key (cwf/core/idempotency.py).
    "cwf.core.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "cwf.urls"
WSGI_APPLICATION = "cwf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cwf.core.context_processors.navigation",
            ],
            # {% submission_key %} in every POST form, without a {% load %} (idempotency.py).
            "builtins": ["cwf.core.templatetags.submission"],
        },
    },
]
# Every form's fields know their GOV.UK error and hint ids and say what to do when left empty.
FORM_RENDERER = "cwf.core.forms.GovukRenderer"

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has a web server, a worker and beat writing to one file: WAL lets
    # readers go on during a write, and IMMEDIATE transactions take the write lock up front so a
    # transaction never fails half-way on "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles any query it estimates as expensive, which for a web request's
    # short aggregates costs more than it saves: 60 of the 88 ms of the attention list's query
    # at 1,000 partnerships (docs/performance.md). Off for this application's connections only.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------------
# A shared cache, never per-process memory: login rate limits must hold across web workers.
CACHES = {
    "default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}"),
}
# Keys are prefixed with this: for deployments (or the bench's load test) sharing one Redis.
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", default="")
# The cache is optional: with Redis unreachable every page still answers (cwf/core/cache.py says
# what falls back to what), and a hung Redis costs at most half a second before the fallback.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "cwf.core.cache.FailOpenRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    )

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "celery" / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Without this kombu keeps its exchange tables in ./control, inside the source tree.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
else:
    # A dead or hung Redis fails a publish within about a second (the task stays due in the
    # database, cwf/celery.py), rather than holding a web request.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 1,
        "socket_timeout": 5,
        # A message not acknowledged this long after delivery (its worker was killed) is
        # delivered again: longer than the longest task's time limit (below), so a running task
        # is never handed to a second worker, and far shorter than Kombu's default hour, so a
        # killed release run resumes within half an hour (beat's sweeps often sooner).
        "visibility_timeout": 30 * 60,
    }
# Queues that cannot starve each other (issue 21, finding 4): money (releases) never waits behind
# a thousand e-mails, nor heartbeats behind a board pack. Each has its own worker (Procfile,
# docker-compose.yml); docs/operations.md lists them. Anything unrouted goes to "celery", the
# ops worker's queue of short housekeeping sweeps.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CWF_QUEUES = ("money", "messages", "heartbeat", "long", "celery")
CELERY_TASK_ROUTES = {
    # Money: releasing due tranches, and the hourly reporting step that holds tranches.
    "grants.tasks.tranches_release_due": {"queue": "money"},
    "reporting.tasks.reports_hourly": {"queue": "money"},
    # Messages: the e-mail outbox and every run that writes messages.
    "cwf.core.tasks.outbox_send": {"queue": "messages"},
    "grants.tasks.tranche_released_notify": {"queue": "messages"},
    "grants.tasks.plan_reviews_remind_due": {"queue": "messages"},
    "partnerships.tasks.composition_reviews_send_due": {"queue": "messages"},
    "reporting.tasks.digests_send": {"queue": "messages"},
    # Heartbeats: the proof, for /health/, that a worker is taking work.
    "cwf.core.tasks.heartbeat": {"queue": "heartbeat"},
    # Long jobs: board packs, imports, exports and quarter-end snapshots.
    "reporting.tasks.board_pack_build": {"queue": "long"},
    "partnerships.tasks.import_batch_run": {"queue": "long"},
    "reporting.tasks.portfolio_snapshots": {"queue": "long"},
    "reporting.tasks.open_data_publish": {"queue": "long"},
    "privacy.tasks.export_build": {"queue": "long"},
    "privacy.tasks.retention_run": {"queue": "long"},
    "*.export_*": {"queue": "long"},
}
# The longest task (a board pack at national size) is stopped after 25 minutes, inside the
# broker's 30-minute visibility_timeout above.
CELERY_TASK_TIME_LIMIT = 25 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 24 * 60
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.25,
    "interval_max": 0.5,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged only when it finishes, so a killed worker's task is redelivered. Every
# task is idempotent, and the database (not the broker) says what is due.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Write each periodic task's last_run_at at once, so /health/ can tell that beat is alive.
CELERY_BEAT_SYNC_EVERY = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Each app adds its periodic tasks in beat.py; the database scheduler copies them into its tables.
from .beat import CELERY_BEAT_SCHEDULE  # noqa: E402, F401

HEALTH_STALE_AFTER_SECONDS = env.int("HEALTH_STALE_AFTER_SECONDS", default=120)
# Writes to these apps' tables raise the portfolio version, which keys the cached trustee
# summary (cwf/core/portfolio_version.py); these models change no figure.
PORTFOLIO_VERSION_APPS = ["partnerships", "grants", "reporting"]
PORTFOLIO_VERSION_IGNORE = [
    "reporting.Notification",
    "reporting.NotificationPreference",
    "reporting.BoardPack",
    "reporting.BoardPackRequest",
]
# Writes to these raise the spend version instead (a spend leaves money and status figures cached).
PORTFOLIO_VERSION_SPEND = ["grants.Spend", "grants.SpendTotal"]
# API lists cached by the versions (cwf.core.api.VersionCachedList); the bench turns it off to
# time the lists' own computation.
PORTFOLIO_CACHE_LISTS = env.bool("PORTFOLIO_CACHE_LISTS", default=True)
# /metrics/ for Prometheus answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is off.
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# --- E-mail -------------------------------------------------------------------------------------
MAIL_DIR = VAR_DIR / "mail"
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = MAIL_DIR
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CWF Grants <no-reply@cwf-grants.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "cwf.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Signing in does not wait for a confirmed address (invited people prove theirs by signing up
# from the link), but changing it does: a new address replaces the old one only once the link
# e-mailed to it is followed (cwf/accounts/emails.py).
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_FORMS = {"add_email": "cwf.accounts.forms.AddEmailForm"}
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CWF Grants] "
# Failed sign-ins are limited per account (key: the address typed) and, far more loosely, per
# client address: five wrong passwords lock that account for five minutes, never everyone else
# behind the same address (an office, or every user when the proxy's address is all we see).
# allauth counts an attempt before checking it, so the per-address figure must leave room for
# the other accounts' right passwords.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
# How many proxies in front of the app set X-Forwarded-For (0: trust none and use the
# connection's address). Production sets 1; see production.py and the README.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# Or the one header a trusted proxy puts the client's address in (e.g. X-Real-IP).
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default=None)
MFA_ADAPTER = "cwf.accounts.mfa.MfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CWF Grants"
MFA_RECOVERY_CODE_COUNT = 10

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cwf.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cwf.accounts.api_permissions.ReadOnlyForTrustees"],
    "DEFAULT_PAGINATION_CLASS": "cwf.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": "60/minute",
        "user": "1200/minute",
        # The public pages, files and API (docs/open-data.md), per address.
        "public": env("PUBLIC_RATE", default="300/minute"),
    },
    "EXCEPTION_HANDLER": "cwf.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CWF Grants API",
    "DESCRIPTION": "Read-only portfolio data for trustees and their analysts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The register's IMD and CNI editions share one list of choices (partnerships/editions.py).
    "ENUM_NAME_OVERRIDES": {
        "EditionEnum": "partnerships.editions.EDITION_CHOICES",
        "LocalIncomeKindEnum": "grants.models.coinvestment.LocalIncome.Kind",
        "AreaKindEnum": "partnerships.models.neighbourhood.Neighbourhood.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cwf.core.api.document_errors",
    ],
}

# --- Security headers ---------------------------------------------------------------------------
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (receipts, photos) live outside the web root and are only ever served through
# a view that checks who is asking.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- Audit --------------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False  # each app registers its models in AppConfig.ready()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cwf.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cwf.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Domain settings ----------------------------------------------------------------------------
from .domain import *  # noqa: E402, F403

# --- Open data (docs/open-data.md) --------------------------------------------------------------
# The licence the data page gives the published files: "OGL" (Open Government Licence v3.0) or
# "CC-BY" (Creative Commons Attribution 4.0). CC BY by default, as THREESIXTYGIVING_LICENSE is:
# change both together.
OPEN_DATA_LICENCE = env("OPEN_DATA_LICENCE", default="CC-BY")
