"""One FilterSet per listable page type: admin listings, the API and the public templates share them."""

from datetime import datetime, time, timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.pages.listing import PageFilterSet

from pole_directory.filters import JSONListContains
from pole_directory.models import Axis, Place

from .choices import Audience, DocumentKind, EventKind, ResourceAccess, ResourceKind
from .lifecycle import ChantierStatus
from .models import ChantierPage, EventPage, GovernanceDocumentPage, ResourcePage


class AxisSlugFilter(django_filters.ModelChoiceFilter):
    """`?axis=mutualiser`: pages tagged with the axis of that slug."""

    def __init__(self, **kwargs):
        super().__init__(
            field_name="axes",
            queryset=Axis.objects.all(),
            to_field_name="slug",
            label=_("Axe"),
            distinct=True,
            **kwargs,
        )


class ChantierFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Étape"), choices=ChantierStatus.choices)
    axis = AxisSlugFilter()

    class Meta:
        model = ChantierPage
        fields = ["status", "axis"]


class ResourceFilterSet(WagtailFilterSet):
    kind = django_filters.MultipleChoiceFilter(label=_("Type"), choices=ResourceKind.choices)
    audience = JSONListContains(field_name="audiences", label=_("Destinataires"), choices=Audience.choices)
    axis = AxisSlugFilter()
    access = django_filters.ChoiceFilter(label=_("Accès"), choices=ResourceAccess.choices)
    chantier = django_filters.NumberFilter(label=_("Chantier (identifiant)"), field_name="chantier_id")

    class Meta:
        model = ResourcePage
        fields = ["kind", "audience", "axis", "access", "chantier"]


class EventFilterSet(WagtailFilterSet):
    kind = django_filters.MultipleChoiceFilter(label=_("Type"), choices=EventKind.choices)
    place = django_filters.ModelChoiceFilter(label=_("Lieu"), queryset=Place.objects.all())
    chantier = django_filters.NumberFilter(label=_("Chantier (identifiant)"), field_name="chantier_id")

    class Meta:
        model = EventPage
        fields = ["kind", "place", "chantier"]

    def occurring_from(self, queryset, name, value):
        """Events with an occurrence ending on or after the day `value` (recurring ones included)."""
        start = datetime.combine(value, time.min, timezone.get_current_timezone())
        return queryset.filter(
            Q(end__gte=start)
            | Q(end__isnull=True, start__gte=start)
            | (~Q(recurrence="") & Q(recurrence_until__gte=value))
        )

    def occurring_to(self, queryset, name, value):
        """Events starting on or before the day `value`."""
        end = datetime.combine(value + timedelta(days=1), time.min, timezone.get_current_timezone())
        return queryset.filter(start__lt=end)


# `from` and `to` are Python keywords, so these two filters are added by name.
EventFilterSet.base_filters["from"] = django_filters.DateFilter(
    label=_("À partir du"), method="occurring_from"
)
EventFilterSet.base_filters["to"] = django_filters.DateFilter(label=_("Jusqu'au"), method="occurring_to")


class GovernanceDocumentFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=DocumentKind.choices)

    class Meta:
        model = GovernanceDocumentPage
        fields = ["kind"]


class ChantierAdminFilterSet(ChantierFilterSet, PageFilterSet):
    """The chantier filters of the API, plus Wagtail's page filters (owner, editor, date, site)."""

    class Meta(ChantierFilterSet.Meta):
        pass
