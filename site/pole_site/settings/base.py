"""Settings of the reference Pôle site, read from the environment.

Every value a deployment changes comes from an environment variable; the defaults give a working
development site on SQLite in the project folder. `production.py` tightens them. The Pôle apps hold
the defaults of their own settings (pole_forms/conf.py, pole_pages/maps.py, pole_pages/preview.py,
pole_core/cache.py): this module only passes on what the environment changes.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _

from pole_pages import maps

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def cache_from_url(url):
    """Turn CACHE_URL (`db://table`, `locmem://`, `redis://host:port/db`, `dummy://`) into CACHES."""
    scheme = urlparse(url).scheme
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": urlparse(url).netloc or "pole_cache",
        }
    raise ValueError(f"Unsupported CACHE_URL scheme: {scheme!r}")


def sqlite_database(path):
    # WAL, a busy timeout and immediate transactions let several server processes write at once
    # without "database is locked".
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "pole_forms",
    "pole_pages",
    "pole_directory",
    "pole_core",
    "pole_site",
    "wagtailgeowidget",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "wagtail.contrib.forms",
    "wagtail_honeypot",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After the locale and the user are known: both decide whether and under which key to cache.
    "pole_core.cache.ApiCacheMiddleware",
]

ROOT_URLCONF = "pole_site.urls"
WSGI_APPLICATION = "pole_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Every template, the base ones included, comes from an app (pole_pages/templates/pole_pages/).
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": (
        dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
        if os.environ.get("DATABASE_URL")
        else sqlite_database(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": cache_from_url(os.environ.get("CACHE_URL", "db://pole_cache")),
    # Wagtail looks renditions up here first; per-process memory spares a database round trip per image.
    "renditions": cache_from_url(os.environ.get("RENDITIONS_CACHE_URL", "locmem://")),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (webhooks, notification mails) goes through Django's tasks interface. The default
# runs each task at once; production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs
# `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

# Front-ends told of each change (webhooks) and opening drafts (preview links): see the README.
POLE_WEBHOOK_URLS = env_list("WEBHOOK_URLS")
POLE_WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "")
POLE_PREVIEW_URL = os.environ.get("PREVIEW_URL", "")
# Default in pole_pages/preview.py.
if "PREVIEW_MAX_AGE" in os.environ:
    POLE_PREVIEW_MAX_AGE = int(os.environ["PREVIEW_MAX_AGE"])

# Forms, defaults in pole_forms/conf.py: submissions per client and form ("count/seconds"), largest
# API body, days submissions are kept.
if "FORMS_THROTTLE" in os.environ:
    POLE_FORMS_THROTTLE = os.environ["FORMS_THROTTLE"]
if "FORMS_MAX_BODY_BYTES" in os.environ:
    POLE_FORMS_MAX_BODY_BYTES = int(os.environ["FORMS_MAX_BODY_BYTES"])
if "FORMS_RETENTION_DAYS" in os.environ:
    POLE_FORMS_RETENTION_DAYS = int(os.environ["FORMS_RETENTION_DAYS"])
HONEYPOT_ENABLED_DEFAULT = True

# Uploads of the directory import, with their previews and progress (default: a folder in the system's
# temporary folder). Several servers share one folder.
if os.environ.get("POLE_IMPORT_ROOT"):
    POLE_IMPORT_ROOT = Path(os.environ["POLE_IMPORT_ROOT"])

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pole@localhost")

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Pôle")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Same page-size ceiling as /api/v1/, so both APIs list 100 items at most.
WAGTAILAPI_LIMIT_MAX = 100
# "mobilité" becomes /mobilite/: plain ASCII addresses are easier to type and share.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No Gravatar: the admin would send a hash of each user's e-mail to gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Front-ends call /api/v1/ from the browser (reads, and form submissions later), without cookies.
CORS_ALLOWED_ORIGINS = env_list("FRONTEND_ORIGINS")
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]
CORS_ALLOW_HEADERS = ["content-type", "idempotency-key", "if-none-match"]
CORS_EXPOSE_HEADERS = ["etag"]
# Anonymous API answers, defaults in pole_core/cache.py: how long browsers and CDNs may reuse them, how
# long the server keeps them (it also drops them as soon as content is published), and how long each
# process trusts the content version it read.
if "POLE_API_CACHE_SECONDS" in os.environ:
    POLE_API_CACHE_SECONDS = int(os.environ["POLE_API_CACHE_SECONDS"])
if "POLE_API_SERVER_CACHE_SECONDS" in os.environ:
    POLE_API_SERVER_CACHE_SECONDS = int(os.environ["POLE_API_SERVER_CACHE_SECONDS"])
if "POLE_API_CACHE_MEMO_SECONDS" in os.environ:
    POLE_API_CACHE_MEMO_SECONDS = int(os.environ["POLE_API_CACHE_MEMO_SECONDS"])

# The public map's tiles, defaults in pole_pages/maps.py (MAP_TILE_URL="" shows markers without a base
# layer). OpenStreetMap's servers ask for the attribution and allow light use only: a busy site points
# at its own provider. They are resolved here because the admin's map picker below needs them too.
POLE_MAP_TILE_URL = os.environ.get("MAP_TILE_URL", maps.DEFAULT_TILE_URL)
POLE_MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", maps.DEFAULT_TILE_ATTRIBUTION)
# Leaflet for the admin's map picker too: our vendored copy (see the README) instead of unpkg.com.
POLE_LEAFLET_STATIC_DIR = "pole_pages/vendor/leaflet"

# The admin's map picker (wagtailgeowidget) opens where a new map page does, one step closer.
GEO_WIDGET_DEFAULT_LOCATION = {"lat": float(maps.DEFAULT_CENTRE[0]), "lng": float(maps.DEFAULT_CENTRE[1])}
GEO_WIDGET_ZOOM = maps.DEFAULT_ZOOM + 1
GEO_WIDGET_LEAFLET_TILE_LAYER = POLE_MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": POLE_MAP_TILE_ATTRIBUTION}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
