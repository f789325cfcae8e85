"""Recover once what stopped workers left behind (for a cron job; `run_worker` does it on its own)."""

from django.core.management.base import BaseCommand

from pole_core import tasks


class Command(BaseCommand):
    help = (
        "Marks failed the database tasks left running by a stopped worker, then lets each app take back "
        "its own unfinished work (pole_forms: the mails to send again)."
    )

    def handle(self, *args, **options):
        tasks.recover()
