"""The site as a whole: its menu and contact, page lookup by URL path, and one search across types."""

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from ninja import Router
from wagtail.models import Page, Site

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND, ApiError
from pole_core.api.images import image_out
from pole_core.api.listing import check_parameters, paginate, search
from pole_core.api.params import PagePath, SearchQuery
from pole_core.site_urls import request_origin
from pole_directory.api import search_people
from pole_directory.models import Person, Place

from ..choices import AccessibilityStatus
from ..models import ChantierPage, EventPage, GovernanceDocumentPage, MapPage, NetworkSettings, ResourcePage
from .common import (
    DETAIL_ROUTES,
    absolute_api_url,
    api_url,
    breadcrumbs,
    html_text,
    page_ref,
    page_url_builder,
    place_page_urls,
    register_detail_route,
    visible_pages,
)
from .pages import PAGE_TYPES
from .schemas import FoundPageOut, SearchListOut, SiteOut

router = Router(tags=["site"])

# The API address of this app's page types; search looks into those with their own endpoint.
# Other apps register theirs (pole_forms: its forms).
for model, route in {
    ChantierPage: "get_chantier",
    ResourcePage: "get_resource",
    EventPage: "get_event",
    GovernanceDocumentPage: "get_document",
}.items():
    register_detail_route(model, route)
for model in PAGE_TYPES:
    register_detail_route(model, "get_page", searchable=False)
MAX_SEARCH_RESULTS = 100
# The site's feeds: {name in SiteOut.feeds: URL name}.
FEEDS = {"events_rss": "pole_pages:event_feed", "resources_rss": "pole_pages:resource_feed"}


def page_not_found():
    return ApiError(404, _("Aucune page publiée à cette adresse."))


def feed_urls(request):
    """The feeds the site serves, as absolute URLs."""
    feeds = {}
    for name, url_name in FEEDS.items():
        try:
            feeds[name] = request.build_absolute_uri(reverse(url_name))
        except NoReverseMatch:
            pass
    ical = absolute_api_url(request, "events_ical")
    if ical:
        feeds["events_ical"] = ical
    return feeds


@router.get(
    "/site/",
    response={200: SiteOut, **ERROR_RESPONSES},
    summary="Nom du site, logo, menu de navigation, coordonnées et état d'accessibilité",
)
def get_site(request):
    check_parameters(request, [])
    site = Site.find_for_request(request)
    settings = NetworkSettings.for_site(site)
    menu = site.root_page.get_children().live().public().in_menu().specific()
    links = {
        "mastodon": settings.mastodon_url,
        "linkedin": settings.linkedin_url,
        "newsletter": settings.newsletter_url,
    }
    statement = settings.accessibility_statement
    legal_notice = settings.legal_notice
    return {
        "name": site.site_name or settings.organisation_name,
        "root_url": request_origin(request),
        "logo": image_out(settings.logo, request),
        "home": page_ref(site.root_page, request),
        "menu": [page_ref(page, request) for page in menu],
        "legal_notice": page_ref(legal_notice, request) if legal_notice and legal_notice.live else None,
        "contact": {
            "organisation_name": settings.organisation_name,
            "email": settings.contact_email,
            "phone": settings.phone,
            "address": settings.address,
            "links": {name: url for name, url in links.items() if url},
        },
        "accessibility": {
            "status": choice_of(AccessibilityStatus, settings.accessibility_status),
            "statement": page_ref(statement, request) if statement and statement.live else None,
        },
        "feeds": feed_urls(request),
    }


@router.get(
    "/pages/find/",
    response={200: FoundPageOut, **ERROR_RESPONSES, **NOT_FOUND},
    summary="La page publiée à une adresse (routage d'un front-end)",
)
def find_page(request, path: PagePath):
    check_parameters(request, ["path"])
    site = Site.find_for_request(request)
    components = [component for component in path.split("/") if component]
    # A page is found by its URL path in one query; what that misses (a sub-route of a routable
    # page, such as a place under the map) goes through Wagtail's routing, one query per level.
    url_path = site.root_page.url_path + "".join(f"{component}/" for component in components)
    page = visible_pages(request).filter(url_path=url_path).specific().first()
    route_kwargs = {}
    if page is None:
        try:
            route = site.root_page.specific.route(request, components)
        except Http404:
            raise page_not_found() from None
        page = route.page
        route_kwargs = route.args[2] if route.args else {}
        if page.get_view_restrictions().exists():
            raise page_not_found()
    trail = breadcrumbs(page, request)
    if isinstance(page, MapPage) and route_kwargs.get("slug"):
        return found_place(page, route_kwargs["slug"], trail, request)
    return {**page_ref(page, request), "api_url": api_url(page, request), "breadcrumbs": trail}


def found_place(map_page, slug, trail, request):
    """FoundPageOut of a place's page under the map: the map closes its breadcrumb trail."""
    place = Place.objects.filter(slug=slug).first()
    if place is None:
        raise page_not_found()
    return {
        "id": place.pk,
        "type": "place",
        "title": place.name,
        "url": map_page.get_full_url(request) + map_page.reverse_subpage("place", kwargs={"slug": slug}),
        "api_url": absolute_api_url(request, "get_place", place.pk),
        "breadcrumbs": [*trail, page_ref(map_page, request)],
    }


@router.get(
    "/search/",
    response={200: SearchListOut, **ERROR_RESPONSES},
    summary="Une recherche dans les chantiers, ressources, événements, documents, personnes et lieux",
)
def search_everything(request, q: SearchQuery):
    check_parameters(request, ["q", "limit", "offset"])
    if not q:
        return paginate(request, [])  # `q` held no word (SearchQuery keeps letters and digits only)
    site = Site.find_for_request(request)
    searched_types = [model for model, (_route, searchable) in DETAIL_ROUTES.items() if searchable]
    pages = (
        Page.objects.live()
        .public()
        .in_site(site)
        .type(*searched_types)
        .specific()
        .search(q)[:MAX_SEARCH_RESULTS]
    )
    people = search_people(Person.objects.published(), q)
    places = search(request, Place.objects.all(), ["name", "address_locality", "description"])
    place_url = place_page_urls(request)
    full_url = page_url_builder(request)
    results = [
        {
            "type": page.specific_class._meta.model_name,
            "id": page.pk,
            "title": page.title,
            "url": full_url(page.url_path),
            "summary": html_text(getattr(page, "intro", "") or page.search_description),
        }
        for page in pages
    ]
    results += [
        {
            "type": "person",
            "id": person.pk,
            "title": person.full_name,
            "url": None,
            "summary": person.role_title,
        }
        for person in people[:MAX_SEARCH_RESULTS]
    ]
    results += [
        {
            "type": "place",
            "id": place.pk,
            "title": place.name,
            "url": place_url(place.slug) if place_url else None,
            "summary": place.address_locality,
        }
        for place in places[:MAX_SEARCH_RESULTS]
    ]
    return paginate(request, results)
