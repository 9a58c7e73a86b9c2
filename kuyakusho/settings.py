"""Kuyakusho settings: every knob comes from the environment.

Embedded default (nothing set): SQLite in WAL mode under var/, an in-database task queue,
an outbox mail backend readable in the back office, local-memory cache.
Scale-out: DATABASE_URL (PostgreSQL), REDIS_URL (cache, sessions, rate limits and the RQ
task engine), SMTP_URL, S3 storage. See docs/operations.md for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
import xstatic.pkg.leaflet as _leaflet_static
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("KUYAKUSHO_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use KUYAKUSHO_SECRET_KEY, or a random key kept in var/ for the embedded default."""
    if key := os.environ.get("KUYAKUSHO_SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("KUYAKUSHO_DEBUG")
ALLOWED_HOSTS = os.environ.get("KUYAKUSHO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("KUYAKUSHO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
HTTPS = env_bool("KUYAKUSHO_HTTPS")
# The public address of this installation, for links in e-mail (unsubscribe, confirmation).
SITE_URL = os.environ.get("KUYAKUSHO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where the source code of this installation is offered (AGPL-3.0 section 13).
SOURCE_CODE_URL = os.environ.get("KUYAKUSHO_SOURCE_URL", "")

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
    "csp",
    "django_tasks",
    "django_tasks_db",
    "kuyakusho.core",
    "kuyakusho.accounts",
    "kuyakusho.notifications",
    "kuyakusho.faq",
    "kuyakusho.facilities",
    "kuyakusho.events",
    # Wagtail for the portal's pages and notices (ADR 0009); its admin is at /staff/cms/.
    "wagtail.documents",
    "wagtail.snippets",
    "wagtail.images",  # the page editor's choosers need it even where pages have no images
    "wagtail.search",  # the CMS's own search index; saving a document (attachment) needs it
    "wagtail.users",
    "wagtail.sites",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # After Wagtail: its post_migrate step (portal.setup) needs Wagtail's permissions.
    "kuyakusho.portal",
    "kuyakusho.signage",  # after portal and events: its demo screens use their data
    "kuyakusho.disaster",  # after signage and notifications: it registers an override source
    "kuyakusho.shelters",  # after facilities: its demo links to the sample facilities
    "kuyakusho.staff_safety",
    "kuyakusho.damage",  # after shelters and notifications: reports link shelters and areas
    "kuyakusho.reports",  # after notifications: followers hear of updates through it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kuyakusho.core.middleware.RequestTooLargeMiddleware",
    # Before sessions: a cached page for an anonymous visitor costs no session or user work.
    "kuyakusho.core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kuyakusho.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kuyakusho.accounts.middleware.StaffSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kuyakusho.portal.cms.CmsMiddleware",
]

ROOT_URLCONF = "kuyakusho.urls"
WSGI_APPLICATION = "kuyakusho.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "kuyakusho.core.context_processors.platform",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "kuyakusho.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE serialises writers up front, so the audit hash chain never forks.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # mmap_size: pages are read from the OS page cache through a memory map instead of a
        # read() call each. Every request opens a new connection (CONN_MAX_AGE = 0), whose own
        # page cache starts empty; search reads hundreds of scattered rows per query (about
        # 2 ms less for 500 rows at 100,000 documents, docs/performance.md). 2 GiB is SQLite's
        # default upper limit; only the file's actual size is mapped.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA mmap_size=2147418112;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, task queue ------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Page cache for anonymous visitors (core.page_cache). Its own cache, so that a flood of
# distinct URLs culls pages, never rate-limit counters or sessions. 0 seconds turns it off;
# keep it short: a disaster banner or a withdrawn page must not wait long.
PAGE_CACHE_SECONDS = int(os.environ.get("KUYAKUSHO_PAGE_CACHE_SECONDS", "60"))
PAGE_CACHE_MAX_BYTES = 1024 * 1024
# How long a shared cache in front (deploy/nginx/) may keep a page that is the same for every
# anonymous visitor. The proxy hears of no change, so this bounds how late an alert shows.
PROXY_CACHE_SECONDS = int(os.environ.get("KUYAKUSHO_PROXY_CACHE_SECONDS", "5"))
PAGE_CACHE_EXCLUDED_PREFIXES = [
    "/staff/", "/admin/", "/accounts/", "/mypage/", "/api/", "/notifications/", "/documents/",
    "/media/", "/healthz", "/lang/", "/preferences/", "/events/mine/", "/events/groups/mine/",
    "/events/groups/join/", "/safety/",
]  # fmt: skip
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }

TASK_ENGINE = os.environ.get("KUYAKUSHO_TASK_ENGINE", "rq" if REDIS_URL else "database")
TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
if TASK_ENGINE not in TASK_BACKENDS:
    raise RuntimeError(f"KUYAKUSHO_TASK_ENGINE must be one of {sorted(TASK_BACKENDS)}")
TASKS = {"default": TASK_BACKENDS[TASK_ENGINE]}
# django-rq reads RQ_QUEUES at import time, so it is always defined.
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}
INSTALLED_APPS.append("django_rq")
WORKER_HEARTBEAT_SECONDS = 10
# /healthz reports the worker unhealthy when its last heartbeat is older than this.
WORKER_STALE_SECONDS = int(os.environ.get("KUYAKUSHO_WORKER_STALE_SECONDS", "60"))

