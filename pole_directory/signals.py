"""Stored API answers go stale when what they show changes: pages, directory snippets, images, documents."""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from pole_core.cache import bump_on_changes_to, bump_on_page_changes

from .models import Axis, Organisation, Person, Place


def connect_api_cache_invalidation():
    bump_on_page_changes()
    bump_on_changes_to(Person, Organisation, Place, Axis, get_image_model(), get_document_model(), Site)
