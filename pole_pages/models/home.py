from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ContentStreamBlock
from ..lifecycle import ChantierStatus
from .chantier import ChantierPage
from .event import EventPage, upcoming


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
