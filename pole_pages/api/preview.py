"""Draft preview: the latest revision of one page, unlocked by the signed token the admin gives out."""

from typing import Annotated

from django.core import signing
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from wagtail.blocks import StreamValue

from pole_core.api.errors import ApiError, ErrorOut
from pole_core.api.listing import check_parameters
from pole_core.api.openapi import own_cache_control

from .. import preview
from ..models import ChantierPage, EventPage, GovernanceDocumentPage, ResourcePage
from .chantiers import chantier_detail
from .common import page_summary, stream_out
from .documents import document_detail
from .events import event_detail
from .pages import PAGE_DETAILS
from .resources import resource_detail
from .schemas import (
    ChantierOut,
    ContentPageOut,
    DocumentOut,
    EventOut,
    HomePageOut,
    ListingPageOut,
    MapPageOut,
    PageOut,
    ResourceOut,
)

router = Router(tags=["prévisualisation"])

# The shape `preview.is_well_formed` checks (`payload:timestamp:signature`), given in the document.
PreviewToken = Annotated[
    str,
    Query(
        pattern=r"^[^:]+:[^:]+:[^:]+$",
        description="The signed token of the admin's « Prévisualiser sur le site public » link.",
    ),
]

# The same serialiser as the live detail endpoint of each page type that has one.
DETAILS = {
    ChantierPage: chantier_detail,
    ResourcePage: resource_detail,
    EventPage: event_detail,
    GovernanceDocumentPage: document_detail,
    **PAGE_DETAILS,
}


def page_detail(page, request):
    body = getattr(page, "body", None)
    return {
        **page_summary(page, request),
        "type": page.specific_class._meta.model_name,
        "body": stream_out(body, request) if isinstance(body, StreamValue) else [],
    }


@router.get(
    "/preview/",
    response={
        200: ChantierOut
        | ResourceOut
        | EventOut
        | DocumentOut
        | HomePageOut
        | ContentPageOut
        | MapPageOut
        | ListingPageOut
        | PageOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
    summary="Le brouillon d'une page, pour la prévisualiser sur un front-end",
    description="`token` vient du lien « Prévisualiser sur le site public » de l'admin. La réponse a la "
    "forme du détail du type de la page (`type` dans le lien). 400 : jeton mal formé ; 403 : jeton expiré "
    "ou falsifié ; 404 : la page n'existe plus.",
)
@own_cache_control("`private, no-store`: a draft is for the editor who asked for it.")
def get_preview(request, token: PreviewToken, response: HttpResponse):
    check_parameters(request, ["token"])
    if not preview.is_well_formed(token):
        raise ApiError(400, _("Jeton de prévisualisation mal formé."), {"token": [_("Jeton mal formé.")]})
    try:
        page = preview.draft_for_token(token)
    except signing.SignatureExpired:
        raise ApiError(403, _("Ce lien de prévisualisation a expiré.")) from None
    except signing.BadSignature:
        raise ApiError(403, _("Ce jeton de prévisualisation n'est pas valide.")) from None
    if page is None:
        raise ApiError(404, _("Cette page n'existe plus."))
    # A draft is for the editor who asked for it: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return DETAILS.get(page.specific_class, page_detail)(page, request)
