"""Helpers shared by the page endpoints: what a visitor may see, compact references, and the
bulk look-ups that keep listings at a fixed number of queries."""

import functools
from typing import NamedTuple

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from wagtail.models import Page, PageViewRestriction, Site

from pole_core.api.shapes import field_names, shape
from pole_core.site_urls import site_root_paths
from pole_directory.models import Axis
from pole_directory.schemas import AXIS_FIELDS

from ..models import ChantierPage
from .schemas import PageMetaOut, PageSummaryOut

SEARCH_PARAMETER = ("q", "Mots recherchés dans le titre et le résumé")
PAGE_SEARCH_FIELDS = ("title", "intro")
ORDERING_PARAMETER = ("ordering", "Tri : title, published, updated (préfixe - pour l'ordre décroissant)")
PAGE_ORDERINGS = {"title": "title", "published": "first_published_at", "updated": "last_published_at"}
PAGE_META_FIELDS = field_names(PageMetaOut)
# The columns a listing reads for every page: its reference and its meta.
PAGE_ROW_FIELDS = ("id", "title", *PAGE_META_FIELDS)


class RequestSite(NamedTuple):
    """What listings need of the site answering a request: its key and its root page's place."""

    id: int
    root_path: str
    root_depth: int


def request_site(request):
    """The site `Site.find_for_request(request)` gives, as a RequestSite (None without one).

    Wagtail's matching rules, on one query of plain rows: building Wagtail's query (a CASE
    annotation, the root page as an instance) cost more than the rest of a listing's setup.
    Kept on the request, as Wagtail keeps its site.
    """
    if not hasattr(request, "_pole_site"):
        request._pole_site = _find_site(request)
    return request._pole_site


# The order of wagtail.models.sites.get_site_for_hostname: hostname and port, hostname of the
# default site, the default site, another site of that hostname.
_MATCH_HOSTNAME_PORT, _MATCH_HOSTNAME_DEFAULT, _MATCH_DEFAULT, _MATCH_HOSTNAME = range(4)


def _find_site(request):
    site = getattr(request, "_wagtail_site", None)
    if site is not None:
        return RequestSite(site.pk, site.root_page.path, site.root_page.depth)
    hostname = split_domain_port(request._get_raw_host())[0]
    port = str(request.get_port())
    rows = Site.objects.filter(Q(hostname=hostname) | Q(is_default_site=True)).values_list(
        "id", "hostname", "port", "is_default_site", "root_page__path", "root_page__depth"
    )

    def match(row):
        same_host = row[1] == hostname
        if same_host and str(row[2]) == port:
            return _MATCH_HOSTNAME_PORT
        if row[3]:
            return _MATCH_HOSTNAME_DEFAULT if same_host else _MATCH_DEFAULT
        return _MATCH_HOSTNAME

    sites = sorted(((match(row), row) for row in rows), key=lambda pair: pair[0])
    if not sites:
        return None
    best = sites[0][0]
    if len(sites) == 1 or best in (_MATCH_HOSTNAME_PORT, _MATCH_HOSTNAME_DEFAULT):
        row = sites[0][1]
    elif best == _MATCH_DEFAULT:
        # The default site, unless exactly one other site has the hostname.
        row = sites[len(sites) == 2][1]
    else:
        return None
    return RequestSite(row[0], row[4], row[5])


def visible_pages(request):
    """Live pages in the request's site outside view-restricted sections, as a Page queryset.

    The filters of `Page.objects.live().public().in_site(site)`, with the restricted sections
    read as plain rows.
    """
    if not hasattr(request, "_pole_visible"):
        request._pole_visible = _visible_q(request_site(request))
    visible = request._pole_visible
    return Page.objects.none() if visible is None else Page.objects.filter(visible)


def _visible_q(site):
    if site is None:
        return None
    visible = Q(live=True, path__startswith=site.root_path, depth__gte=site.root_depth)
    for path, depth in PageViewRestriction.objects.values_list("page__path", "page__depth"):
        visible &= ~Q(path__startswith=path, depth__gte=depth)
    return visible


def public_pages(request, model):
    """Live pages of `model` in the request's site, without view restrictions."""
    # A correlated EXISTS rather than the same filters on the joined page table: SQLite then counts
    # from the table of `model`, checking each page by its key, instead of scanning every page of
    # the site, and sorts by walking the title index of migration 0002 (stopping after one page).
    return model.objects.filter(Exists(visible_pages(request).filter(pk=OuterRef("pk"))))


@functools.cache
def _page_models_of(model):
    return tuple(other for other in apps.get_models() if issubclass(other, model))


def count_public_pages(request, model):
    """`public_pages(request, model).count()`, read from the page table alone.

    A page of `model` (or of a subclass) has that content type: counting by content type needs
    no row of `model`'s own table, and the index of migration 0003 answers it without reading the
    pages. For unfiltered listings only: filters on the columns of `model` need its table.
    """
    content_types = ContentType.objects.get_for_models(*_page_models_of(model)).values()
    return visible_pages(request).filter(content_type__in=[ct.pk for ct in content_types]).count()


def page_url_builder(request):
    """A function `url_path → full URL` that answers as `Page.get_full_url(request)` does, the site
    answering the request at the request's origin (`pole_core.site_urls`).

    Listings read the site root paths and reverse Wagtail's serve view once per request instead
    of once per page, and need no page instance.
    """
    current_site = request_site(request)
    roots = site_root_paths(request, current_site and current_site.id)
    serve_prefix = reverse("wagtail_serve", args=("",))

    def full_url(url_path):
        matching = [root for root in roots if url_path.startswith(root.root_path)]
        if not matching:
            return None
        # A page under several sites gets the URL of the current one, as in Wagtail.
        root = next(
            (root for root in matching if current_site and root.site_id == current_site.id), matching[0]
        )
        return root.root_url + iri_to_uri(serve_prefix + url_path[len(root.root_path) :])

    return full_url


def page_ref(page, request):
    if page is None:
        return None
    return _page_ref(page.pk, page.specific_class, page.title, page.get_full_url(request))


def _page_ref(pk, model, title, url):
    """A PageRef; `model` is the page's specific class, None when its model is gone."""
    return {"id": pk, "type": model._meta.model_name if model else "page", "title": title, "url": url}


def page_meta(page):
    return shape(page, PageMetaOut)


def page_summary(page, request):
    """The PageSummaryOut of a page instance: what every listed page starts with."""
    return shape(page, PageSummaryOut, url=page.get_full_url(request), meta=page_meta(page))


def page_row(page, fields=PAGE_ROW_FIELDS):
    """The `fields` of a page instance as `.values()` gives them, to reuse a listing's builder."""
    return {name: getattr(page, name) for name in fields}


def page_head(row, full_url):
    """The PageSummaryOut of a listed page, from its row."""
    return {
        "id": row["id"],
        "title": row["title"],
        "url": full_url(row["url_path"]),
        "meta": {name: row[name] for name in PAGE_META_FIELDS},
    }


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
        row["id"]: _page_ref(row["id"], ChantierPage, row["title"], full_url(row["url_path"])) for row in rows
    }
