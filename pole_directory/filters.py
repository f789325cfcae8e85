"""One FilterSet per listable model: the admin listings use them, and so does the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .models import Axis, Organisation, Person, PersonRole, Place, PlaceKind, PlaceStatus
from .models.organisation import OrganisationKind


class JSONListContains(django_filters.ChoiceFilter):
    """Keeps rows whose ChoiceListField holds the chosen value (SQLite and PostgreSQL alike)."""

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        return qs.filter(**{f"{self.field_name}__icontains": f'"{value}"'})


class AxisFilterSet(WagtailFilterSet):
    class Meta:
        model = Axis
        fields = []


class OrganisationFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationKind.choices)
    is_member = django_filters.BooleanFilter(label=_("Adhérente"))
    city = django_filters.CharFilter(label=_("Ville"), lookup_expr="iexact")

    class Meta:
        model = Organisation
        fields = ["kind", "is_member", "city", "membership_year"]


class PersonFilterSet(WagtailFilterSet):
    role = JSONListContains(field_name="roles", label=_("Rôle"), choices=PersonRole.choices)
    organisation = django_filters.ModelChoiceFilter(label=_("Structure"), queryset=Organisation.objects.all())

    class Meta:
        model = Person
        fields = ["role", "organisation"]


class PersonAdminFilterSet(PersonFilterSet):
    """The public filters plus consent, which only the back office may filter on."""

    class Meta(PersonFilterSet.Meta):
        fields = [*PersonFilterSet.Meta.fields, "publication_consent"]


class PlaceFilterSet(WagtailFilterSet):
    kind = django_filters.MultipleChoiceFilter(label=_("Type de lieu"), choices=PlaceKind.choices)
    # Several states at once (?status=open&status=project): the public map leaves closed places out.
    status = django_filters.MultipleChoiceFilter(label=_("État"), choices=PlaceStatus.choices)
    city = django_filters.CharFilter(label=_("Ville"), field_name="address_locality", lookup_expr="iexact")
    label = django_filters.CharFilter(
        label=_("Label"), field_name="labels__name", lookup_expr="iexact", distinct=True
    )

    class Meta:
        model = Place
        fields = ["kind", "status", "city", "label", "organisation"]
