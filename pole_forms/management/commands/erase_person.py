from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from pole_forms.erasure import erase_person


class Command(BaseCommand):
    help = (
        "Efface les données d'une personne : ses réponses aux formulaires, sa fiche dans l'annuaire "
        "(avec sa place dans les groupes de travail et sa photo déposée), ses traces dans les révisions "
        "des pages et dans le journal. Affiche ce qui a été supprimé."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Le courriel de la personne.")

    def handle(self, *args, email, **options):
        try:
            validate_email(email)
        except Exception:
            raise CommandError(f"« {email} » n'est pas un courriel valide.") from None
        report = erase_person(email)
        for line in report.lines:
            self.stdout.write(line)
        if not report:
            self.stdout.write(f"Aucune donnée trouvée pour {email}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Données de {email} effacées."))
