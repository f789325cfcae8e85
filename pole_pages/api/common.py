"""Helpers shared by the page endpoints: what a visitor may see, compact references, and the
bulk look-ups that keep listings at a fixed number of queries."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from wagtail.models import Page, Site

from pole_directory.models import Axis

from ..models import ChantierPage

SEARCH_PARAMETER = ("q", "Mots recherchés dans le titre et le résumé")
ORDERING_PARAMETER = ("ordering", "Tri : title, published, updated (préfixe - pour l'ordre décroissant)")
PAGE_ORDERINGS = {"title": "title", "published": "first_published_at", "updated": "last_published_at"}
PAGE_META_FIELDS = (
    "slug",
    "url_path",
    "seo_title",
    "search_description",
    "first_published_at",
    "last_published_at",
)
# The columns a listing reads for every page: its reference and its meta.
PAGE_ROW_FIELDS = ("id", "title", *PAGE_META_FIELDS)
AXIS_FIELDS = ("id", "name", "slug", "description", "colour", "sort_order")


def public_pages(request, model):
    """Live pages of `model` in the request's site, without view restrictions."""
    site = Site.find_for_request(request)
    visible = Page.objects.live().public().in_site(site).filter(pk=OuterRef("pk"))
    # A correlated EXISTS rather than the same filters on the joined page table: SQLite then counts
    # from the table of `model`, checking each page by its key, instead of scanning every page of
    # the site, and sorts by walking the title index of migration 0002 (stopping after one page).
    return model.objects.filter(Exists(visible))


def page_url_builder(request):
    """A function `url_path → full URL` that answers as `Page.get_full_url(request)` does.

    Listings read the site root paths and reverse Wagtail's serve view once per request instead
    of once per page, and need no page instance.
    """
    roots = Site.get_site_root_paths()
    current_site = Site.find_for_request(request)
    serve_prefix = reverse("wagtail_serve", args=("",))

    def full_url(url_path):
        matching = [root for root in roots if url_path.startswith(root.root_path)]
        if not matching:
            return None
        # A page under several sites gets the URL of the current one, as in Wagtail.
        root = next(
            (root for root in matching if current_site and root.site_id == current_site.pk), matching[0]
        )
        return root.root_url + iri_to_uri(serve_prefix + url_path[len(root.root_path) :])

    return full_url


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
    return {name: getattr(page, name) for name in PAGE_META_FIELDS}


def page_row(page, fields=PAGE_ROW_FIELDS):
    """The `fields` of a page instance as `.values()` gives them, to reuse a listing's builder."""
    return {name: getattr(page, name) for name in fields}


def page_head(row, full_url):
    """The id, title, url and meta of a listed page, from its row."""
    return {
        "id": row["id"],
        "title": row["title"],
        "url": full_url(row["url_path"]),
        "meta": {name: row[name] for name in PAGE_META_FIELDS},
    }


def axis_out(axis):
    return {name: getattr(axis, name) for name in AXIS_FIELDS}


def axes_by_page(model, page_ids):
    """{page id: [AxisOut]} for pages of `model` through its `axes` field, in one query."""
    related = model._meta.get_field("axes").related_query_name()
    axes = {}
    for row in Axis.objects.filter(**{f"{related}__in": page_ids}).values(related, *AXIS_FIELDS):
        axes.setdefault(row.pop(related), []).append(row)
    return axes


def stream_out(stream_value, request):
    return stream_value.stream_block.get_api_representation(stream_value, context={"request": request})


def chantier_refs(request, chantier_ids):
    """{id: PageRef} of the chantiers among `chantier_ids` that a visitor may see, in one query."""
    full_url = page_url_builder(request)
    wanted = {pk for pk in chantier_ids if pk is not None}
    rows = public_pages(request, ChantierPage).filter(pk__in=wanted).values("id", "title", "url_path")
    return {
        row["id"]: {
            "id": row["id"],
            "type": ChantierPage._meta.model_name,
            "title": row["title"],
            "url": full_url(row["url_path"]),
        }
        for row in rows
    }
