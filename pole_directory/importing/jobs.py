"""An uploaded file kept on the server between its preview and its import, and the import task.

Each upload gets a folder named by a random token under `POLE_IMPORT_ROOT` (outside the public
media; the system's temporary folder by default) holding the file, who sent it, the preview
report and the progress of the import. The task writes its progress there rather than in the
database: the import runs inside one transaction, whose writes nobody else sees until it ends.
A deployment with several servers points `POLE_IMPORT_ROOT` at a shared folder.
"""

import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django_tasks import task

from .runner import has_errors, run_import

#: Uploads older than this are removed when a new one arrives.
MAX_AGE_SECONDS = 24 * 3600

STATE_QUEUED = "queued"
STATE_RUNNING = "running"
STATE_DONE = "done"
STATE_FAILED = "failed"


def import_root():
    return Path(getattr(settings, "POLE_IMPORT_ROOT", None) or Path(tempfile.gettempdir()) / "pole-imports")


class ImportJob:
    """One uploaded file, found again by its token."""

    def __init__(self, token):
        self.token = token
        self.folder = import_root() / token

    @classmethod
    def create(cls, *, kind, filename, content, user):
        remove_stale_jobs()
        job = cls(uuid.uuid4().hex)
        job.folder.mkdir(parents=True)
        (job.folder / "source").write_bytes(content)
        job.write(
            "meta",
            {
                "kind": kind,
                "filename": Path(filename).name,
                "user_id": user.pk if user else None,
                "uploaded_at": timezone.now().isoformat(),
            },
        )
        return job

    @classmethod
    def find(cls, token):
        """The job of `token`, or None once it has expired or if it never existed."""
        job = cls(token)
        return job if (job.folder / "meta.json").is_file() else None

    def read(self, name, default=None):
        try:
            return json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return default

    def write(self, name, data):
        # Write then rename, so that a status page never reads half a file.
        path = self.folder / f"{name}.json"
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)

    @property
    def meta(self):
        return self.read("meta")

    @property
    def kind(self):
        return self.meta["kind"]

    @property
    def filename(self):
        return self.meta["filename"]

    def belongs_to(self, user):
        return self.meta["user_id"] == user.pk

    def source(self):
        return (self.folder / "source").read_bytes()

    def has_source(self):
        return (self.folder / "source").is_file()

    # Preview and progress

    def preview(self):
        """Dry-run the file and keep the report for the preview page."""
        report = run_import(self.kind, self.source(), self.filename, dry_run=True)
        self.write("preview", report)
        return report

    @property
    def preview_report(self):
        return self.read("preview")

    @property
    def status(self):
        return self.read("status")

    def queue(self):
        total = self.preview_report["total"] if self.preview_report else 0
        self.write("status", {"state": STATE_QUEUED, "done": 0, "total": total, "report": None})

    def apply(self):
        """Import the file for good, all or nothing, recording the progress as it goes."""
        status = {"state": STATE_RUNNING, "done": 0, "total": 0, "report": None}
        self.write("status", status)
        last_write = 0.0

        def record(done, total):
            nonlocal last_write
            now = time.monotonic()
            if done == total or now - last_write > 0.5:
                status.update(done=done, total=total)
                self.write("status", status)
                last_write = now

        try:
            report = run_import(self.kind, self.source(), self.filename, dry_run=False, on_progress=record)
        except Exception:
            status.update(state=STATE_FAILED)
            self.write("status", status)
            raise
        status.update(state=STATE_FAILED if has_errors(report) else STATE_DONE, report=report)
        self.write("status", status)
        if status["state"] == STATE_DONE:
            (self.folder / "source").unlink()
        return report


def remove_stale_jobs():
    root = import_root()
    if not root.is_dir():
        return
    limit = time.time() - MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


@task()
def apply_import(token, language=None):
    """Run an uploaded import (see `ImportJob.apply`); returns the counts per status."""
    job = ImportJob.find(token)
    if job is None or not job.has_source():
        return {}
    with translation.override(language or settings.LANGUAGE_CODE):
        return job.apply()["counts"]
