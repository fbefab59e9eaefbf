"""Settings for Factcheck, read from the environment (see README: Configuration)."""

import os
import zoneinfo
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from factcheck.env import SettingError, env_bool, env_int, env_list, stop

BASE_DIR = Path(__file__).resolve().parent.parent

try:
    DEBUG = env_bool("DEBUG", False)

    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if not SECRET_KEY:
        if not DEBUG:
            raise SettingError("SECRET_KEY is required when DEBUG is off")
        # Only a development server ever runs on this key.
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    elif not DEBUG and len(SECRET_KEY) < 50:
        raise SettingError("SECRET_KEY must be at least 50 characters when DEBUG is off")

    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
    if not DEBUG and not ALLOWED_HOSTS:
        raise SettingError("ALLOWED_HOSTS is required when DEBUG is off (comma-separated)")

    DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
    try:
        DATABASES = {
            "default": dj_database_url.parse(DATABASE_URL)
            if DATABASE_URL
            else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
        }
    except ValueError as error:
        raise SettingError(f"DATABASE_URL is malformed: {error}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3's pool keeps connections warm; it replaces CONN_MAX_AGE.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        if env_bool("DATABASE_POOL", True):
            DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
                "min_size": env_int("DATABASE_POOL_MIN", 1),
                "max_size": env_int("DATABASE_POOL_MAX", 10),
                # How long a request waits for a connection: psycopg's 30 s default left
                # pages hanging that long while the database was down.
                "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
            }
    elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"transaction_mode": "IMMEDIATE", "timeout": 20}
        )
        # Tests use a file, not memory: the live server then gives each request thread its
        # own connection, as the app has when it runs, instead of one shared between threads.
        DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", BASE_DIR / "test-db.sqlite3")
    elif DATABASE_URL:
        raise SettingError("DATABASE_URL must be a postgres:// or sqlite:// URL")

    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
    BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 200 * 1024 * 1024)

    # The fetcher (claims/fetching): what it may reach and how much it reads.
    FETCH_ALLOW_PRIVATE_NETWORKS = env_bool("FETCH_ALLOW_PRIVATE_NETWORKS", False)
    FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5)
    FETCH_TIMEOUT = env_int("FETCH_TIMEOUT", 20)
    FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 25 * 1024 * 1024)
    # Where the public site is read: every absolute link (ClaimReview, feed, sitemap, the
    # export command) is built from it, whichever host a request came in on.
    SITE_URL = os.environ.get(
        "SITE_URL", os.environ.get("FACTCHECK_ORG_URL", "https://factcheck.example.org/")
    ).rstrip("/")
    if not SITE_URL.startswith(("http://", "https://")):
        raise SettingError("SITE_URL must start with http:// or https://")
    # Reviewer and editor names on public fact checks: off unless the organisation says so.
    PUBLIC_BYLINES = env_bool("PUBLIC_BYLINES", False)

    CACHE_URL = os.environ.get("CACHE_URL", "").strip()
    if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
        raise SettingError("CACHE_URL must be a redis:// or rediss:// URL")
    # Shared by every process: gunicorn's workers must see one invalidation of the public
    # pages, so the default is a file cache (one machine), not per-process local memory.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }
    # Notifications by e-mail: printed to the console in development.
    MAILERS = {
        "default": {
            "BACKEND": os.environ.get(
                "EMAIL_BACKEND",
                "django.core.mail.backends.console.EmailBackend"
                if DEBUG
                else "django.core.mail.backends.smtp.EmailBackend",
            ),
        }
    }
    if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
        MAILERS["default"]["OPTIONS"] = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
    DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck@localhost")
    # How long a verdict may wait for approval before it is marked late and editors are told.
    APPROVAL_TARGET_HOURS = env_int("FACTCHECK_APPROVAL_TARGET_HOURS", 24)
    # Due dates end at midnight here, whatever the server's clock says.
    DESK_TIME_ZONE = os.environ.get("FACTCHECK_TIME_ZONE", "UTC")
    try:
        zoneinfo.ZoneInfo(DESK_TIME_ZONE)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise SettingError(
            f"FACTCHECK_TIME_ZONE must be a time zone name such as Europe/London, "
            f"not {DESK_TIME_ZONE!r}"
        ) from None
except SettingError as error:
    stop(str(error))

SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Load balancers probe over plain HTTP and do not follow redirects.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # Django's own form templates, for the TemplatesSetting renderer
    "django_htmx",
    "django_filters",
    "django_tasks_db",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last, as its docs require, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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
                "django.template.context_processors.csp",
                "claims.context_processors.roles",
            ],
        },
    },
]

# Form templates come from TEMPLATES, so templates/django/forms/field.html is every field's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# A strict policy: nothing inline, nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:dashboard"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# A username from one address: failures from elsewhere cannot lock the newsroom's people out,
# and the newsroom's shared address is never locked as a whole (see docs/decisions.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "factcheck.addresses.login_address"
# Attempts while locked are refused without being counted, so they cannot prolong the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

FACTCHECK_ORGANISATION = {
    "name": os.environ.get("FACTCHECK_ORG_NAME", "Factcheck Desk"),
    "url": os.environ.get("FACTCHECK_ORG_URL", "https://factcheck.example.org/"),
}

FETCH_USER_AGENT = os.environ.get(
    "FETCH_USER_AGENT",
    f"FactcheckDesk/1.0 (+{FACTCHECK_ORGANISATION['url']}; source checks for "
    f"{FACTCHECK_ORGANISATION['name']})",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
