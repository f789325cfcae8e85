"""What a server process started by a test needs to share this test run's database."""

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
