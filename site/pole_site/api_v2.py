"""Wagtail's own API v2 at /api/v2/: pages (with each type's `api_fields`), images and documents.

Its offsets and ids are bounded as in /api/v1/ (`pole_core.api.params.MAX_INTEGER`): a larger one
overflows the database query, which Wagtail would answer with a 500. Its `search` goes through the
same words as /api/v1/'s `q` (`search_terms`): a quote or a star would reach SQLite's FTS5 syntax
and answer 500, and the number of words bounds the work.
"""

from django.http import Http404
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from pole_core.api.errors import ApiError
from pole_core.api.params import MAX_INTEGER, search_terms


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > MAX_INTEGER:
            raise BadRequestError(f"offset cannot be higher than {MAX_INTEGER}")
        return super().paginate_queryset(queryset, request, view)


class SearchedWords:
    """A request whose `search` is replaced by its words: all Wagtail's SearchFilter reads is `GET`."""

    def __init__(self, request, words):
        self.GET = request.GET.copy()
        self.GET["search"] = " ".join(words)


class BoundedSearchFilter(SearchFilter):
    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        try:
            words = search_terms(request.GET["search"], name="search")
        except ApiError as error:
            raise BadRequestError(
                " ".join(message for messages in error.errors.values() for message in messages)
            ) from error
        if not words:
            return queryset.none()
        return super().filter_queryset(SearchedWords(request, words), queryset, view)


def bounded_search(filter_backends):
    return [BoundedSearchFilter if backend is SearchFilter else backend for backend in filter_backends]


class Bounded:
    """An API v2 endpoint with bounded offsets and ids (an id too large is one that does not exist)."""

    pagination_class = BoundedPagination

    def get_object(self):
        if int(self.kwargs["pk"]) > MAX_INTEGER:
            raise Http404
        return super().get_object()


class Pages(Bounded, PagesAPIViewSet):
    filter_backends = bounded_search(PagesAPIViewSet.filter_backends)


class Images(Bounded, ImagesAPIViewSet):
    filter_backends = bounded_search(ImagesAPIViewSet.filter_backends)


class Documents(Bounded, DocumentsAPIViewSet):
    filter_backends = bounded_search(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", Pages)
api_router.register_endpoint("images", Images)
api_router.register_endpoint("documents", Documents)
