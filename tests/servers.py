"""What a server process started by a test needs to share this test run's database."""

import sys
from pathlib import Path

from django.db import connection


def database_env():
    """Environment variables pointing the settings at the database of this test run."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": settings["NAME"], "DATABASE_URL": ""}
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return {
        "DATABASE_URL": f"postgres://{settings['USER']}{password}@{settings['HOST'] or 'localhost'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    }


def gunicorn_command(port, workers):
    """The command line of a gunicorn serving the reference project on 127.0.0.1:`port`."""
    root = Path(__file__).resolve().parent.parent
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--pythonpath",
        f"{root / 'site'},{root}",
        "--timeout",
        "60",
        "pole_site.wsgi:application",
    ]
