"""The page types without an endpoint of their own: the home page, content pages, the index pages
(chantiers, resources, agenda, trombinoscope) and the map, each in its typed shape."""

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string
from ninja import Router
from wagtail.rich_text import expand_db_html

from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND
from pole_core.api.listing import check_parameters
from pole_core.api.params import Id
from pole_directory.filters import PlaceFilterSet

from ..lifecycle import ChantierStatus
from ..maps import tile_layer
from ..models import (
    ChantierIndexPage,
    ChantierPage,
    ContentPage,
    EventIndexPage,
    EventPage,
    HomePage,
    MapPage,
    ResourceIndexPage,
    TrombinoscopePage,
)
from ..models.event import upcoming
from ..templatetags.pole_tags import filter_options
from .chantiers import SUMMARY_FIELDS, chantier_summaries
from .common import (
    absolute_api_url,
    chantier_refs,
    page_ref_of_row,
    page_summary,
    page_url_builder,
    public_pages,
    stream_out,
    visible_pages,
)
from .events import event_summary
from .schemas import ContentPageOut, HomePageOut, ListingPageOut, MapPageOut

router = Router(tags=["pages"])

# How many coming events the home page shows.
HOME_EVENT_COUNT = 3
# The API list giving the items of each index page.
LIST_ROUTES = {
    ChantierIndexPage: "list_chantiers",
    ResourceIndexPage: "list_resources",
    EventIndexPage: "list_events",
    TrombinoscopePage: "list_people",
}


def page_head(page, request):
    return {**page_summary(page, request), "type": page.specific_class._meta.model_name}


def home_page(page, request):
    chantiers = (
        public_pages(request, ChantierPage)
        .filter(status=ChantierStatus.ONGOING, path__startswith=page.path)
        .order_by("path")
        .values(*SUMMARY_FIELDS)
    )
    events = upcoming(public_pages(request, EventPage).filter(path__startswith=page.path))[:HOME_EVENT_COUNT]
    chantier_pages = chantier_refs(request, [event.chantier_id for _start, event in events])
    return {
        **page_head(page, request),
        "intro": page.intro,
        "body": stream_out(page.body, request),
        "ongoing_chantiers": chantier_summaries(list(chantiers), request),
        "upcoming_events": [event_summary(event, request, chantier_pages, start) for start, event in events],
    }


def content_page(page, request):
    full_url = page_url_builder(request)
    children = (
        visible_pages(request)
        .child_of(page)
        .order_by("path")
        .values("id", "title", "url_path", "content_type", "search_description")
    )
    return {
        **page_head(page, request),
        "intro": page.intro,
        "body": stream_out(page.body, request),
        "subpages": [
            {**page_ref_of_row(row, full_url), "search_description": row["search_description"]}
            for row in children
        ],
    }


def filter_out(name, label, options):
    """FilterOut of a filter: its `options` as (value, label) pairs."""
    return {
        "name": name,
        "label": str(label),
        "options": [{"value": value, "label": str(text)} for value, text in options],
    }


def listing_page(page, request):
    """An index page; its filters are the fields of its public filter form, with the same options."""
    filters = []
    if page.filterset_class:
        form = import_string(page.filterset_class)(QueryDict(), request=request).form
        for name in page.filter_fields:
            options = filter_options(form[name])
            filters.append(
                filter_out(name, form[name].label, [(value, text) for value, text, _on in options])
            )
    route = LIST_ROUTES.get(page.specific_class)
    return {
        **page_head(page, request),
        "intro": expand_db_html(page.intro),
        "list_url": absolute_api_url(request, route) if route else None,
        "ical_url": absolute_api_url(request, "events_ical") if isinstance(page, EventIndexPage) else None,
        "filters": filters,
    }


def map_page(page, request):
    geojson_url = page.geojson_url()
    choices = page.filter_choices(QueryDict())
    return {
        **page_head(page, request),
        "intro": expand_db_html(page.intro),
        "centre": {"latitude": float(page.centre_latitude), "longitude": float(page.centre_longitude)},
        "zoom": page.zoom,
        "tiles": tile_layer(),
        "geojson_url": request.build_absolute_uri(geojson_url) if geojson_url else None,
        "filters": [
            filter_out(
                name,
                PlaceFilterSet.base_filters[name].label,
                [(value, text) for value, text, _on in choices[name]],
            )
            for name in MapPage.FILTERS
        ],
    }


# The shape of each page type this endpoint gives (the most specific class first).
PAGE_DETAILS = {
    HomePage: home_page,
    ContentPage: content_page,
    MapPage: map_page,
    ChantierIndexPage: listing_page,
    ResourceIndexPage: listing_page,
    EventIndexPage: listing_page,
    TrombinoscopePage: listing_page,
}
PAGE_TYPES = tuple(PAGE_DETAILS)


@router.get(
    "/pages/{page_id}/",
    response={
        200: HomePageOut | ContentPageOut | MapPageOut | ListingPageOut,
        **ERROR_RESPONSES,
        **NOT_FOUND,
    },
    summary="Une page d'accueil, de contenu, d'index (chantiers, ressources, agenda, trombinoscope) ou la carte",
    description="For the page types without an endpoint of their own; `type` tells the shape. "
    "Chantiers, resources, events, documents and forms have their own (`pages/find` gives each page's "
    "`api_url`); their id answers 404 here.",
)
def get_page(request, page_id: Id):
    check_parameters(request, [])
    page = get_object_or_404(visible_pages(request).type(*PAGE_TYPES), pk=page_id).specific
    return PAGE_DETAILS[page.specific_class](page, request)
