"""Helpers shared by the page endpoints: what a visitor may see, compact references, and the
bulk look-ups that keep listings at a fixed number of queries."""

import functools
import re
from html import unescape
from typing import NamedTuple

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction, Site

from pole_core.api.listing import ordering_parameter
from pole_core.api.shapes import field_names, shape
from pole_core.api.urls import api_path
from pole_core.site_urls import site_root_paths
from pole_directory.models import Axis
from pole_directory.schemas import AXIS_FIELDS

from ..models import ChantierPage, MapPage
from .schemas import PageMetaOut, PageSummaryOut

SEARCH_PARAMETER = (
    "q",
    "Words searched in the title and the summary (case-insensitive); every word must match.",
)
PAGE_SEARCH_FIELDS = ("title", "intro")
PAGE_ORDERINGS = {"title": "title", "published": "first_published_at", "updated": "last_published_at"}
ORDERING_PARAMETER = ordering_parameter(
    PAGE_ORDERINGS,
    "Sort key: `title` (default), `published` or `updated`; prefix with `-` for descending order. "
    "Ties are broken by id.",
)
PAGE_META_FIELDS = field_names(PageMetaOut)
# The columns a listing reads for every page: its reference and its meta.
PAGE_ROW_FIELDS = ("id", "title", *PAGE_META_FIELDS)


# The API route giving the full content of each page type: {page model: (route name, searchable)}.
# An app with page types of its own (pole_forms) adds them through `register_detail_route`.
DETAIL_ROUTES = {}


def register_detail_route(model, route_name, searchable=True):
    """Make `route_name` (a route of the API taking the page id) the API address of the pages of
    `model` and of its subclasses, which `pages/find` gives; `/search/` finds them when `searchable`."""
    DETAIL_ROUTES[model] = (route_name, searchable)


def detail_route(model):
    """The route name registered for `model` or its nearest registered ancestor, or None."""
    return next((DETAIL_ROUTES[base][0] for base in model.__mro__ if base in DETAIL_ROUTES), None)


def absolute_api_url(request, name, *args):
    """The absolute URL of the API route `name`, or None when the project does not mount the API."""
    path = api_path(name, *args)
    return request.build_absolute_uri(path) if path else None


def api_url(page, request):
    """Where this API gives the full content of `page`, or None."""
    name = detail_route(page.specific_class)
    return absolute_api_url(request, name, page.pk) if name else None


def form_ref(form, request):
    """FormRefOut of a form page (a pole_forms page: `opens_at`, `closes_at`, `is_open()`)."""
    return {
        **page_ref(form, request),
        "opens_at": form.opens_at,
        "closes_at": form.closes_at,
        "is_open": form.is_open(),
        "api_url": api_url(form, request),
    }


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


def site_pages(request, model):
    """Live pages of `model` in the request's site, view-restricted ones included."""
    site = request_site(request)
    if site is None:
        return model.objects.none()
    return model.objects.live().filter(path__startswith=site.root_path, depth__gte=site.root_depth)


def access_refusal(request, restrictions):
    """None when `request` passes `restrictions` (a page's `get_view_restrictions()`, its ancestors'
    included); else 401 for an anonymous request, 403 for an account a restriction keeps out."""
    if all(restriction.accept_request(request) for restriction in restrictions):
        return None
    return 401 if not request.user.is_authenticated else 403


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


def page_ref_of_row(row, full_url):
    """The PageRef of a page row with `id`, `title`, `url_path` and `content_type` (its id)."""
    model = ContentType.objects.get_for_id(row["content_type"]).model_class()
    return _page_ref(row["id"], model, row["title"], full_url(row["url_path"]))


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


def place_page_urls(request):
    """A function `slug → full URL of the place's page` under the request site's map page, as the
    map links each place; None when the site shows no map page."""
    row = public_pages(request, MapPage).order_by("path").values("id", "url_path").first()
    map_url = row and page_url_builder(request)(row["url_path"])
    if not map_url:
        return None
    map_page = MapPage(id=row["id"])
    # The sub-route's path after the map's URL; the URL's last slash is the route's first one.
    return lambda slug: map_url + map_page.reverse_subpage("place", kwargs={"slug": slug})


# Closing tags and line breaks that end a paragraph or a line of rich text.
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|div|ol|ul|pre|table|tr)>|<br\s*/?>)", re.IGNORECASE)


def html_text(html):
    """Plain text of rich text: tags removed, its paragraphs separated by a blank line (not glued)."""
    text = unescape(strip_tags(_BLOCK_END.sub(r"\1\n\n", html or "")))
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def breadcrumbs(page, request):
    """PageRefs of the ancestors of `page` from the site's home, as the site's breadcrumb trail."""
    site = request_site(request)
    if site is None or page.depth <= site.root_depth:
        return []
    ancestors = (
        visible_pages(request)
        .filter(path__in=[page.path[: depth * Page.steplen] for depth in range(site.root_depth, page.depth)])
        .order_by("depth")
        .values("id", "title", "url_path", "content_type")
    )
    full_url = page_url_builder(request)
    return [page_ref_of_row(row, full_url) for row in ancestors]
