"""Settings of the reference Pôle site, read from the environment.

Every value a deployment changes comes from an environment variable; the defaults give a working
development site on SQLite in the project folder. `production.py` tightens them. The Pôle apps hold
the defaults of their own settings (pole_forms/conf.py, pole_pages/maps.py, pole_pages/preview.py,
pole_core/cache.py): this module only passes on what the environment changes.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pole_core.tasks import DEFAULTS as task_defaults
from pole_pages import maps

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def url_origin(url):
    """The origin of an absolute URL for a CSP source (`{s}` in a host becomes `*`); None if relative."""
    parts = urlparse(url)
    if not (parts.scheme and parts.netloc):
        return None
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    return f"{parts.scheme}://{host}"


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
    # First: its templates (the accounts' pages in the site's look) win over allauth's own.
    "pole_members",
    "pole_forms",
    "pole_pages",
    "pole_directory",
    "pole_core",
    "pole_site",
    # django-ninja's own templates and static files: /api/v1/docs serves Swagger UI from them.
    "ninja",
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
    # allauth's list of open sessions (usersessions) dates them with humanize's naturaltime.
    "django.contrib.humanize",
    # Members' accounts: sign-in by password or emailed code, reset, email change, rate limits,
    # two-factor authentication and the headless API for front-ends (README, "Member accounts").
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    "allauth.usersessions",
]

MIDDLEWARE = [
    # First: its id and its log line cover the whole request (pole_core/middleware.py).
    "pole_core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "pole_core.middleware.ContentSecurityPolicyMiddleware",
    # Static files answer here, before sessions, locale and the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control of pages: outside the session and CSRF middleware, to see the cookies they set.
    "pole_core.cache.CacheControlMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Page URLs built for a request use its scheme, host and port (pole_core/site_urls.py).
    "pole_core.site_urls.SiteRootUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: superusers set up two-factor authentication before the admin, if required.
    "pole_members.middleware.SuperuserMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # /api/v1/ requests with allauth's X-Session-Token header are the member's (pole_members/api_auth.py).
    "pole_members.api_auth.SessionTokenMiddleware",
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
        # Connections persist for a minute; each request first checks the one it reuses, so that a
        # restarted database costs a reconnection, not a 500 (or a failed task in the worker).
        dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)
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
# Sessions live in the database, which every app server shares; with Redis they are also read from it
# (Django's cached_db), and a Redis restart signs nobody out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    else "django.contrib.sessions.backends.db"
)

AUTHENTICATION_BACKENDS = [
    # Members and staff sign in with their email (allauth), with its rate limits and two-factor step.
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Accounts (django-allauth): members are invited from the directory, sign in with their email and a
# password or a code sent by mail, and verify their address. README, "Member accounts".
ACCOUNT_ADAPTER = "pole_members.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's default rate limits hold (README, "Member accounts"); failed sign-ins also lock an account
# out after LOGIN_ATTEMPTS_LIMIT failures in LOGIN_ATTEMPTS_TIMEOUT seconds.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,{limit}/{timeout}s/key".format(
        limit=int(os.environ.get("LOGIN_ATTEMPTS_LIMIT", 5)),
        timeout=int(os.environ.get("LOGIN_ATTEMPTS_TIMEOUT", 300)),
    )
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pole_members:space"
# Members-only pages and documents, and the Wagtail admin, sign in through the site's accounts pages
# (with their rate limits and two-factor step), not Wagtail's own login forms.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILADMIN_LOGIN_URL = "account_login"
# Staff reset a forgotten password there too: Wagtail's own reset form has neither rate limit nor queue.
WAGTAIL_PASSWORD_RESET_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SITE_NAME", "Pôle")
# Front-ends sign members in through /_allauth/app/v1/ with session tokens (no cookies across origins).
HEADLESS_CLIENTS = ("app",)
HEADLESS_SERVE_SPECIFICATION = True
# Pôle's own account settings, defaults in pole_members/conf.py: whether visitors may ask to join,
# whether superusers must use two-factor authentication, the front-end that mails link to.
if "MEMBERS_JOIN_REQUESTS" in os.environ:
    POLE_MEMBERS_JOIN_REQUESTS = env_bool("MEMBERS_JOIN_REQUESTS")
if "MEMBERS_SUPERUSER_MFA_REQUIRED" in os.environ:
    POLE_MEMBERS_SUPERUSER_MFA_REQUIRED = env_bool("MEMBERS_SUPERUSER_MFA_REQUIRED")
# FRONTEND_URL: the account mails' links open the front-end's pages instead of the site's.
if os.environ.get("FRONTEND_URL"):
    FRONTEND_URL = os.environ["FRONTEND_URL"].rstrip("/")
    HEADLESS_FRONTEND_URLS = {
        "account_confirm_email": f"{FRONTEND_URL}/compte/confirmer/{{key}}",
        "account_reset_password_from_key": f"{FRONTEND_URL}/compte/mot-de-passe/{{key}}",
        "account_signup": f"{FRONTEND_URL}/compte/adhesion",
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
# Media on S3-compatible object storage once a bucket is named (the `s3` extra; README, "Media on object
# storage"): originals and documents private, renditions public. Static files stay with WhiteNoise.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    from pole_site.object_storage import s3_media

    s3_storages, MEDIA_URL = s3_media(os.environ)
    STORAGES.update(s3_storages)
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (webhooks, notification mails, the directory import) goes through Django's tasks
# interface, run by `manage.py run_worker` (README, "Background work"). TASKS_BACKEND: `database` (one
# machine), `rq` (Redis at RQ_URL, several machines), `immediate` (each task at once, inside the
# request that queues it: tests only) or a backend's dotted path.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}
if TASKS["default"]["BACKEND"] == TASK_BACKENDS["rq"]:
    if not os.environ.get("RQ_URL"):
        raise ImproperlyConfigured(
            "TASKS_BACKEND=rq needs RQ_URL, a Redis database of its own (clearing the cache empties its database)."
        )
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # RQ stops a job running longer than this, and fails the job of a worker that died.
    RQ_QUEUES = {
        "default": {
            "URL": os.environ["RQ_URL"],
            "DEFAULT_TIMEOUT": int(os.environ.get("TASKS_TIMEOUT", task_defaults["POLE_TASKS_TIMEOUT"])),
        }
    }
# Defaults in pole_core/tasks.py: the longest a task may run, how often run_worker recovers.
if "TASKS_TIMEOUT" in os.environ:
    POLE_TASKS_TIMEOUT = int(os.environ["TASKS_TIMEOUT"])
if "TASKS_RECOVER_SECONDS" in os.environ:
    POLE_TASKS_RECOVER_SECONDS = int(os.environ["TASKS_RECOVER_SECONDS"])

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
# Reverse proxies in front of the app servers whose X-Forwarded-For is believed (Varnish: 1), default in
# pole_core/clients.py: 0, the client is the connection's address.
if "TRUSTED_PROXY_COUNT" in os.environ:
    POLE_TRUSTED_PROXY_COUNT = int(os.environ["TRUSTED_PROXY_COUNT"])
# Notification mails, defaults in pole_forms/conf.py: attempts, first wait between two (it doubles),
# seconds before a mail left "sending" by a stopped worker is taken back.
if "FORMS_MAIL_ATTEMPTS" in os.environ:
    POLE_FORMS_MAIL_ATTEMPTS = int(os.environ["FORMS_MAIL_ATTEMPTS"])
if "FORMS_MAIL_RETRY_SECONDS" in os.environ:
    POLE_FORMS_MAIL_RETRY_SECONDS = int(os.environ["FORMS_MAIL_RETRY_SECONDS"])
if "FORMS_MAIL_STALE_SECONDS" in os.environ:
    POLE_FORMS_MAIL_STALE_SECONDS = int(os.environ["FORMS_MAIL_STALE_SECONDS"])
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
# Members sign in from the front-ends through allauth's headless API (/_allauth/app/v1/), with a session
# token in X-Session-Token, never a cookie: CORS never allows credentials.
CORS_URLS_REGEX = r"^/(api/v1|_allauth/app/v1)/"
CORS_ALLOW_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
CORS_ALLOW_HEADERS = ["content-type", "idempotency-key", "if-none-match", "x-session-token"]
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

# The cache in front (Varnish with site/varnish/pole.vcl), defaults in pole_core/cache.py and
# pole_core/frontend_cache.py: each change purges what it made stale through Wagtail's frontend cache,
# whose app stays out of INSTALLED_APPS (its own page_published purge would run beside ours).
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "pole_core.frontend_cache.VarnishBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }
POLE_FRONTEND_CACHE_SITE_PATHS = ["/sitemap.xml", "/flux/evenements.rss", "/flux/ressources.rss"]
POLE_FRONTEND_CACHE_BAN_PREFIXES = ["/api/v1/", "/api/v2/"]
if "POLE_PAGE_CACHE_SECONDS" in os.environ:
    POLE_PAGE_CACHE_SECONDS = int(os.environ["POLE_PAGE_CACHE_SECONDS"])
if "POLE_FRONTEND_CACHE_SECONDS" in os.environ:
    POLE_FRONTEND_CACHE_SECONDS = int(os.environ["POLE_FRONTEND_CACHE_SECONDS"])

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

# Content-Security-Policy (django-csp), enforced. Scripts, styles and fonts come from the site only,
# with no inline script: a page cached by Varnish could not carry a per-request nonce. Images may also
# come from the map's tile server and the media storage, frames from HTTPS (embedded videos). The
# admin's allowances are in pole_core/middleware.py. See the README's "Security headers (CSP)".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, (url_origin(POLE_MAP_TILE_URL), url_origin(MEDIA_URL)))],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, "https:"],
        # The admin's preview panel frames the pages; other sites may not.
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "report-uri": env_list("CSP_REPORT_URI") or None,
    }
}

# Errors go to Sentry when SENTRY_DSN is set (sentry-sdk, in the `production` extra), without personal
# data: no cookies, user or IP address.
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
    )

# Every record carries the id of the request it was logged in (pole_core/middleware.py), and
# `pole.requests` logs one line per request at INFO.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "pole_core.middleware.RequestIdFilter"}},
    "formatters": {
        "with_request_id": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "with_request_id",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"pole.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")}},
}
# Client addresses are personal data: the request log names them only when this is true.
POLE_LOG_CLIENT_IP = env_bool("LOG_CLIENT_IP")
