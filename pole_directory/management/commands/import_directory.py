"""`manage.py import_directory {people,organisations,places} FILE [--dry-run]`: the admin's import, from a shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pole_directory.importing.resources import RESOURCES
from pole_directory.importing.runner import has_errors, run_import
from pole_directory.importing.views import STATUS_LABELS


class Command(BaseCommand):
    help = (
        "Import people, organisations or places from a CSV or XLSX file, all or nothing: "
        "prints one line per row and exits with status 1 (writing nothing) if any row fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(RESOURCES))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, kind, file, dry_run, **options):
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Impossible de lire « %(file)s » : %(error)s") % {"file": file, "error": error}
            ) from error
        report = run_import(kind, content, file.name, dry_run=dry_run, on_progress=self.progress)
        self.print_report(report)
        if has_errors(report):
            raise CommandError(_("Import annulé : rien n'a été enregistré."), returncode=1)
        if dry_run:
            self.stdout.write(_("Essai à blanc : rien n'a été enregistré."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import terminé.")))

    def progress(self, done, total):
        # On stderr, so that stdout holds only the report; every 100 rows and at the end.
        if done % 100 == 0 or done == total:
            self.stderr.write(_("%(done)s / %(total)s lignes") % {"done": done, "total": total})

    def print_report(self, report):
        for error in report["file_errors"]:
            self.stdout.write(self.style.ERROR(_("Fichier : %(error)s") % {"error": error}))
        for warning in report["warnings"]:
            self.stdout.write(self.style.WARNING(warning))
        for row in report["rows"]:
            line = _("ligne %(line)s — %(label)s : %(status)s") % {
                "line": row["line"],
                "label": row["label"],
                "status": STATUS_LABELS[row["status"]],
            }
            if row["changed"]:
                line += " (" + ", ".join(row["changed"]) + ")"
            self.stdout.write(self.style.ERROR(line) if row["errors"] else line)
            for error in row["errors"]:
                for message in error["messages"]:
                    prefix = f"{error['column']} : " if error["column"] else ""
                    self.stdout.write(f"    {prefix}{message}")
        counts = report["counts"]
        self.stdout.write(
            _(
                "%(new)s création(s), %(update)s mise(s) à jour, %(unchanged)s inchangée(s), %(error)s en erreur."
            )
            % counts
        )
