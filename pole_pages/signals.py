"""New chantier lists get the CA workflow (what pages change for the public: `pole_core.content`)."""

from django.db.models.signals import post_save

from .models import ChantierIndexPage
from .workflow import apply_board_workflow


def apply_board_workflow_to_new_index(sender, instance, created, raw=False, **kwargs):
    """A new list of chantiers gets the board's workflow, so its chantiers go through the CA."""
    if created and not raw:
        apply_board_workflow(instance)


def connect_board_workflow():
    post_save.connect(apply_board_workflow_to_new_index, sender=ChantierIndexPage)
