from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pole_directory.models import Person, Place, PlaceStatus

from ..blocks import ContentStreamBlock
from ..lifecycle import ChantierStatus
from .chantier import ChantierPage
from .event import EventPage, upcoming
from .listing import ListingPage


class HomePage(Page):
    """The root of a Pôle site."""

    intro = models.TextField(
        _("accroche"), blank=True, help_text=_("Une phrase qui dit ce qu'est le réseau.")
    )
    body = StreamField(ContentStreamBlock(), verbose_name=_("contenu"), blank=True)

    parent_page_types = ["wagtailcore.Page"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def ongoing_chantiers(self):
        """Published chantiers of this site whose working group is at work."""
        return (
            ChantierPage.objects.descendant_of(self)
            .live()
            .public()
            .filter(status=ChantierStatus.ONGOING)
            .prefetch_related("axes")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ongoing_chantiers"] = self.ongoing_chantiers()
        context["upcoming_events"] = upcoming(EventPage.objects.descendant_of(self).live().public())[:3]
        return context


class ContentPage(Page):
    """A free page: text, images, the steps of a process, links."""

    intro = models.TextField(_("chapô"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("contenu"), blank=True)

    parent_page_types = ["pole_pages.HomePage", "pole_pages.ContentPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")


class TrombinoscopePage(ListingPage):
    """The people of the network who agreed to be shown."""

    subpage_types = []
    max_count_per_parent = 1
    # Only the introduction: the people come from /api/v1/people/, which knows about consent.
    api_fields = ListingPage.api_fields

    class Meta:
        verbose_name = _("trombinoscope")
        verbose_name_plural = _("trombinoscopes")

    def people(self):
        return (
            Person.objects.published()
            .select_related("photo", "organisation")
            .prefetch_related("photo__renditions")
        )


class MapPage(ListingPage):
    """The map of tiers-lieux and venues, with a list of the same places."""

    centre_latitude = models.DecimalField(
        _("latitude du centre"), max_digits=9, decimal_places=6, default=Decimal("47.218371")
    )
    centre_longitude = models.DecimalField(
        _("longitude du centre"), max_digits=9, decimal_places=6, default=Decimal("-1.553621")
    )
    zoom = models.PositiveSmallIntegerField(_("zoom initial"), default=8)

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

    class Meta:
        verbose_name = _("carte des lieux")
        verbose_name_plural = _("cartes des lieux")

    def places(self):
        return Place.objects.exclude(status=PlaceStatus.CLOSED).select_related("organisation")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["places"] = self.places().order_by("address_locality", "name")
        return context
