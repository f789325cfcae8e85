"""Back-office viewsets of the directory: listing, search, filters and export."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .filters import AxisFilterSet, OrganisationFilterSet, PersonAdminFilterSet, PlaceFilterSet
from .models import Axis, Organisation, Person, Place


class AxisViewSet(SnippetViewSet):
    model = Axis
    icon = "tag"
    menu_label = _("Axes")
    list_display = ["name", "slug", "sort_order"]
    list_export = ["name", "slug", "description", "colour", "sort_order"]
    filterset_class = AxisFilterSet
    ordering = ["sort_order", "name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = [
        "name",
        "kind",
        "city",
        BooleanColumn("is_member", label=_("Adhérente")),
        "membership_year",
    ]
    list_export = ["name", "kind", "website", "city", "territory", "is_member", "membership_year"]
    filterset_class = OrganisationFilterSet


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personnes")
    list_display = [
        "full_name",
        "role_title",
        "organisation",
        BooleanColumn("publication_consent", label=_("Publiée")),
    ]
    list_export = [
        "first_name",
        "last_name",
        "role_title",
        "organisation",
        "publication_consent",
        "consent_date",
    ]
    filterset_class = PersonAdminFilterSet


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    menu_label = _("Lieux")
    list_display = [
        "name",
        "kind",
        "address_locality",
        "status",
        Column("organisation", label=_("Structure")),
    ]
    list_export = [
        "name",
        "kind",
        "status",
        "street_address",
        "postal_code",
        "address_locality",
        "latitude",
        "longitude",
        "url",
    ]
    filterset_class = PlaceFilterSet


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Annuaire")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (PersonViewSet, OrganisationViewSet, PlaceViewSet, AxisViewSet)
