import time

from django.core.management.base import BaseCommand, CommandError

from pole_site.demo.loader import ADMIN_USERNAME, OUTCOMES, DemoConflict, load_demo

OUTCOME_LABELS = dict(zip(OUTCOMES, ("créés", "modifiés", "inchangés", "supprimés"), strict=True))


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration. Relancée, la commande ne recrée rien et ne touche pas aux pages."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            report = load_demo()
        except DemoConflict as error:
            raise CommandError(str(error)) from error

        for label, counter in report.counts.items():
            counts = " · ".join(
                f"{OUTCOME_LABELS[outcome]} : {counter[outcome]}"
                for outcome in OUTCOMES
                if counter[outcome] or outcome != "deleted"
            )
            self.stdout.write(f"  {label:<28} {counts}")

        if report.admin_password:
            self.stdout.write(
                self.style.WARNING(
                    f"Compte d'administration : {report.admin_email} / {report.admin_password}\n"
                    "  Notez ce mot de passe : il ne sera plus affiché."
                )
            )
        else:
            self.stdout.write(
                f"Le compte d'administration « {ADMIN_USERNAME} » ({report.admin_email}) existe déjà. "
                f"Pour changer son mot de passe : python manage.py changepassword {ADMIN_USERNAME}"
            )
        if report.member_password:
            accounts = "\n".join(
                f"  {email} ({organisation})" for email, organisation in report.member_accounts
            )
            self.stdout.write(
                self.style.WARNING(
                    f"Comptes adhérent·es, mot de passe : {report.member_password}\n{accounts}\n"
                    "  Un mot de passe pour tous ces comptes, à noter : il ne sera plus affiché. "
                    "Connexion sur /compte/login/ avec le courriel."
                )
            )
        if report.total("created"):
            summary = "Contenu de démonstration chargé"
        elif report.total("updated"):
            summary = "Démo mise à jour"
        else:
            summary = "Démo déjà chargée, rien à changer"
        self.stdout.write(self.style.SUCCESS(f"{summary} en {time.monotonic() - started:.1f} s."))
