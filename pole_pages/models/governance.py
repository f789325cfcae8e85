from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, ArticleBlock, article_anchor
from ..choices import DocumentKind


class GovernanceDocumentPage(Page):
    """Statutes, internal rules or a charter: numbered articles with stable anchors."""

    kind = models.CharField(_("type de document"), max_length=20, choices=DocumentKind.choices)
    intro = RichTextField(_("préambule"), blank=True, features=RICH_TEXT_FEATURES)
    adopted_on = models.DateField(_("adopté le"), null=True, blank=True)
    version = models.CharField(
        _("version"), max_length=50, blank=True, help_text=_("Par exemple « 2024-1 ».")
    )
    signed_pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("version signée (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    articles = StreamField([("article", ArticleBlock())], verbose_name=_("articles"), blank=True)

    parent_page_types = ["pole_pages.HomePage", "pole_pages.ContentPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("version")]),
        FieldPanel("signed_pdf"),
        FieldPanel("intro"),
        FieldPanel("articles"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("articles"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("intro"),
        APIField("adopted_on"),
        APIField("version"),
        APIField("signed_pdf"),
        APIField("articles"),
    ]

    class Meta:
        verbose_name = _("document de gouvernance")
        verbose_name_plural = _("documents de gouvernance")

    def table_of_contents(self):
        """[(anchor, number, title)] in the order of the articles."""
        return [
            (article_anchor(block.value), block.value["number"], block.value["title"])
            for block in self.articles
        ]

    def clean(self):
        super().clean()
        anchors = [anchor for anchor, _number, _title in self.table_of_contents()]
        duplicates = sorted({anchor for anchor in anchors if anchors.count(anchor) > 1})
        if duplicates:
            raise ValidationError(
                {
                    "articles": _("Deux articles ont la même ancre : %(anchors)s.")
                    % {"anchors": ", ".join(duplicates)}
                }
            )
