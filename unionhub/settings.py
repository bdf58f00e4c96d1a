"""UnionHub settings. Everything that differs between machines comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from unionhub import localdb

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("SECRET_KEY_FILE"):
    # `make serve` generates one on first use and keeps it (var/secret_key, readable by its owner only).
    SECRET_KEY = Path(os.environ["SECRET_KEY_FILE"]).read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # its index expressions (OpClass) and lookups
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "pgtrigger",
    "pghistory",
    "unionhub.apps.AxesConfig",  # django-axes, named in Chinese in the admin
    "unionhub",
    "members",
    "activities",
    "finances",
    "rights",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "unionhub.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "unionhub.security.NoStoreMiddleware",  # signed-in pages and downloads are never cached
    "unionhub.middleware.ActiveRoleMiddleware",
    "unionhub.middleware.PasswordChangeRequiredMiddleware",  # a one-time password is changed first
    "unionhub.middleware.AuditContextMiddleware",  # who, in which role, on which page: the audit trail
    "unionhub.routers.ReplicaMiddleware",  # report pages read from the replica, if there is one
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unionhub.urls"
WSGI_APPLICATION = "unionhub.wsgi.application"

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
                "unionhub.context_processors.active_role",
            ],
        },
    },
]

# Two PostgreSQL roles (unionhub.dbroles): the application connects as DATABASE_URL's role, which owns
# nothing and may only read and write rows; `migrate`, `flush` and the tests' database set-up connect as
# DATABASE_OWNER_URL's role, which owns the schema. Without DATABASE_URL both are the roles that
# scripts/db.sh creates in the project's own cluster, with the passwords it keeps in var/pgpass
# (unionhub.localdb). DATABASE_OWNER_URL names the same server (and database); only its user and
# password are used. Without it everything runs as the one role of DATABASE_URL, and that role can
# then switch off what makes the books immutable.
PGPORT = os.environ.get("UNIONHUB_PGPORT", "54329")
if os.environ.get("DATABASE_URL"):
    database_url = os.environ["DATABASE_URL"]
    owner_url = os.environ.get("DATABASE_OWNER_URL", "")
else:
    database_url = localdb.url("unionhub_app", port=PGPORT)
    owner_url = os.environ.get("DATABASE_OWNER_URL")
    if owner_url is None:
        owner_url = localdb.url("unionhub_owner", port=PGPORT)
# PostgreSQL's JIT compiles a plan's expressions once its estimated cost is high: for the summary's
# counts over a federation's rows that took longer than the queries (0.4 s per query, 1.2 s for the
# participation count alone), and the pages' queries are not the long analytic ones it pays off for.
SESSION_OPTIONS = {"options": "-c jit=off"}
DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60)}
DATABASES["default"]["OPTIONS"] = {**SESSION_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("UnionHub runs on PostgreSQL only: DATABASE_URL must be postgres://…")
DATABASE_APP = {key: DATABASES["default"][key] for key in ("USER", "PASSWORD")}
DATABASE_OWNER = None
if owner_url:
    owner = dj_database_url.parse(owner_url)
    same_server = all(owner[key] == DATABASES["default"][key] for key in ("HOST", "PORT"))
    if not same_server or not owner["USER"]:
        raise ImproperlyConfigured("DATABASE_OWNER_URL must name the server of DATABASE_URL, with a user.")
    if owner["USER"] != DATABASE_APP["USER"]:
        DATABASE_OWNER = {key: owner[key] for key in ("USER", "PASSWORD")}
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
# A streaming replica (scripts/db.sh replica): the read-only report pages read from it
# (unionhub/routers.py), except for READ_YOUR_WRITES_SECONDS after the user's own last write.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["OPTIONS"] = {**SESSION_OPTIONS, **DATABASES["replica"].get("OPTIONS", {})}
    # In the tests the replica reads the test database, which it streams from the primary.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["unionhub.routers.ReplicaRouter"]
READ_YOUR_WRITES_SECONDS = int(os.environ.get("READ_YOUR_WRITES_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "unionhub.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "unionhub.security.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},  # Chinese message
    {"NAME": "unionhub.security.GuessablePasswordValidator"},  # no gonghui2025
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
# Attachments go through Django's storage API: a folder under var/ by default; S3-compatible
# object storage (django-storages, with boto3 installed) when ATTACHMENTS_S3_BUCKET is set.
# MEDIA_URL stays unset and nothing serves MEDIA_ROOT: files leave only through
# unionhub.views.attachment_file, which applies the record's access rule.
DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if os.environ.get("ATTACHMENTS_S3_BUCKET"):
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ATTACHMENTS_S3_BUCKET"],
            "endpoint_url": os.environ.get("ATTACHMENTS_S3_ENDPOINT") or None,
            "region_name": os.environ.get("ATTACHMENTS_S3_REGION") or None,
            "access_key": os.environ.get("ATTACHMENTS_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("ATTACHMENTS_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # one photo or scan
# No uploaded file is read past this (unionhub.uploads): the largest any form takes (a roll: 20 MB).
UPLOAD_HARD_LIMIT_BYTES = 21 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "unionhub.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "unionhub.security.csrf_failure"
# Content Security Policy (unionhub.security): no inline script or style anywhere.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Login lockout (django-axes, unionhub.security.LoginThrottle): 5 failures for one username from one
# address lock that pair out for 30 minutes, a success resets its count; 20 failures from one address,
# whatever the usernames, lock the address. Behind reverse proxies set TRUSTED_PROXY_COUNT: their
# X-Forwarded-For is read only on requests that come from TRUSTED_PROXY_ADDRESSES (by default this
# machine, where deploy/nginx-unionhub.conf runs; unionhub.security.client_ip).
AXES_HANDLER = "unionhub.security.LoginThrottle"
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # in this order: LoginThrottle
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "unionhub.security.lockout_response"  # registration/lockout.html
AXES_CLIENT_IP_CALLABLE = "unionhub.security.client_ip"
AXES_ENABLE_ADMIN = False  # its records are in the admin in Chinese, through unionhub.admin's proxies
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1")
# 网上入会: applications one address may send in an hour (members.services.apply_to_join).
JOIN_APPLICATIONS_PER_HOUR = int(os.environ.get("JOIN_APPLICATIONS_PER_HOUR", "5"))

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"unionhub.audit": {"level": "INFO"}},
}
