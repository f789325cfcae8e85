"""Stored API answers go stale when the network's settings change; new chantier lists get the CA workflow."""

from django.db.models.signals import post_save

from pole_core.cache import bump_on_changes_to

from .models import ChantierIndexPage, NetworkSettings
from .workflow import apply_board_workflow


def connect_api_cache_invalidation():
    bump_on_changes_to(NetworkSettings)


def apply_board_workflow_to_new_index(sender, instance, created, raw=False, **kwargs):
    """A new list of chantiers gets the board's workflow, so its chantiers go through the CA."""
    if created and not raw:
        apply_board_workflow(instance)


def connect_board_workflow():
    post_save.connect(apply_board_workflow_to_new_index, sender=ChantierIndexPage)
