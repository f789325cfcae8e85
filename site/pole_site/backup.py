"""Backup and restore of the site's data: the database and every media file.

A backup is a folder holding two files:

- `database.pgdump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite, a copy
  made through SQLite's online backup API, consistent while the site runs);
- `media.tar`: every file of the media storages (original images, documents and image renditions),
  read through Django's storage API, so the same code backs up a folder on disk or an S3 bucket.

Restoring loads the database into the configured one, which must be empty (a new PostgreSQL
database, a new SQLite file), then writes each file back through the storage it belongs to:
renditions through Wagtail's rendition storage (public on S3), everything else through the default
storage. The API's cache is then told that the content changed.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.models import get_rendition_storage

from pole_core.cache import bump_content_version

POSTGRESQL_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar"


class BackupError(Exception):
    """A backup or a restore that could not be completed; the message says why."""


def create_backup(parent):
    """Write a backup into a new folder of `parent`, named after the time; return that folder."""
    folder = Path(parent) / datetime.now().strftime("pole-%Y%m%d-%H%M%S")
    folder.mkdir(parents=True)
    if connection.vendor == "postgresql":
        run_client(["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / POSTGRESQL_DUMP)])
    elif connection.vendor == "sqlite":
        copy_sqlite(connection.settings_dict["NAME"], folder / SQLITE_COPY)
    else:
        raise BackupError(_("Pas de sauvegarde pour une base %(vendor)s.") % {"vendor": connection.vendor})
    archive_media(folder / MEDIA_ARCHIVE)
    return folder


def restore_backup(folder):
    """Load the backup in `folder` into the configured (empty) database and the media storages."""
    folder = Path(folder)
    if connection.vendor == "postgresql" and (folder / POSTGRESQL_DUMP).exists():
        # One transaction, stopped at the first error: a database that is not empty is left as it was.
        run_client(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(folder / POSTGRESQL_DUMP),
            ]
        )
    elif connection.vendor == "sqlite" and (folder / SQLITE_COPY).exists():
        if connection.introspection.table_names():
            raise BackupError(
                _("La base %(name)s n'est pas vide.") % {"name": connection.settings_dict["NAME"]}
            )
        connection.close()
        copy_sqlite(folder / SQLITE_COPY, connection.settings_dict["NAME"])
    else:
        raise BackupError(
            _("%(folder)s ne contient pas de sauvegarde d'une base %(vendor)s.")
            % {"folder": folder, "vendor": connection.vendor}
        )
    restore_media(folder / MEDIA_ARCHIVE)
    bump_content_version()


def run_client(command):
    """Run a PostgreSQL client program on the configured database, with its credentials in the
    environment (never on the command line)."""
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("%(program)s est introuvable : installez les outils clients de PostgreSQL (postgresql-client).")
            % {"program": command[0]}
        )
    settings_dict = connection.settings_dict
    # Django's own `dbshell` environment: password, SSL files, service.
    env = connection.client.settings_to_cmd_args_env(settings_dict, [])[1]
    env = {
        **(env or {}),
        "PGHOST": settings_dict["HOST"],
        "PGPORT": settings_dict["PORT"],
        "PGUSER": settings_dict["USER"],
        "PGDATABASE": settings_dict["NAME"],
    }
    env = {**os.environ, **{name: str(value) for name, value in env.items() if value}}
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s a échoué :\n%(error)s") % {"program": command[0], "error": done.stderr.strip()}
        )


def copy_sqlite(source, target):
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        origin.close()
        copy.close()


def media_storages():
    """The default storage and Wagtail's rendition storage (the same one unless configured apart)."""
    rendition_storage = get_rendition_storage()
    return [default_storage] if rendition_storage is default_storage else [default_storage, rendition_storage]


def storage_files(storage, folder=""):
    """Names of every file of `storage` under `folder`."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}{name}"
    for name in folders:
        yield from storage_files(storage, f"{folder}{name}/")


def archive_media(path):
    """Write every media file into the tar archive at `path`, each name once."""
    archived = set()
    with tarfile.open(path, "w") as archive:
        for storage in media_storages():
            for name in storage_files(storage):
                if name in archived:
                    continue
                with storage.open(name) as content:
                    member = tarfile.TarInfo(name)
                    member.size = storage.size(name)
                    member.mtime = int(datetime.now().timestamp())
                    archive.addfile(member, content)
                archived.add(name)


def restore_media(path):
    """Write each file of the archive at `path` back under its own name, renditions through the
    rendition storage."""
    renditions = set(get_image_model().get_rendition_model().objects.values_list("file", flat=True))
    rendition_storage = get_rendition_storage()
    with tarfile.open(path) as archive:
        for member in archive:
            if not member.isfile():
                continue
            storage = rendition_storage if member.name in renditions else default_storage
            if storage.exists(member.name):
                storage.delete(member.name)
            saved = storage.save(member.name, File(archive.extractfile(member), name=member.name))
            if saved != member.name:
                raise BackupError(
                    _("%(name)s a été restauré sous le nom %(saved)s.")
                    % {"name": member.name, "saved": saved}
                )
