from django.core.management.base import BaseCommand, CommandError

from pole_site.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (pg_dump, ou copie de SQLite) et tous les médias dans un nouveau "
        "dossier du DOSSIER donné, et affiche son chemin. Voir « Backup and restore » dans le README."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Dossier où créer la sauvegarde.")

    def handle(self, *args, directory, **options):
        try:
            folder = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
