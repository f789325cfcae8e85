"""Governance documents: statutes, internal rules, charters and their articles."""

from django.shortcuts import get_object_or_404
from ninja import Router
from wagtail.rich_text import expand_db_html

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND
from pole_core.api.listing import check_parameters, filter_parameters, list_page
from pole_core.api.params import Id

from ..blocks import article_anchor
from ..choices import (
    DocumentKind,
)
from ..filters import GovernanceDocumentFilterSet
from ..models import GovernanceDocumentPage
from .common import (
    ORDERING_PARAMETER,
    PAGE_ORDERINGS,
    page_summary,
    public_pages,
)
from .schemas import (
    DocumentListOut,
    DocumentOut,
)

router = Router(tags=["documents de gouvernance"])

# Governance documents


def document_summary(page, request):
    pdf = page.signed_pdf
    return {
        **page_summary(page, request),
        "kind": choice_of(DocumentKind, page.kind),
        "adopted_on": page.adopted_on,
        "version": page.version,
        "signed_pdf_url": request.build_absolute_uri(pdf.url) if pdf else None,
    }


def document_queryset(request):
    return public_pages(request, GovernanceDocumentPage).select_related("signed_pdf")


@router.get(
    "/documents/",
    response={200: DocumentListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(
        GovernanceDocumentFilterSet,
        extra=[ORDERING_PARAMETER],
        descriptions={"kind": "Statutes, internal rules or charter."},
    ),
    summary="Documents de gouvernance : statuts, règlement intérieur, chartes",
)
def list_documents(request):
    return list_page(
        request,
        document_queryset(request),
        GovernanceDocumentFilterSet,
        orderings=PAGE_ORDERINGS,
        default_ordering="title",
        items=lambda documents: [document_summary(document, request) for document in documents],
    )


def document_detail(page, request):
    context = {"request": request}
    body_block = GovernanceDocumentPage.articles.field.stream_block.child_blocks["article"].child_blocks[
        "body"
    ]
    return {
        **document_summary(page, request),
        "intro": expand_db_html(page.intro),
        "articles": [
            {
                "anchor": article_anchor(block.value),
                "number": block.value["number"],
                "title": block.value["title"],
                "body": body_block.get_api_representation(block.value["body"], context),
            }
            for block in page.articles
        ],
    }


@router.get(
    "/documents/{page_id}/",
    response={200: DocumentOut, **ERROR_RESPONSES, **NOT_FOUND},
    summary="Un document et ses articles",
)
def get_document(request, page_id: Id):
    check_parameters(request, [])
    return document_detail(get_object_or_404(document_queryset(request), pk=page_id), request)