# --- Accounts and authentication ------------------------------------------------------------
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
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:mypage"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300  # sudo mode lasts five minutes
ACCOUNT_ADAPTER = "kuyakusho.accounts.adapter.AccountAdapter"
# Throttling and lockout: five failed logins for one account lock it for five minutes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
# Accept the previous and next 30-second code too: phones with slightly wrong clocks still work.
MFA_TOTP_TOLERANCE = 1
MFA_TOTP_ISSUER = os.environ.get("KUYAKUSHO_MFA_ISSUER", "Kuyakusho")
# WebAuthn needs a secure origin; plain http is allowed only for the embedded default on loopback.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("KUYAKUSHO_WEBAUTHN_INSECURE_ORIGIN", not HTTPS)
STAFF_IDLE_TIMEOUT_SECONDS = int(os.environ.get("KUYAKUSHO_STAFF_IDLE_TIMEOUT", "1800"))

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [
    ("ja", "日本語"),
    ("ja-x-easy", "やさしい日本語"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("ko", "한국어"),
]
LANGUAGE_COOKIE_NAME = "kuyakusho_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/leaflet", _leaflet_static.BASE_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
MAX_UPLOAD_BYTES = int(os.environ.get("KUYAKUSHO_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# Attachments of portal pages (PDF leaflets are often larger than other uploads).
MAX_DOCUMENT_BYTES = int(os.environ.get("KUYAKUSHO_MAX_DOCUMENT_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = max(MAX_UPLOAD_BYTES, MAX_DOCUMENT_BYTES) + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if os.environ.get("KUYAKUSHO_S3_BUCKET"):
    # Scale-out: uploads go to any S3-compatible service (django-storages); credentials come
    # from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["KUYAKUSHO_S3_BUCKET"],
            "endpoint_url": os.environ.get("KUYAKUSHO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("KUYAKUSHO_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# `kuyakusho serve` collects static files (with gzip copies) into STATIC_ROOT and leaves a
# marker; from then on WhiteNoise serves those, compressed (Leaflet's 158 KB become ~60 KB).
# Without the marker (tests, manage.py runserver) files come straight from the finders.
STATIC_COLLECTED_MARKER = STATIC_ROOT / ".collected"
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED_MARKER.exists()
WHITENOISE_AUTOREFRESH = DEBUG

# --- Mail ------------------------------------------------------------------------------------
# Every message goes to the outbox (readable in the back office); with SMTP_URL it is also
# delivered by SMTP, e.g. smtp://user:pass@host:587?tls=1
EMAIL_BACKEND = "kuyakusho.core.mail.OutboxEmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("KUYAKUSHO_FROM_EMAIL", "kuyakusho@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMTP_URL = os.environ.get("SMTP_URL", "")
if SMTP_URL:
    _smtp = urlparse(SMTP_URL)
    _smtp_query = parse_qs(_smtp.query)
    EMAIL_HOST = _smtp.hostname or "localhost"
    EMAIL_PORT = _smtp.port or 25
    EMAIL_HOST_USER = unquote(_smtp.username or "")
    EMAIL_HOST_PASSWORD = unquote(_smtp.password or "")
    EMAIL_USE_TLS = _smtp_query.get("tls", ["0"])[0] == "1"
    EMAIL_USE_SSL = _smtp.scheme == "smtps"
    EMAIL_TIMEOUT = 10

# --- Notifications ----------------------------------------------------------------------------
# Bulk mail goes straight to SMTP when configured (the delivery rows are its record); without
# SMTP it lands in the outbox like all other mail.
NOTIFICATIONS_EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if SMTP_URL
    else "kuyakusho.core.mail.OutboxEmailBackend"
)
# Which language a reader gets when a message lacks theirs (Japanese is always last).
NOTIFICATIONS_LANGUAGE_FALLBACK = {
    "ja-x-easy": ["ja"],
    "en": ["ja-x-easy", "ja"],
    "zh-hans": ["zh-hant", "en", "ja-x-easy"],
    "zh-hant": ["zh-hans", "en", "ja-x-easy"],
    "ko": ["en", "ja-x-easy"],
}
# Delivery tasks per message (spread over all workers) and SMTP connections per task.
NOTIFICATIONS_PARALLEL_WORKERS = int(os.environ.get("KUYAKUSHO_NOTIFY_TASKS", "1"))
NOTIFICATIONS_PARALLEL_CONNECTIONS = int(os.environ.get("KUYAKUSHO_NOTIFY_CONNECTIONS", "4"))
NOTIFICATIONS_BATCH_SIZE = 400  # claimed per transaction by a worker's coordinator
NOTIFICATIONS_MAX_ATTEMPTS = 5
NOTIFICATIONS_RETRY_BASE_SECONDS = 60
NOTIFICATIONS_BOUNCE_LIMIT = int(os.environ.get("KUYAKUSHO_BOUNCE_LIMIT", "3"))
# A claimed row whose worker died goes back to the queue after this lease.
NOTIFICATIONS_LEASE_SECONDS = int(os.environ.get("KUYAKUSHO_NOTIFY_LEASE_SECONDS", "120"))
# How often workers look for due scheduled messages, retries and rows of dead workers.
NOTIFICATIONS_RESUME_SECONDS = int(os.environ.get("KUYAKUSHO_NOTIFY_RESUME_SECONDS", "60"))
# Webhook endpoints must use https; plain http only to this machine (127.0.0.1, ::1,
# localhost), and only in development or where the operator allows it (a local bridge).
NOTIFICATIONS_WEBHOOK_ALLOW_HTTP_LOOPBACK = env_bool("KUYAKUSHO_WEBHOOK_ALLOW_HTTP_LOOPBACK", DEBUG)
# --- Staff safety confirmation (職員安否確認) -------------------------------------------------
# A reply link still works this long after its round was closed, so that a form opened just
# before closing is not lost; afterwards it changes nothing.
STAFF_SAFETY_LINK_GRACE_SECONDS = int(os.environ.get("KUYAKUSHO_SAFETY_LINK_GRACE_SECONDS", "600"))
# Temporary SMTP failures are tried again each minute up to this many times in all.
STAFF_SAFETY_MAX_SEND_ATTEMPTS = int(os.environ.get("KUYAKUSHO_SAFETY_MAX_SEND_ATTEMPTS", "5"))

# Emergency messages need a second staff member's approval unless the ward turns it off.
EMERGENCY_TWO_PERSON_RULE = env_bool("KUYAKUSHO_EMERGENCY_TWO_PERSON", True)

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "kuyakusho_session"
SESSION_COOKIE_AGE = 14 * 24 * 3600
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "kuyakusho.core.views_errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("KUYAKUSHO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("KUYAKUSHO_SSL_REDIRECT", True)

# --- Disaster (issue #6) ------------------------------------------------------------------
# The static disaster page is written here; a web server in front may serve it directly
# (deploy/nginx, docs/operations.md).
DISASTER_PAGE_DIR = Path(
    os.environ.get("KUYAKUSHO_DISASTER_PAGE_DIR", VAR_DIR / "public" / "disaster")
)
# JMA 防災情報XML earthquake messages put here (by a receiving program) are read every 20 s.
DISASTER_JMA_DROP_DIR = Path(os.environ.get("KUYAKUSHO_JMA_DROP_DIR", VAR_DIR / "jma-drop"))
# CAP <sender>; by default derived from the ward's 全国地方公共団体コード.
DISASTER_CAP_SENDER = os.environ.get("KUYAKUSHO_CAP_SENDER", "")

GSI_TILES = "https://cyberjapandata.gsi.go.jp"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE is django-csp's sentinel: replaced by 'nonce-…' when a template uses the
        # request's nonce, dropped otherwise (the string "'nonce'" was sent as is, invalid).
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", GSI_TILES],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Wagtail (portal pages and notices; ADR 0009) ---------------------------------------
WAGTAIL_SITE_NAME = "Kuyakusho"
WAGTAILADMIN_BASE_URL = os.environ.get("KUYAKUSHO_SITE_URL", "http://127.0.0.1:8000")
# Staff sign in through allauth with their second factor, never through Wagtail's own form;
# passwords are managed there too, and no avatar is fetched from a third party.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "txt", "odt", "ods"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # through Django, so private collections stay private
# Wagtail checks the extension only; this form also checks the content (core.uploads).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "kuyakusho.portal.forms.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = MAX_DOCUMENT_BYTES

# --- Logging: no personal data; request paths only, never bodies or query strings. ----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "kuyakusho.core.logging.ScrubPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KUYAKUSHO_LOG_LEVEL", "INFO")},
    # Wagtail logs every page action at INFO; ours go to the audit log instead.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
