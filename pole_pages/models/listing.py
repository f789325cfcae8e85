from django.core.paginator import Paginator
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES

# The query parameter of a listing's page number; the filters are the other parameters.
PAGE_PARAMETER = "page"


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
    # Items per page of the list; `?page=` chooses the page.
    per_page = 24

    def public_children(self, model):
        """Published, unrestricted children of one page type."""
        return model.objects.child_of(self).live().public()

    def filter_listing(self, request, queryset):
        """(the queryset filtered by the GET parameters, the bound fields of the filter form).

        A value the FilterSet refuses (an unknown kind, say) leaves that one filter out, so a link kept
        from an older list still shows results; the API answers 400 instead, for a program to correct.
        """
        filterset = import_string(self.filterset_class)(request.GET, queryset=queryset, request=request)
        return filterset.qs, [filterset.form[name] for name in self.filter_fields]

    def paginate(self, request, items, per_page=None):
        """The page of `items` (a queryset or a list) that `?page=` asks for, a Django Page.

        A number out of range (past the end, or below 1) gives the last page, a value that is not
        a whole number the first one: a link kept from a longer list still shows results, not an error.
        `page.paginator.count` is the number of all the items.
        """
        paginator = Paginator(items, per_page or self.per_page)
        return paginator.get_page(request.GET.get(PAGE_PARAMETER))
