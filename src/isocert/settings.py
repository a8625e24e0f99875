"""The one settings module. Everything comes from ``ISOCERT_*`` environment variables (docs/settings.md).

SQLite in WAL mode under ``ISOCERT_DATA_DIR`` by default; PostgreSQL when ``ISOCERT_DATABASE_URL`` is set.
With ``ISOCERT_DEBUG`` off (the default) the production defaults apply: secret from the environment (or a
generated one kept in the data directory), secure cookies, HTTPS redirect and HSTS unless
``ISOCERT_SECURE`` is turned off for plain-HTTP local use.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from isocert.core.ratelimit import parse_rate
from isocert.env import ConfigError, env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("ISOCERT_DEBUG", default=False)
DATA_DIR = env_path("ISOCERT_DATA_DIR", "./var")
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The secret key from the environment, else one generated once and kept in the data directory."""
    key = env_str("ISOCERT_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ISOCERT_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ISOCERT_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "isocert.core",
    "isocert.catalog",
    "isocert.accreditation",
    "isocert.clients",
    "isocert.people",
    "isocert.audits",
    "isocert.certification",
    "isocert.office",
    "isocert.registry",
    "isocert.bulkverify",
    "isocert.watchlists",
    "isocert.signing",
    "isocert.calculators",
    "isocert.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "isocert.core.ratelimit.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "isocert.urls"
WSGI_APPLICATION = "isocert.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "isocert.core.context_processors.site",
            ],
            "string_if_invalid": "",
        },
    }
]

# --- Database -----------------------------------------------------------------------------------
DATABASE_URL = env_str("ISOCERT_DATABASE_URL")
if DATABASE_URL:
    # each server thread keeps its connection (checked before each request's first query): a
    # reconnection, once a minute per thread with a maximum age, delayed that request
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=None, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "isocert.sqlite3"),
            # keep each server thread's connection for good: opening one and warming its page
            # cache cost ~5 ms, once a minute per thread with a maximum age of 60 s
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE avoids lock upgrades.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    # 8 MB of pages per connection (SQLite's default: 2 MB) keeps the inner pages
                    # of the large indexes between requests: a verification of a random one of
                    # 2.5 million certificates measured 188 us with 2 MB, 147 us with 8 MB
                    "PRAGMA cache_size=-8000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation: English first, every user-facing string marked for translation ------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "uploads"
WHITENOISE_USE_FINDERS = DEBUG

# --- Security -----------------------------------------------------------------------------------
SECURE = env_bool("ISOCERT_SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_REDIRECT_EXEMPT = [r"^api/health$"]
if env_bool("ISOCERT_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Logging: to stderr, never secrets -----------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ISOCERT_LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# --- Cache: shared by every server process (rate-limit counters, statistics) ---------------------
# Redis with ISOCERT_CACHE_URL (several machines); else a small SQLite file in the data directory,
# shared by the processes of one machine. Django's local-memory cache would count per process.
CACHE_URL = env_str("ISOCERT_CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "isocert.core.cache.SQLiteCache",
            "LOCATION": str(DATA_DIR / "cache.sqlite3"),
        }
    }

# --- Rate limits on the public face (registry pages, /check/, /v/, /api/v1/): per client address --
try:
    ISOCERT_RATE_LIMIT = parse_rate(env_str("ISOCERT_RATE_LIMIT", "300/60"))
except ValueError as exc:
    raise ConfigError(f"ISOCERT_RATE_LIMIT must be <requests>/<seconds> or off: {exc}") from exc
try:
    ISOCERT_BULK_RATE_LIMIT = parse_rate(env_str("ISOCERT_BULK_RATE_LIMIT", "30/3600"))
except ValueError as exc:
    raise ConfigError(
        f"ISOCERT_BULK_RATE_LIMIT must be <requests>/<seconds> or off: {exc}"
    ) from exc
ISOCERT_TRUSTED_PROXIES = env_int("ISOCERT_TRUSTED_PROXIES", 0)

# --- Task queue: mail and webhooks run after commit, in a worker (`isocert worker`) ---------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Mail: outbound mail is the edge of the world; console in development, SMTP when configured ---
EMAIL_BACKEND = env_str("ISOCERT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("ISOCERT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ISOCERT_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("ISOCERT_EMAIL_FROM", "isocert <no-reply@localhost>")

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/office/"
LOGOUT_REDIRECT_URL = "/"

# --- isocert ------------------------------------------------------------------------------------
ISOCERT_SERVE_WORKERS = env_int("ISOCERT_WORKERS", 2)
# Two threads a worker: requests that wait on the database overlap, and few threads contend for
# the interpreter lock (measured with 16 clients: four threads cost 12 % of verification
# throughput and doubled its p99).
ISOCERT_SERVE_THREADS = env_int("ISOCERT_THREADS", 2)
ISOCERT_SITE_NAME = env_str("ISOCERT_SITE_NAME", "isocert")
