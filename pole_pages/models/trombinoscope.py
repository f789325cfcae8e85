from django.utils.translation import gettext_lazy as _

from pole_directory.models import Person

from .listing import ListingPage


class TrombinoscopePage(ListingPage):
    """The people of the network who agreed to be shown."""

    subpage_types = []
    max_count_per_parent = 1
    filterset_class = "pole_directory.filters.PersonFilterSet"
    filter_fields = ("role",)
    # Only the introduction: the people come from /api/v1/people/, which knows about consent.
    api_fields = ListingPage.api_fields

    class Meta:
        verbose_name = _("trombinoscope")
        verbose_name_plural = _("trombinoscopes")

    def people(self):
        """People who consented to publication, with their photo's renditions, in a fixed number of queries."""
        return (
            Person.objects.published()
            .select_related("photo", "organisation")
            .prefetch_related("photo__renditions")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        people, context["filter_fields"] = self.filter_listing(request, self.people())
        context["people"] = self.paginate(request, people)
        return context
