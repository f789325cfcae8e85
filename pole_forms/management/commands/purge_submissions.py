from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from pole_forms import conf
from pole_forms.models import Submission


class Command(BaseCommand):
    help = (
        "Supprime les réponses aux formulaires plus anciennes que la durée de conservation "
        "(POLE_FORMS_RETENTION_DAYS). Sans --apply, dit seulement ce qui serait supprimé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Supprimer vraiment (sinon, simulation).")
        parser.add_argument("--days", type=int, help="Durée de conservation en jours, à la place du réglage.")

    def handle(self, *args, apply=False, days=None, **options):
        days = days if days is not None else conf.setting("POLE_FORMS_RETENTION_DAYS")
        cutoff = timezone.now() - timedelta(days=days)
        expired = Submission.objects.filter(submit_time__lt=cutoff)
        per_form = expired.values("page__title").annotate(count=Count("pk")).order_by("page__title")
        for row in per_form:
            self.stdout.write(f"{row['page__title']} : {row['count']}")
        total = sum(row["count"] for row in per_form)
        if apply:
            expired.delete()
            self.stdout.write(self.style.SUCCESS(f"{total} réponse(s) de plus de {days} jours supprimée(s)."))
        else:
            self.stdout.write(
                f"Simulation : {total} réponse(s) de plus de {days} jours seraient supprimées. "
                "Relancez avec --apply pour les supprimer."
            )
