"""Sessions live where every app server finds them: the database, read through Redis when it is the cache.

The settings read CACHE_URL once, at start: each case reads them in a subprocess.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def session_engine(cache_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pole_site.settings.base",
        "CACHE_URL": cache_url,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
    }
    script = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("db://pole_cache", "django.contrib.sessions.backends.db"),
        ("locmem://", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/2", "django.contrib.sessions.backends.cached_db"),
    ],
    ids=["database cache", "per-process cache", "redis"],
)
def test_sessions_are_in_the_database_and_read_through_redis(cache_url, engine):
    assert session_engine(cache_url) == engine
