"""Settings of the platform, read from the environment (see the README's table).

With no environment at all the platform runs for development: SQLite, Celery eager,
mail printed to the console and a development secret key. ``DATABASE_URL`` and
``REDIS_URL`` switch to PostgreSQL and Redis.

Production (``DJANGO_DEBUG`` false) fails closed: it refuses to start, naming every missing
variable on a line of its own, rather than fall back to SQLite (refused even when named), a
per-process cache, eager tasks or mail printed (:data:`REQUIRED_IN_PRODUCTION`). Tests run
with ``network.settings_test`` (pyproject's pytest section), never by sniffing the process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from network.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    is_set,
    redis_url,
    storage_from_url,
)

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -----------------------------------------------------------------------------------

SECRET_KEY = env_str("SECRET_KEY")
DEVELOPMENT = not SECRET_KEY
if DEVELOPMENT:
    # Development only: production refuses to start without SECRET_KEY.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"  # noqa: S105
DEBUG = env_bool("DJANGO_DEBUG", default=DEVELOPMENT)

# What production cannot run without, and what it would silently do instead.
REQUIRED_IN_PRODUCTION = {
    "SECRET_KEY": "signs sessions and links; a development key would be public",
    "SITE_URL": "the public address (https://…) every link in a mail uses",
    "DATABASE_URL": "the PostgreSQL database (postgres://…); without it, a local SQLite file",
    "REDIS_URL": "cache, rate limits and Celery's broker; without it, per-process memory "
    "and tasks run inside web requests",
    "EMAIL_HOST": "the SMTP server; without it, mail would be printed and never sent",
    "DEFAULT_FROM_EMAIL": "the sender of every mail (an address of your domain)",
}
if not DEBUG:
    _missing = [name for name in REQUIRED_IN_PRODUCTION if not is_set(name)]
    if _missing:
        raise ImproperlyConfigured(
            "Production settings (DJANGO_DEBUG is false) refuse to start:\n"
            + "\n".join(
                f"{name} must be set when DJANGO_DEBUG is false ({name}_FILE works too): "
                f"{REQUIRED_IN_PRODUCTION[name]}."
                for name in _missing
            )
        )
if not DEVELOPMENT and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEVELOPMENT else "").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the public address (https://…): every link in a mail uses it."
    )

INSTALLED_APPS = [
    "network",
    "structures",
    "events",
    "experiences",
    "territories",
    "pages",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "network.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # after WhiteNoise: static files come compressed
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "network.middleware.RequestDataMiddleware",  # before the first reader of request.POST
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "network.pagecache.AnonymousPageCacheMiddleware",  # last: see network/pagecache.py
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"

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
                "django.template.context_processors.i18n",
                "network.context_processors.languages",
                "network.context_processors.roles",
                "pages.identity.site_identity",
            ],
        },
    }
]

# --- Data -----------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    _database = database_from_url(DATABASE_URL)
else:
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "db.sqlite3")}
if _database["ENGINE"] == "django.db.backends.postgresql":
    if is_set("DATABASE_PASSWORD"):  # a Docker secret, kept out of the URL
        _database["PASSWORD"] = env_str("DATABASE_PASSWORD")
    _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    _database["CONN_HEALTH_CHECKS"] = True
    _database["OPTIONS"].setdefault("connect_timeout", 5)
DATABASES = {"default": _database}
if not DEBUG and _database["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must name a PostgreSQL database (postgres://…) when DJANGO_DEBUG is false: "
        "SQLite has no row locks, on which event places, decisions and erasures rely."
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = redis_url("REDIS_URL")
# The cache's own Redis (evicting), apart from the broker's; the broker's by default.
CACHE_URL = redis_url("CACHE_URL") or REDIS_URL
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "network.cache.FailOpenRedisCache",  # degrades when Redis is down
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "network",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # DEBUG only

# --- Users and accounts -----------------------------------------------------------------------

AUTH_USER_MODEL = "network.User"
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
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "network.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    # Per account and client address ("key", see network.adapters): the brute-force brake,
    # which nobody elsewhere can use to lock an account out. Per address: looser, since a
    # study-day room or a health centre shares one address.
    "login_failed": "30/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}

# --- Internationalisation -----------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party front-end code comes from npm (package.json), never copied into the repository.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
]
# Uploads, call documents, experience attachments and the press dossier: a private S3
# bucket with STORAGE_URL (see network/storage.py), else the MEDIA_ROOT folder.
STORAGES = {
    "default": storage_from_url(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# --- Mail -----------------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Réseau participatif <ne-pas-repondre@localhost>" if DEBUG else ""
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
# Backends that print, keep or drop mail instead of sending it: development and tests only.
# Production sends through SMTP, and a mail is marked sent once the server accepted it.
NON_DELIVERING_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
if not DEBUG and EMAIL_BACKEND in NON_DELIVERING_MAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={EMAIL_BACKEND} never delivers mail: it is refused when "
        "DJANGO_DEBUG is false (leave EMAIL_BACKEND unset to send through EMAIL_HOST)."
    )
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
# A transient SMTP failure (server down, 4xx) is retried for MAIL_RETRY_HOURS and at least
# MAIL_MAX_ATTEMPTS times before the mail is marked failed: an outage loses no mail. The
# worker's first retry comes MAIL_RETRY_SECONDS later, each next one twice as late (an hour
# at most).
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 6, minimum=1)
MAIL_RETRY_HOURS = env_int("MAIL_RETRY_HOURS", 48, minimum=1)
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 30, minimum=1)

# --- Celery ---------------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "deliver-pending-mail": {
        "task": "network.tasks.deliver_pending_mail",
        "schedule": crontab(minute="*/5"),
    },
    "send-due-reminders": {
        "task": "network.tasks.send_due_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "erase-expired-personal-data": {
        "task": "experiences.tasks.erase_expired_personal_data",
        "schedule": crontab(minute=30, hour=3),
    },
}

# --- Security ---------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Messages ride in the session (server side), not in a cookie the browser could replay.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # load balancers check the backends over HTTP
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a commitment that outlives the deployment: an operator opts in.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Proxies in front of the web processes: rate limits read the visitor's address from them
# (ours and allauth's: without it, everybody behind the load balancer shares one limit).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES

# --- Map --------------------------------------------------------------------------------------

MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
_tiles = urlsplit(MAP_TILE_URL.replace("{s}", "a"))
if _tiles.scheme not in {"http", "https"} or not _tiles.netloc:
    raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) URL, got {MAP_TILE_URL!r}")
# "{s}" subdomains (a., b., c.) are allowed by a wildcard in the CSP.
_tile_host = _tiles.netloc.replace("a.", "*.", 1) if "{s}" in MAP_TILE_URL else _tiles.netloc
MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_tile_host}"
GEOCODER_URL = env_str("GEOCODER_URL")  # e.g. https://api-adresse.data.gouv.fr/search/
if GEOCODER_URL and urlsplit(GEOCODER_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"GEOCODER_URL must be an http(s) URL, got {GEOCODER_URL!r}")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: {MAP_TILE_ORIGIN}",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if DEVELOPMENT and not os.environ.get("NETWORK_DEVELOPMENT_NOTICE"):
    # Printed once per start-up: runserver's reloaded child inherits the variable.
    os.environ["NETWORK_DEVELOPMENT_NOTICE"] = "shown"
    print(
        "Development settings: "
        + ("PostgreSQL" if DATABASE_URL else "SQLite")
        + ", "
        + ("Celery through Redis" if not CELERY_TASK_ALWAYS_EAGER else "Celery eager")
        + ", mail to "
        + ("SMTP" if EMAIL_HOST else "the console")
        + ", development SECRET_KEY. Set SECRET_KEY and the variables of the README "
        "for production.",
        file=sys.stderr,
    )
