"""Resources: the library of guides, data, tools and pooled resources."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from wagtail.rich_text import expand_db_html

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND, ApiError, ErrorOut
from pole_core.api.listing import check_parameters, filter_parameters, list_page
from pole_core.api.params import Id
from pole_directory.schemas import axis_out, organisation_ref

from ..choices import (
    Audience,
    ResourceAccess,
    ResourceKind,
)
from ..filters import ResourceFilterSet
from ..models import ResourcePage
from .common import (
    ORDERING_PARAMETER,
    PAGE_ORDERINGS,
    PAGE_SEARCH_FIELDS,
    SEARCH_PARAMETER,
    access_refusal,
    chantier_refs,
    page_summary,
    public_pages,
    site_pages,
    stream_out,
)
from .schemas import (
    ResourceListOut,
    ResourceOut,
)

router = Router(tags=["ressources"])

# Resources


def resource_queryset(request):
    return public_pages(request, ResourcePage).select_related("owner_organisation").prefetch_related("axes")


def resource_summary(page, request, chantiers):
    return {
        **page_summary(page, request),
        "kind": choice_of(ResourceKind, page.kind),
        "intro": page.intro,
        "audiences": [choice_of(Audience, audience) for audience in page.audiences],
        "axes": [axis_out(axis) for axis in page.axes.all()],
        "access": choice_of(ResourceAccess, page.access),
        "chantier": chantiers.get(page.chantier_id),
        "owner_organisation": organisation_ref(page.owner_organisation),
    }


def resource_summaries(resources, request):
    """ResourceSummaryOut of `resources`, their chantiers read in one query."""
    chantiers = chantier_refs(request, [resource.chantier_id for resource in resources])
    return [resource_summary(resource, request, chantiers) for resource in resources]


def attachment_out(block, request):
    if block.block_type == "document":
        return {
            "type": "document",
            "title": block.value.title,
            "url": request.build_absolute_uri(block.value.url),
        }
    return {"type": "link", "title": block.value["title"], "url": block.value["url"]}


@router.get(
    "/resources/",
    response={200: ResourceListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(
        ResourceFilterSet,
        extra=[SEARCH_PARAMETER, ORDERING_PARAMETER],
        descriptions={
            "kind": "Kind(s) of resource; repeat the parameter for several.",
            "audience": "Resources for this audience.",
            "axis": "Slug of an axis (`/api/v1/axes/`).",
            "access": "Who may access the resource.",
            "chantier": "Id of the chantier the resource comes from.",
        },
    ),
    summary="Ressources",
)
def list_resources(request):
    return list_page(
        request,
        resource_queryset(request),
        ResourceFilterSet,
        search_fields=PAGE_SEARCH_FIELDS,
        orderings=PAGE_ORDERINGS,
        default_ordering="title",
        items=lambda resources: resource_summaries(resources, request),
    )


def resource_detail(page, request):
    return {
        **resource_summary(page, request, chantier_refs(request, [page.chantier_id])),
        "body": stream_out(page.body, request),
        "attachments": [attachment_out(block, request) for block in page.attachments],
        "sharing_conditions": expand_db_html(page.sharing_conditions),
    }


@router.get(
    "/resources/{page_id}/",
    response={200: ResourceOut, **ERROR_RESPONSES, 401: ErrorOut, 403: ErrorOut, **NOT_FOUND},
    summary="Une ressource",
    description="A resource behind the page's privacy settings (« réservée aux adhérent·es ») answers 401 "
    "to an anonymous request, 403 to a member its restriction keeps out, and to a member it lets in "
    "`Cache-Control: private, no-store`. The list gives public resources only.",
)
def get_resource(request, response: HttpResponse, page_id: Id):
    check_parameters(request, [])
    page = get_object_or_404(
        site_pages(request, ResourcePage).select_related("owner_organisation").prefetch_related("axes"),
        pk=page_id,
    )
    restrictions = list(page.get_view_restrictions().prefetch_related("groups"))
    refusal = access_refusal(request, restrictions)
    if refusal == 401:
        raise ApiError(401, _("Cette ressource est réservée aux adhérent·es : connectez-vous."))
    if refusal:
        raise ApiError(403, _("Votre compte n'a pas accès à cette ressource."))
    if restrictions:
        # Also when a password kept in an anonymous visitor's session lets them in: no cache may keep it.
        response["Cache-Control"] = "private, no-store"
    return resource_detail(page, request)
