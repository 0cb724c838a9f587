"""Jobly settings: every value comes from the environment with a typed default.

`JOBLY_MODE=production` turns on the deploy-grade defaults and requires `SECRET_KEY`.
A bad value raises `SettingsError` naming the variable (see jobly/env.py).
"""

import re
from pathlib import Path

from jobly.env import (
    SettingsError,
    read_bool,
    read_choice,
    read_database,
    read_float,
    read_host_ports,
    read_int,
    read_list,
    read_redis_url,
    read_str,
)
from jobly.serving import default_web_concurrency

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(read_str("JOBLY_VAR_DIR", str(BASE_DIR / "var")))

# Mode: development (default, embedded defaults) or production (secure, explicit secrets).
MODE = read_choice("JOBLY_MODE", "development", {"development", "production"})
PRODUCTION = MODE == "production"
DEBUG = read_bool("DEBUG", False)

SECRET_KEY = read_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise SettingsError("SECRET_KEY must be set when JOBLY_MODE=production.")
    SECRET_KEY = "dev-insecure-jobly-key-change-me-in-production-0123456789abcdef"
elif PRODUCTION and len(SECRET_KEY) < 50:
    raise SettingsError("SECRET_KEY must be at least 50 characters long in production.")

# Web server (deploy/gunicorn.conf.py): the port, and worker processes behind it (default 2 per core, 2 to 8).
PORT = read_int("PORT", 8000, minimum=1, maximum=65535)
WEB_CONCURRENCY = read_int("WEB_CONCURRENCY", default_web_concurrency(), minimum=1, maximum=64)
ALLOWED_HOSTS = read_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise SettingsError("ALLOWED_HOSTS must list the site's host names when JOBLY_MODE=production.")
CSRF_TRUSTED_ORIGINS = read_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = read_str("SITE_URL", f"http://127.0.0.1:{PORT}")

INSTALLED_APPS = [
    "daphne",
    "jobly.apps.JoblyAdminConfig",  # django.contrib.admin with every ModelAdmin audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "channels",
    "django_celery_beat",
    "django_migration_linter",
    "jobly.apps.JoblyConfig",
    "matching.apps.MatchingConfig",
    "tracking.apps.TrackingConfig",
    "interviews.apps.InterviewsConfig",
    "packets.apps.PacketsConfig",
]

MIDDLEWARE = [
    "jobly.middleware.RequestIdMiddleware",
    "jobly.metrics.web.MetricsMiddleware",  # before the host/HTTPS checks: it answers /metrics itself
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jobly.audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jobly.middleware.AccessLogMiddleware",
    "jobly.middleware.BlankQueryParameterMiddleware",
]

ROOT_URLCONF = "jobly.urls"
ASGI_APPLICATION = "jobly.asgi.application"
WSGI_APPLICATION = "jobly.wsgi.application"

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
                "jobly.context.page_context",
            ],
        },
    },
]

