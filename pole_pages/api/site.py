"""The site as a whole: its menu and contact, page lookup by URL path, and one search across types."""

from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from ninja import Router
from wagtail.models import Page, Site

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND, ApiError
from pole_core.api.images import image_out
from pole_core.api.listing import check_parameters, paginate, search
from pole_core.api.urls import api_path
from pole_core.site_urls import request_origin
from pole_directory.models import Person, Place

from ..choices import AccessibilityStatus
from ..models import ChantierPage, EventPage, GovernanceDocumentPage, NetworkSettings, ResourcePage
from .common import page_ref
from .schemas import FoundPageOut, SearchListOut, SiteOut

router = Router(tags=["site"])

# The detail endpoint of each page type that has one.
DETAIL_ROUTES = {
    ChantierPage: "get_chantier",
    ResourcePage: "get_resource",
    EventPage: "get_event",
    GovernanceDocumentPage: "get_document",
}
SEARCHED_PAGE_TYPES = tuple(DETAIL_ROUTES)
MAX_SEARCH_RESULTS = 100


def api_url(page, request):
    name = DETAIL_ROUTES.get(page.specific_class)
    path = api_path(name, page.pk) if name else None
    return request.build_absolute_uri(path) if path else None


@router.get(
    "/site/",
    response=SiteOut,
    summary="Nom du site, logo, menu de navigation, coordonnées et état d'accessibilité",
)
def get_site(request):
    site = Site.find_for_request(request)
    settings = NetworkSettings.for_site(site)
    menu = site.root_page.get_children().live().public().in_menu().specific()
    links = {
        "mastodon": settings.mastodon_url,
        "linkedin": settings.linkedin_url,
        "newsletter": settings.newsletter_url,
    }
    statement = settings.accessibility_statement
    return {
        "name": site.site_name or settings.organisation_name,
        "root_url": request_origin(request),
        "logo": image_out(settings.logo, request),
        "menu": [page_ref(page, request) for page in menu],
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
    }


@router.get(
    "/pages/find/",
    response={200: FoundPageOut, **ERROR_RESPONSES, **NOT_FOUND},
    summary="La page publiée à une adresse (routage d'un front-end)",
)
def find_page(request, path: str):
    check_parameters(request, ["path"])
    site = Site.find_for_request(request)
    components = [component for component in path.split("/") if component]
    try:
        page = site.root_page.specific.route(request, components).page
    except Http404:
        raise ApiError(404, _("Aucune page publiée à cette adresse.")) from None
    if page.get_view_restrictions().exists():
        raise ApiError(404, _("Aucune page publiée à cette adresse."))
    return {**page_ref(page, request), "api_url": api_url(page, request)}


@router.get(
    "/search/",
    response={200: SearchListOut, **ERROR_RESPONSES},
    summary="Une recherche dans les chantiers, ressources, événements, documents, personnes et lieux",
)
def search_everything(request, q: str):
    check_parameters(request, ["q", "limit", "offset"])
    if not q.strip():
        raise ApiError(400, _("Paramètre invalide."), {"q": [_("Indiquez les mots à rechercher.")]})
    site = Site.find_for_request(request)
    pages = (
        Page.objects.live()
        .public()
        .in_site(site)
        .type(*SEARCHED_PAGE_TYPES)
        .specific()
        .search(q)[:MAX_SEARCH_RESULTS]
    )
    people = search(request, Person.objects.published(), ["first_name", "last_name", "role_title"])
    places = search(request, Place.objects.all(), ["name", "address_locality", "description"])
    results = [
        {
            "type": page.specific_class._meta.model_name,
            "id": page.pk,
            "title": page.title,
            "url": page.get_full_url(request),
            "summary": strip_tags(getattr(page, "intro", "") or page.search_description),
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
            "url": place.url or None,
            "summary": place.address_locality,
        }
        for place in places[:MAX_SEARCH_RESULTS]
    ]
    return paginate(request, results)
