"""The event chooser opened from a chantier's edit form offers only that chantier's events.

A StreamField's page chooser is declared once for every page, so the chooser cannot carry the
chantier in its URL; the chantier is the page whose edit form opened it (the request's Referer,
which browsers send on the admin's same-origin requests).
"""

from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import Resolver404, resolve

from .models import ChantierPage, EventPage

EVENT_PAGE_TYPE = "pole_pages.eventpage"
NEW_CHANTIER = 0


def chantier_opening_the_chooser(request):
    """The id of the chantier being edited (NEW_CHANTIER while it is created), or None for other pages."""
    referer = request.headers.get("Referer")
    if not referer:
        return None
    try:
        match = resolve(urlsplit(referer).path)
    except Resolver404:
        return None
    if match.view_name == "wagtailadmin_pages:add":
        is_chantier = (match.kwargs["content_type_app_name"], match.kwargs["content_type_model_name"]) == (
            ChantierPage._meta.app_label,
            ChantierPage._meta.model_name,
        )
        return NEW_CHANTIER if is_chantier else None
    if match.view_name == "wagtailadmin_pages:edit":
        page_id = match.kwargs["page_id"]
        return page_id if ChantierPage.objects.filter(pk=page_id).exists() else None
    return None


def only_the_chantiers_events(pages, request):
    """Narrow an event chooser opened from a chantier to that chantier's events; leave others alone."""
    page_types = request.GET.get("page_type", "").lower().split(",")
    if EVENT_PAGE_TYPE not in page_types:
        return pages
    chantier_id = chantier_opening_the_chooser(request)
    if chantier_id is None:
        return pages
    own_events = list(EventPage.objects.filter(chantier_id=chantier_id).values_list("pk", flat=True))
    # Pages other than events stay, to browse the tree; of the events, only the chantier's own. A short
    # list rather than a subquery: the chooser's search runs this filter through the search backend.
    return pages.exclude(Q(content_type=ContentType.objects.get_for_model(EventPage)) & ~Q(pk__in=own_events))
