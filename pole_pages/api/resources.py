"""Resources: the library of guides, data, tools and pooled resources."""

from django.shortcuts import get_object_or_404
from ninja import Router
from wagtail.rich_text import expand_db_html

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND
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
    chantier_refs,
    page_summary,
    public_pages,
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
    response={200: ResourceOut, **ERROR_RESPONSES, **NOT_FOUND},
    summary="Une ressource",
)
def get_resource(request, page_id: Id):
    check_parameters(request, [])
    return resource_detail(get_object_or_404(resource_queryset(request), pk=page_id), request)
