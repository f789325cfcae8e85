"""Backup and restore (`manage.py backup` / `restore`): a restored PostgreSQL database and media
answer the API exactly as the original did.

The original is this test run's database and media folder; the copy is a new database on the same
server and a new media folder. Both are read by the site in a subprocess, as a second server would.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.factories import (
    ChantierIndexPageFactory,
    ChantierPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    PersonFactory,
    PlaceFactory,
)

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# Each answer as the test client gets it, with a request id of our choosing so that its header is
# the same on both sides.
API_ANSWERS = """
import json, os
from django.test import Client

client = Client()
answers = {}
for url in json.loads(os.environ["API_URLS"]):
    response = client.get(url, headers={"X-Request-ID": "backup-test-0001"})
    answers[url] = {
        "status": response.status_code,
        "headers": sorted(response.headers.items()),
        "body": response.content.decode(),
    }
print(json.dumps(answers))
"""
# `Last-Modified` says when an answer was first built (pole_core/cache.py): like `Date`, it is a time,
# not content; `ETag`, a hash of the bytes, is compared.
TIME_HEADERS = {"Date", "Last-Modified"}


def postgres_tools_or_skip():
    missing = [program for program in ("pg_dump", "pg_restore") if shutil.which(program) is None]
    if missing:
        reason = f"backup tests need {', '.join(missing)} (Debian's postgresql-client)"
        if os.environ.get("POLE_STACK_TESTS") == "required":
            pytest.fail(f"{reason} (POLE_STACK_TESTS=required)", pytrace=False)
        pytest.skip(reason)


def database_url(name):
    values = connection.settings_dict
    password = f":{values['PASSWORD']}" if values["PASSWORD"] else ""
    return f"postgres://{values['USER']}{password}@{values['HOST'] or 'localhost'}:{values['PORT'] or 5432}/{name}"


def site_env(database_name, media_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pole_site.settings.base",
        "DEBUG": "false",
        "DATABASE_URL": database_url(database_name),
        "MEDIA_ROOT": str(media_root),
        # Each process builds its answers from the database, never from another process's cache.
        "CACHE_URL": "locmem://",
        "LOG_LEVEL": "CRITICAL",
        "REQUEST_LOG_LEVEL": "CRITICAL",
    }


def manage(env, *arguments):
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def api_answers(env, urls):
    output = manage({**env, "API_URLS": json.dumps(urls)}, "shell", "--no-imports", "-c", API_ANSWERS)
    answers = json.loads(output.splitlines()[-1])
    for answer in answers.values():
        answer["headers"] = [(name, value) for name, value in answer["headers"] if name not in TIME_HEADERS]
    return answers


def media_files(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


@pytest.fixture
def fresh_database():
    """The name of a new, empty database on the test run's PostgreSQL server, dropped afterwards."""
    postgres_tools_or_skip()
    import psycopg
    from psycopg import sql

    name = f"pole_restore_{os.getpid()}"
    values = connection.settings_dict
    server = {
        "host": values["HOST"] or "localhost",
        "port": values["PORT"] or 5432,
        "user": values["USER"] or None,
        "password": values["PASSWORD"] or None,
    }

    def run(statement):
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as maintenance:
            maintenance.execute(sql.SQL(statement).format(sql.Identifier(name)))

    run("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    run("CREATE DATABASE {}")
    yield name
    run("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def build_network(home):
    chantiers = ChantierIndexPageFactory(parent=home, slug="chantiers")
    chantier = ChantierPageFactory(parent=chantiers, slug="mobilite", image=ImageFactory(title="Atelier"))
    ChantierPageFactory(parent=chantiers, slug="emploi-partage")
    events = EventIndexPageFactory(parent=home, slug="agenda")
    event = EventPageFactory(parent=events, slug="rencontre")
    for _ in range(3):
        PlaceFactory()
    PersonFactory(with_photo=True)
    return chantier, event


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's backup (pg_dump); SQLite's is tested below")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_postgresql_backup_answers_the_api_byte_for_byte(home, tmp_path, fresh_database):
    chantier, event = build_network(home)
    urls = [
        "/api/v1/chantiers/",
        f"/api/v1/chantiers/{chantier.pk}/",
        f"/api/v1/pages/find/?path={quote(chantier.url)}",
        f"/api/v1/events/{event.pk}/",
        "/api/v1/people/",
        "/api/v1/places.geojson",
        "/api/v1/search/?q=mobilit%C3%A9",
    ]
    original = site_env(connection.settings_dict["NAME"], settings.MEDIA_ROOT)
    # Renditions are made by the first answers: the backup holds them.
    before = api_answers(original, urls)

    folder = manage(original, "backup", str(tmp_path / "backups")).strip()
    restored = site_env(fresh_database, tmp_path / "restored-media")
    manage(restored, "restore", folder)
    after = api_answers(restored, urls)

    assert all(answer["status"] == 200 for answer in before.values()), before
    assert "/media/images/" in before[f"/api/v1/chantiers/{chantier.pk}/"]["body"]
    assert after == before
    assert media_files(tmp_path / "restored-media") == media_files(settings.MEDIA_ROOT)


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite's backup; PostgreSQL's is tested above")
@pytest.mark.django_db
def test_a_sqlite_backup_restores_into_a_new_file_with_the_media(tmp_path):
    image = ImageFactory(title="Portrait")
    output = StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=output)
    folder = output.getvalue().strip()

    restored = {
        **site_env("unused", tmp_path / "restored-media"),
        "DATABASE_URL": "",
        "SQLITE_PATH": str(tmp_path / "restored.sqlite3"),
    }
    manage(restored, "restore", folder)

    def tables_and_migrations(path):
        database = sqlite3.connect(path)
        try:
            assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tables = database.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            return tables.fetchall(), database.execute("SELECT app, name FROM django_migrations").fetchall()
        finally:
            database.close()

    assert tables_and_migrations(tmp_path / "restored.sqlite3") == tables_and_migrations(
        connection.settings_dict["NAME"]
    )
    restored_image = tmp_path / "restored-media" / image.file.name
    assert restored_image.read_bytes() == Path(image.file.path).read_bytes()
