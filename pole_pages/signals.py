"""Stored API answers go stale when the network's settings (name, contact, links) change."""

from pole_directory.api_cache import bump_on_changes_to

from .models import NetworkSettings


def connect_api_cache_invalidation():
    bump_on_changes_to(NetworkSettings)
