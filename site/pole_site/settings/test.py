"""Test settings: the base settings with fast password hashing and files in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="pole-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
POLE_WEBHOOK_URLS = []
# Each test client builds its own middleware: WhiteNoise then looks static files up per request
# instead of scanning STATIC_ROOT for every test.
WHITENOISE_AUTOREFRESH = True
# On SQLite the test database is a file, so that a real server started by a test (tests/pole_forms/
# test_concurrency.py) can share it; SQLITE_TEST_PATH chooses it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("SQLITE_TEST_PATH")
        or os.path.join(tempfile.gettempdir(), f"pole-test-{os.getpid()}.sqlite3")
    }
