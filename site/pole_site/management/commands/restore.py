from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pole_site.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par `backup` dans la base de données configurée, qui doit être vide "
        "(une nouvelle base), et dans le stockage des médias. Voir « Backup and restore » dans le README."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Dossier de la sauvegarde (pole-AAAAMMJJ-HHMMSS).")

    def handle(self, *args, folder, **options):
        try:
            restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Sauvegarde %(folder)s restaurée.") % {"folder": folder}))
