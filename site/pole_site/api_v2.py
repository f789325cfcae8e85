"""Wagtail's own API v2 at /api/v2/: pages (with each type's `api_fields`), images and documents.

Its offsets and ids are bounded as in /api/v1/ (`pole_core.api.params.MAX_INTEGER`): a larger one
overflows the database query, which Wagtail would answer with a 500.
"""

from django.http import Http404
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from pole_core.api.params import MAX_INTEGER


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > MAX_INTEGER:
            raise BadRequestError(f"offset cannot be higher than {MAX_INTEGER}")
        return super().paginate_queryset(queryset, request, view)


class Bounded:
    """An API v2 endpoint with bounded offsets and ids (an id too large is one that does not exist)."""

    pagination_class = BoundedPagination

    def get_object(self):
        if int(self.kwargs["pk"]) > MAX_INTEGER:
            raise Http404
        return super().get_object()


class Pages(Bounded, PagesAPIViewSet):
    pass


class Images(Bounded, ImagesAPIViewSet):
    pass


class Documents(Bounded, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", Pages)
api_router.register_endpoint("images", Images)
api_router.register_endpoint("documents", Documents)