# Database: SQLite under var/ when DATABASE_URL is unset (the zero-setup default of `make run`).
DATABASES = {"default": read_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jobly.sqlite3'}")}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Under ASGI every request runs its view on a new thread, so per-thread persistent connections pile up
# (one per concurrent request, per process) until PostgreSQL refuses more: the web processes use a
# pool of DB_POOL_MAX_SIZE connections each instead (deploy/gunicorn.conf.py sets it; 0 = no pool).
# A request waits at most DB_POOL_TIMEOUT_SECONDS for a connection: short, so that while PostgreSQL is
# down pages fail (and /readyz reports it) within seconds instead of hanging.
DB_POOL_MAX_SIZE = read_int("DB_POOL_MAX_SIZE", 0, minimum=0, maximum=100)
DB_POOL_TIMEOUT_SECONDS = read_float("DB_POOL_TIMEOUT_SECONDS", 3.0, minimum=0.1)
if DATABASE_IS_POSTGRES:
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DB_POOL_MAX_SIZE else read_int("DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    if DB_POOL_MAX_SIZE:
        DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": DB_POOL_MAX_SIZE, "timeout": DB_POOL_TIMEOUT_SECONDS}
    statement_timeout_ms = read_int("DB_STATEMENT_TIMEOUT_MS", 30_000, minimum=0)
    DATABASES["default"]["OPTIONS"]["options"] = f"-c statement_timeout={statement_timeout_ms}"
else:
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["TEST"] = {"NAME": read_str("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker, channel layer and the shared cache (rate limits) all live here.
REDIS_URL = read_redis_url("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "jobly",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2, "pool_class": "jobly.redis.SharedConnectionPool"},
    }
}
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            # redis-py 8 reads with a 5 s socket timeout by default, the same as channels_redis'
            # 5 s BZPOPMIN: every idle WebSocket died with 1011 after 5 s. Read timeout > 5 s.
            "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 5}],
            "prefix": "jobly:",
            "capacity": 100,
            "expiry": 60,
            "group_expiry": 86400,
        },
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Files: static served by whitenoise from the ASGI app; uploads under var/media by default.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(read_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGE_BACKEND = read_choice("STORAGE_BACKEND", "local", {"local", "s3"})
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Backups (jobly/backups/) go to their own storage: BACKUP_DIR on local disk, or the bucket's backups/ prefix.
BACKUP_DIR = Path(read_str("BACKUP_DIR", str(VAR_DIR / "backups")))
STORAGES["backups"] = {  # backups hold everything: readable by the Jobly user only
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_DIR), "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
}
if STORAGE_BACKEND == "s3":
    _s3_options = {
        "bucket_name": read_str("STORAGE_S3_BUCKET"),
        "endpoint_url": read_str("STORAGE_S3_ENDPOINT_URL") or None,
        "region_name": read_str("STORAGE_S3_REGION") or None,
        "access_key": read_str("STORAGE_S3_ACCESS_KEY") or None,
        "secret_key": read_str("STORAGE_S3_SECRET_KEY") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if not _s3_options["bucket_name"]:
        raise SettingsError("STORAGE_S3_BUCKET must be set when STORAGE_BACKEND=s3.")
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
    STORAGES["backups"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3_options, "location": "backups"}}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Uploads: small bodies in memory, a hard cap per file enforced by the upload validators.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
UPLOAD_MAX_BYTES = read_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# Resume import: OCR image-only PDFs with Tesseract ("auto": when `tesseract` and `pdftoppm` are on PATH; "off").
RESUME_OCR = read_choice("RESUME_OCR", "auto", {"auto", "off"})
RESUME_OCR_LANGUAGES = read_str("RESUME_OCR_LANGUAGES", "eng")
if not re.fullmatch(r"[a-z_]{3,20}(\+[a-z_]{3,20}){0,5}", RESUME_OCR_LANGUAGES):
    raise SettingsError("RESUME_OCR_LANGUAGES must be Tesseract language codes joined by +, e.g. eng+deu.")

# Security: strict in production; `manage.py check --deploy` is clean with JOBLY_MODE=production.
SESSION_ENGINE = "jobly.sessions"  # database sessions that ignore malformed keys
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "jobly.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = read_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health$", r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = read_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = read_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # preloading is an operator's opt-in commitment

# API: DRF with one error format, page-number pagination (page_size capped) and filters.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jobly.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "jobly.api_conventions.StandardPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "jobly.api_conventions.StrictOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jobly.errors.api_exception_handler",
    # One JSON reader for every body (jobly/json_input.py): depth, duplicate keys, NUL and surrogates.
    "DEFAULT_PARSER_CLASSES": [
        "jobly.json_input.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
API_MAX_PAGE_SIZE = 100
SPECTACULAR_SETTINGS = {
    "TITLE": "Jobly API",
    "DESCRIPTION": "Job-search copilot: profiles, feeds, postings, matches and background jobs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "jobly.schema.add_error_responses",
                           "jobly.schema.forbid_empty_query_strings"],
    # One schema name per choice set used under several field names (an application's status, a move's to/expect).
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "tracking.pipeline.STATUS_CHOICES",
        "InitialApplicationStatusEnum": "tracking.api.applications.INITIAL_STATUS_CHOICES",
        "InterviewPrepStatusEnum": "interviews.models.InterviewPrep.Status",
        "PacketStatusEnum": "packets.models.Packet.Status",
        "WebhookDeliveryStatusEnum": "jobly.models.notifications.WebhookDelivery.Status",
    },
}

# Migrations are linted for backward-incompatible operations (RELIABILITY.md row 18); a migration
# that must break compatibility is listed here with the reason in its own docstring.
MIGRATION_LINTER_OPTIONS = {"exclude_apps": ["admin", "auth", "contenttypes", "sessions", "django_celery_beat"]}

# Celery: at-least-once delivery, no silent loss (see docs/RELIABILITY.md for why each is set).
CELERY_VISIBILITY_TIMEOUT = read_int("CELERY_VISIBILITY_TIMEOUT", 1800, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = read_int("CELERY_TASK_SOFT_TIME_LIMIT", 540, minimum=1)
CELERY_TASK_TIME_LIMIT = read_int("CELERY_TASK_TIME_LIMIT", 600, minimum=2)
CELERY_MAX_RETRY_COUNTDOWN = read_int("CELERY_MAX_RETRY_COUNTDOWN", 300, minimum=1)
if CELERY_TASK_TIME_LIMIT + CELERY_MAX_RETRY_COUNTDOWN >= CELERY_VISIBILITY_TIMEOUT:
    raise SettingsError(
        "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT + CELERY_MAX_RETRY_COUNTDOWN "
        f"({CELERY_TASK_TIME_LIMIT} + {CELERY_MAX_RETRY_COUNTDOWN}), got {CELERY_VISIBILITY_TIMEOUT}."
    )
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise SettingsError("CELERY_TASK_SOFT_TIME_LIMIT must be lower than CELERY_TASK_TIME_LIMIT.")
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
# One Beat at a time (RELIABILITY row 10): the DatabaseScheduler behind an advisory lock (jobly/beat.py);
# a stand-by Beat retries the lock every BEAT_LOCK_RETRY_SECONDS.
CELERY_BEAT_SCHEDULER = "jobly.beat:LockedDatabaseScheduler"
BEAT_LOCK_RETRY_SECONDS = read_float("BEAT_LOCK_RETRY_SECONDS", 10.0, minimum=0.1)
CELERY_TASK_ALWAYS_EAGER = False
DJANGO_CELERY_BEAT_TZ_AWARE = True

# Background jobs (jobly/background.py).
JOB_RATE_LIMIT_PER_MINUTE = read_int("JOB_RATE_LIMIT_PER_MINUTE", 10, minimum=1)
JOB_MAX_ATTEMPTS = read_int("JOB_MAX_ATTEMPTS", 3, minimum=1, maximum=10)
JOB_RETRY_BACKOFF_BASE = read_float("JOB_RETRY_BACKOFF_BASE", 2.0, minimum=0)
JOB_HEARTBEAT_SECONDS = read_int("JOB_HEARTBEAT_SECONDS", 10, minimum=1)
JOB_PROGRESS_MIN_INTERVAL = read_float("JOB_PROGRESS_MIN_INTERVAL", 0.5, minimum=0)
EVENT_RETENTION_DAYS = read_int("EVENT_RETENTION_DAYS", 7, minimum=1)
# Retention (jobly/retention.py, hourly): finished background jobs, resume uploads (file and draft;
# saved profiles are never touched) and audit entries older than these are deleted in batches.
JOB_RETENTION_DAYS = read_int("JOB_RETENTION_DAYS", 30, minimum=1)
RESUME_UPLOAD_RETENTION_DAYS = read_int("RESUME_UPLOAD_RETENTION_DAYS", 30, minimum=1)
AUDIT_RETENTION_DAYS = read_int("AUDIT_RETENTION_DAYS", 365, minimum=1)
RETENTION_BATCH_SIZE = read_int("RETENTION_BATCH_SIZE", 1000, minimum=1)
# Backups (jobly/backups/): daily at BACKUP_HOUR (UTC); keep the newest BACKUP_KEEP_DAILY days and
# the newest of each of BACKUP_KEEP_WEEKLY ISO weeks.
BACKUP_HOUR = read_int("BACKUP_HOUR", 3, minimum=0, maximum=23)
BACKUP_KEEP_DAILY = read_int("BACKUP_KEEP_DAILY", 7, minimum=1)
BACKUP_KEEP_WEEKLY = read_int("BACKUP_KEEP_WEEKLY", 4, minimum=0)
# Recovery: a running job is lost after JOB_STALE_HEARTBEATS missed heartbeats; a queued job whose
# message is this overdue is sent again; the reaper runs every JOB_REAPER_INTERVAL_SECONDS.
JOB_STALE_HEARTBEATS = read_int("JOB_STALE_HEARTBEATS", 3, minimum=2)
JOB_REDISPATCH_AFTER_SECONDS = read_int("JOB_REDISPATCH_AFTER_SECONDS", 120, minimum=1)
JOB_REAPER_INTERVAL_SECONDS = read_int("JOB_REAPER_INTERVAL_SECONDS", 60, minimum=1)
# WebSocket /ws/events/: server heartbeat (also re-joins the user's group, see RELIABILITY row 13).
WEBSOCKET_HEARTBEAT_SECONDS = read_float("WEBSOCKET_HEARTBEAT_SECONDS", 30.0, minimum=0.1)

# Outbound HTTP (jobly/http.py): hosts the operator allows even when private, each `host:port`
# (`[v6]:port`) or a bare `host`, which means only its scheme's default port (80/443).
OUTBOUND_ALLOWED_HOSTS = read_host_ports("OUTBOUND_ALLOWED_HOSTS")

# Webhooks (jobly/notifications): per-attempt limits (no redirects are followed), the retry schedule
# 60 s doubling to WEBHOOK_BACKOFF_MAX_SECONDS over at most WEBHOOK_MAX_ATTEMPTS attempts, the number of
# failures in a row that disables an endpoint, the old secret's grace period after a rotation, how long
# an attempt holds its delivery (a killed worker's attempt is retried after it), and the sweeper's period.
WEBHOOK_TIMEOUT_SECONDS = read_float("WEBHOOK_TIMEOUT_SECONDS", 10.0, minimum=0.1)
WEBHOOK_MAX_RESPONSE_BYTES = read_int("WEBHOOK_MAX_RESPONSE_BYTES", 64 * 1024, minimum=1024)
WEBHOOK_BACKOFF_BASE_SECONDS = read_int("WEBHOOK_BACKOFF_BASE_SECONDS", 60, minimum=1)
WEBHOOK_BACKOFF_MAX_SECONDS = read_int("WEBHOOK_BACKOFF_MAX_SECONDS", 1200, minimum=1)
WEBHOOK_MAX_ATTEMPTS = read_int("WEBHOOK_MAX_ATTEMPTS", 12, minimum=1, maximum=50)
WEBHOOK_DISABLE_AFTER_FAILURES = read_int("WEBHOOK_DISABLE_AFTER_FAILURES", 20, minimum=1)
WEBHOOK_SECRET_GRACE_HOURS = read_int("WEBHOOK_SECRET_GRACE_HOURS", 24, minimum=0)
WEBHOOK_LEASE_SECONDS = read_int("WEBHOOK_LEASE_SECONDS", 60, minimum=5)
WEBHOOK_SWEEP_INTERVAL_SECONDS = read_int("WEBHOOK_SWEEP_INTERVAL_SECONDS", 30, minimum=1)
WEBHOOK_DELIVERY_RETENTION_DAYS = read_int("WEBHOOK_DELIVERY_RETENTION_DAYS", 30, minimum=1)
if WEBHOOK_LEASE_SECONDS <= WEBHOOK_TIMEOUT_SECONDS:
    raise SettingsError("WEBHOOK_LEASE_SECONDS must exceed WEBHOOK_TIMEOUT_SECONDS (an attempt holds its delivery).")

# E-mail (jobly/notifications): Django's console backend by default ("file" writes to EMAIL_FILE_PATH,
# "smtp" uses the EMAIL_HOST settings); new-match e-mails at most once an hour, the digest weekly.
EMAIL_DELIVERY = read_choice("EMAIL_DELIVERY", "console", {"console", "file", "smtp"})
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}[EMAIL_DELIVERY]
EMAIL_FILE_PATH = read_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = read_str("EMAIL_HOST", "localhost")
EMAIL_PORT = read_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = read_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = read_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = read_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = read_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = read_int("EMAIL_TIMEOUT", 10, minimum=1)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise SettingsError("Set only one of EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL (implicit TLS).")
DEFAULT_FROM_EMAIL = read_str("DEFAULT_FROM_EMAIL", "Jobly <jobly@localhost>")
if any(char in DEFAULT_FROM_EMAIL for char in "\r\n"):
    raise SettingsError("DEFAULT_FROM_EMAIL must be one line.")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
NOTIFICATION_MATCH_EMAIL_INTERVAL_SECONDS = read_int("NOTIFICATION_MATCH_EMAIL_INTERVAL_SECONDS", 3600, minimum=60)
NOTIFICATION_DIGEST_WEEKDAY = read_int("NOTIFICATION_DIGEST_WEEKDAY", 1, minimum=0, maximum=6)  # crontab: 0 = Sunday
NOTIFICATION_DIGEST_HOUR = read_int("NOTIFICATION_DIGEST_HOUR", 7, minimum=0, maximum=23)
EMAIL_LOG_RETENTION_DAYS = read_int("EMAIL_LOG_RETENTION_DAYS", 90, minimum=8)

# Feeds (matching): fetch limits, entries taken per fetch, failure backoff and the disable limit.
FEED_MAX_BYTES = read_int("FEED_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FEED_FETCH_TIMEOUT = read_float("FEED_FETCH_TIMEOUT", 10.0, minimum=0.1)
FEED_MAX_ENTRIES_PER_FETCH = read_int("FEED_MAX_ENTRIES_PER_FETCH", 1000, minimum=1)
FEED_MAX_CONSECUTIVE_FAILURES = read_int("FEED_MAX_CONSECUTIVE_FAILURES", 8, minimum=1)
FEED_QUICK_RETRIES = read_int("FEED_QUICK_RETRIES", 3, minimum=0)
FEED_BACKOFF_MAX_MINUTES = read_int("FEED_BACKOFF_MAX_MINUTES", 24 * 60, minimum=1)
FEED_DUE_BATCH_SIZE = read_int("FEED_DUE_BATCH_SIZE", 50, minimum=1)

# Matches (matching): posting index cache, the "new match" threshold, weight overrides.
MATCH_INDEX_DIR = Path(read_str("MATCH_INDEX_DIR", str(VAR_DIR / "matching")))
MATCH_NEW_THRESHOLD = read_float("MATCH_NEW_THRESHOLD", 70.0, minimum=0.0)
MATCH_TOP_K = read_int("MATCH_TOP_K", 500, minimum=1)
try:  # validated in full (names, values) by the matching.E001 system check
    import json as _json

    MATCH_WEIGHTS = _json.loads(read_str("MATCH_WEIGHTS_JSON") or "null")
except ValueError as _error:
    raise SettingsError(f"MATCH_WEIGHTS_JSON must be a JSON object: {_error}.") from None
if MATCH_WEIGHTS is not None and not isinstance(MATCH_WEIGHTS, dict):
    raise SettingsError("MATCH_WEIGHTS_JSON must be a JSON object such as {\"salary\": 0.1}.")

# Applications (tracking): reminders after N days without a response, a ghosting suggestion after M days
# of silence (checked larger by tracking.E001), and how often Beat looks for due reminders.
TRACKING_NO_RESPONSE_DAYS = read_int("TRACKING_NO_RESPONSE_DAYS", 10, minimum=1)
TRACKING_GHOSTED_AFTER_DAYS = read_int("TRACKING_GHOSTED_AFTER_DAYS", 30, minimum=2)
TRACKING_REMINDER_INTERVAL_SECONDS = read_int("TRACKING_REMINDER_INTERVAL_SECONDS", 300, minimum=10)
# Per-user read caches (jobly/cache.py: analytics): entries live this long at most; 0 turns them off.
READ_CACHE_SECONDS = read_int("READ_CACHE_SECONDS", 0, minimum=0)  # off: bench_tracking shows no gain yet
# Dashboard cards with costly reads (top matches, feeds and postings) are kept rendered this long at most,
# retired at once by the writes they show (jobly/dashboard.py); 0 renders them on every view.
DASHBOARD_CACHE_SECONDS = read_int("DASHBOARD_CACHE_SECONDS", 60, minimum=0)
# Pages of matches (/api/matches, the rows of /matches/), kept this long at most and retired by any change of the user's matches or of the
# postings' text (matching/read_cache.py); 0 reads every page from the database.
MATCH_LIST_CACHE_SECONDS = read_int("MATCH_LIST_CACHE_SECONDS", 60, minimum=0)
POSTING_LIST_CACHE_SECONDS = read_int("POSTING_LIST_CACHE_SECONDS", 60, minimum=0)

# Writer (jobly/writers): the embedded writer by default; an OpenAI-compatible server (OpenAI, Ollama,
# vLLM, llama.cpp) when LLM_BASE_URL is set. The key only ever goes in the Authorization header.
WRITER = read_choice("WRITER", "auto", {"auto", "embedded", "openai"})
LLM_BASE_URL = read_str("LLM_BASE_URL").strip()
LLM_MODEL = read_str("LLM_MODEL").strip()
LLM_API_KEY = read_str("LLM_API_KEY")
LLM_TIMEOUT = read_float("LLM_TIMEOUT", 30.0, minimum=0.1)
LLM_MAX_RETRIES = read_int("LLM_MAX_RETRIES", 2, minimum=0, maximum=10)
LLM_RETRY_BACKOFF_BASE = read_float("LLM_RETRY_BACKOFF_BASE", 0.5, minimum=0)
LLM_CACHE_SECONDS = read_int("LLM_CACHE_SECONDS", 86400, minimum=0)
LLM_JSON_MODE = read_bool("LLM_JSON_MODE", True)
if LLM_BASE_URL:
    from urllib.parse import urlsplit as _urlsplit

    if _urlsplit(LLM_BASE_URL).scheme not in {"http", "https"} or not _urlsplit(LLM_BASE_URL).hostname:
        raise SettingsError("LLM_BASE_URL must be an http(s) URL such as http://127.0.0.1:11434/v1.")
    if not LLM_MODEL:
        raise SettingsError("LLM_MODEL must name the model when LLM_BASE_URL is set.")
elif WRITER == "openai":
    raise SettingsError("WRITER=openai needs LLM_BASE_URL (and LLM_MODEL).")

# Document renderers (packets/renderers): a time and memory limit on every compile; the LaTeX
# renderer is offered when LATEX_COMMAND (pdflatex) is installed.
RENDER_TIMEOUT_SECONDS = read_float("RENDER_TIMEOUT_SECONDS", 20.0, minimum=1.0)
RENDER_MEMORY_MB = read_int("RENDER_MEMORY_MB", 1024, minimum=256)
LATEX_COMMAND = read_str("LATEX_COMMAND", "pdflatex").strip()

# Packets: the CV design a new packet uses unless the person chooses another (checked by packets.E001).
PACKET_DEFAULT_DESIGN = read_str("PACKET_DEFAULT_DESIGN", "classic").strip()

# Metrics (/metrics, jobly/metrics): a bearer token for Prometheus. Without one the endpoint is open
# to loopback clients in development and absent (404) in production.
METRICS_TOKEN = read_str("METRICS_TOKEN")
if METRICS_TOKEN and len(METRICS_TOKEN) < 16:
    raise SettingsError("METRICS_TOKEN must be at least 16 characters long.")

# Flower (operators): basic auth credentials, "user:password".
FLOWER_BASIC_AUTH = read_str("FLOWER_BASIC_AUTH")
if PRODUCTION and not FLOWER_BASIC_AUTH:
    raise SettingsError("FLOWER_BASIC_AUTH must be set (user:password) when JOBLY_MODE=production.")

# Logging: one JSON object per line, with the request id; secrets redacted.
LOG_LEVEL = read_choice("LOG_LEVEL", "info", {"debug", "info", "warning", "error"}).upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "jobly.logs.RequestIdFilter"},
        "redact": {"()": "jobly.logs.RedactSecretsFilter"},
    },
    "formatters": {"json": {"()": "jobly.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "celery": {"level": LOG_LEVEL},
    },
}

# Demo account created by `manage.py load_demo` (make run).
DEMO_USERNAME = read_str("DEMO_USERNAME", "demo")
DEMO_PASSWORD = read_str("DEMO_PASSWORD", "jobly-demo-2026")
