from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES


class ListingPage(Page):
    """An index page: an introduction above the list of its published children."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["pole_pages.HomePage", "pole_pages.ContentPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    # The public filter form: dotted path of a FilterSet (pole_pages.filters imports these models)
    # and the names of the filters shown, each as a labelled select.
    filterset_class = None
    filter_fields = ()

    def public_children(self, model):
        """Published, unrestricted children of one page type."""
        return model.objects.child_of(self).live().public()

    def filter_listing(self, request, queryset):
        """(the queryset filtered by the GET parameters, the bound fields of the filter form).

        Unknown or invalid values are ignored, as in the API, rather than emptying the list.
        """
        filterset = import_string(self.filterset_class)(request.GET, queryset=queryset, request=request)
        return filterset.qs, [filterset.form[name] for name in self.filter_fields]
