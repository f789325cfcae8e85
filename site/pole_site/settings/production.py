"""Production settings: the base settings with secure defaults and required variables.

Required: SECRET_KEY, ALLOWED_HOSTS. Recommended: DATABASE_URL (PostgreSQL), CACHE_URL (Redis).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env_bool, env_list

for required in ("SECRET_KEY", "ALLOWED_HOSTS"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"The environment variable {required} is required in production.")

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the app servers over plain HTTP (pole_core/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail sets SAMEORIGIN on its own preview views, so everything else can refuse framing.
X_FRAME_OPTIONS = "DENY"

# `collectstatic` writes hashed names with gzip and Brotli copies; WhiteNoise serves the hashed ones
# with a far-future Cache-Control (immutable), the others for 60 seconds.
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Django's SMTP backend that records when the server takes each notification mail (pole_forms/tasks.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "pole_forms.mail.EmailBackend")
