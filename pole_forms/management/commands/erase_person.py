from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from pole_directory.models import Person
from pole_forms.models import Submission


class Command(BaseCommand):
    help = (
        "Efface les données d'une personne : ses réponses aux formulaires et sa fiche dans l'annuaire "
        "(avec sa place dans les groupes de travail). Affiche ce qui a été supprimé."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Le courriel de la personne.")

    def handle(self, *args, email, **options):
        try:
            validate_email(email)
        except Exception:
            raise CommandError(f"« {email} » n'est pas un courriel valide.") from None
        with transaction.atomic():
            submissions = Submission.objects.of_person(email).select_related("page")
            for submission in submissions:
                self.stdout.write(f"Réponse n° {submission.pk} à « {submission.page.title} » supprimée.")
            submission_count = submissions.delete()[0]
            people = Person.objects.filter(email__iexact=email)
            for person in people:
                self.stdout.write(f"Fiche de « {person.full_name} » supprimée de l'annuaire.")
            people_count = people.count()
            people.delete()
        if not submission_count and not people_count:
            self.stdout.write(f"Aucune donnée trouvée pour {email}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Données de {email} effacées."))
