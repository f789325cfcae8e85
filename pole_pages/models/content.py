from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ContentStreamBlock


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
