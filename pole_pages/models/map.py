from django.db import models
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from pole_core.api.urls import api_path
from pole_directory.models import Place, PlaceKind, PlaceStatus

from ..maps import DEFAULT_CENTRE, DEFAULT_ZOOM, tile_layer
from .listing import ListingPage


class MapPage(RoutablePageMixin, ListingPage):
    """The map of tiers-lieux and venues, with a list of the same places and a page per place."""

    centre_latitude = models.DecimalField(
        _("latitude du centre"), max_digits=9, decimal_places=6, default=DEFAULT_CENTRE[0]
    )
    centre_longitude = models.DecimalField(
        _("longitude du centre"), max_digits=9, decimal_places=6, default=DEFAULT_CENTRE[1]
    )
    zoom = models.PositiveSmallIntegerField(_("zoom initial"), default=DEFAULT_ZOOM)

    subpage_types = []
    max_count_per_parent = 1

    content_panels = ListingPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("centre_latitude"), FieldPanel("centre_longitude"), FieldPanel("zoom")]
                )
            ],
            heading=_("Vue initiale de la carte"),
        )
    ]
    # The places themselves come from /api/v1/places.geojson.
    api_fields = ListingPage.api_fields + [
        APIField("centre_latitude"),
        APIField("centre_longitude"),
        APIField("zoom"),
    ]

    # Closed places leave the map and its list; their own page still says they closed.
    SHOWN_STATUSES = (PlaceStatus.OPEN, PlaceStatus.PROJECT)
    # The query parameters of the page's filter form, a subset of PlaceFilterSet's.
    FILTERS = ("kind", "city")

    class Meta:
        verbose_name = _("carte des lieux")
        verbose_name_plural = _("cartes des lieux")

    def places(self):
        """The places shown on the map, with what the list prints about them."""
        return Place.objects.filter(status__in=self.SHOWN_STATUSES).select_related("organisation")

    def filtered_places(self, query):
        """`places()` narrowed by the `kind` and `city` of a query string, through PlaceFilterSet.

        A value the FilterSet refuses (an unknown kind) is ignored rather than answered with an error.
        """
        # Imported here: a FilterSet builds its filters from the models, which are still loading now.
        from pole_directory.filters import PlaceFilterSet

        data = QueryDict(mutable=True)
        for name in self.FILTERS:
            if query.get(name):
                data[name] = query[name]
        return PlaceFilterSet(data, queryset=self.places()).qs

    def filter_choices(self, query):
        """The options of the filter form, taken from the places shown: {"kind": [...], "city": [...]}.

        Each option is (value, label, selected); cities differing only by case are one option.
        """
        kinds, cities = set(), {}
        pairs = self.places().order_by("address_locality").values_list("kind", "address_locality").distinct()
        for kind, city in pairs:
            kinds.add(kind)
            cities.setdefault(city.casefold(), city)
        current_kind = query.get("kind", "")
        kind_options = [
            (kind.value, kind.label, kind.value == current_kind) for kind in PlaceKind if kind.value in kinds
        ]
        current_city = query.get("city", "").casefold()
        city_options = [(city, city, folded == current_city) for folded, city in cities.items()]
        return {"kind": kind_options, "city": city_options}

    def geojson_url(self):
        """The GeoJSON of the places shown, or "" when the site does not serve the directory API."""
        url = api_path("places_geojson")
        if url is None:
            return ""
        # The map script adds the form's filters.
        return f"{url}?{urlencode([('status', status) for status in self.SHOWN_STATUSES])}"

    def place_url(self, place, request=None):
        """The address of a place's own page under this map."""
        return self.get_url(request) + self.reverse_subpage("place", kwargs={"slug": place.slug})

    def get_context(self, request, *args, place=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["map_tiles"] = tile_layer()
        if place is None:
            places = list(self.filtered_places(request.GET).order_by("address_locality", "name"))
            map_url = self.get_url(request)
            for each in places:
                each.page_url = map_url + self.reverse_subpage("place", kwargs={"slug": each.slug})
            context["places"] = places
            context["filter_choices"] = self.filter_choices(request.GET)
            context["geojson_url"] = self.geojson_url()
            context["place_url_pattern"] = map_url + self.reverse_subpage(
                "place", kwargs={"slug": "__slug__"}
            )
        else:
            context["place"] = place
        return context

    @path("lieux/<slug:slug>/", name="place")
    def place_view(self, request, slug):
        """A place's own page. Places are snippets without drafts: every saved place is public."""
        place = get_object_or_404(
            Place.objects.select_related("organisation", "image").prefetch_related("labels"), slug=slug
        )
        return self.render(request, place=place, template="pole_pages/place_page.html")

    def get_sitemap_urls(self, request=None):
        """The map, then the page of each place it shows, for sitemap.xml."""
        urls = super().get_sitemap_urls(request)
        map_url = urls[0]["location"]
        for slug in self.places().order_by("slug").values_list("slug", flat=True):
            urls.append({"location": map_url + self.reverse_subpage("place", kwargs={"slug": slug})})
        return urls
