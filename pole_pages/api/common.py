"""Helpers shared by the page endpoints: what a visitor may see, and compact references."""

from wagtail.models import Site

from ..models import ChantierPage

SEARCH_PARAMETER = ("q", "Mots recherchés dans le titre et le résumé")
ORDERING_PARAMETER = ("ordering", "Tri : title, published, updated (préfixe - pour l'ordre décroissant)")
PAGE_ORDERINGS = {"title": "title", "published": "first_published_at", "updated": "last_published_at"}


def public_pages(request, model):
    """Live pages of `model` in the request's site, without view restrictions."""
    site = Site.find_for_request(request)
    return model.objects.live().public().in_site(site)


def page_ref(page, request):
    if page is None:
        return None
    return {
        "id": page.pk,
        "type": page.specific_class._meta.model_name if page.specific_class else "page",
        "title": page.title,
        "url": page.get_full_url(request),
    }


def page_meta(page):
    return {
        "slug": page.slug,
        "url_path": page.url_path,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }


def axis_out(axis):
    return {
        "id": axis.pk,
        "name": axis.name,
        "slug": axis.slug,
        "description": axis.description,
        "colour": axis.colour,
        "sort_order": axis.sort_order,
    }


def stream_out(stream_value, request):
    return stream_value.stream_block.get_api_representation(stream_value, context={"request": request})


def public_chantier_refs(request):
    """{id: PageRef} of the chantiers a visitor may see, to link to them from other pages."""
    return {
        page.pk: page_ref(page, request)
        for page in public_pages(request, ChantierPage).only("id", "title", "url_path")
    }
