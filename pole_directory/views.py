"""Back-office viewsets of the directory: listing, search, filters and export."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .filters import AxisFilterSet, OrganisationFilterSet, PersonAdminFilterSet, PlaceFilterSet
from .importing.views import DirectoryImportViewSet, ImportableIndexView
from .models import Axis, Organisation, Person, Place


def yes_no(value):
    return gettext("oui") if value else gettext("non")


class DirectoryIndexView(ImportableIndexView):
    """Exports yes/no columns in words, as the import reads them back, instead of True/False."""

    custom_value_preprocess = {
        bool: {SpreadsheetExportMixin.FORMAT_CSV: yes_no, SpreadsheetExportMixin.FORMAT_XLSX: yes_no},
        **SpreadsheetExportMixin.custom_value_preprocess,
    }


class ThumbnailColumn(Column):
    """A small square rendition of the image held by the field `name`, or nothing."""

    cell_template_name = "pole_directory/admin/thumbnail_cell.html"

    def __init__(self, name, label, **kwargs):
        super().__init__(name, label=label, width="64px", **kwargs)


class ImageListingMixin:
    """Fetches each row's image and its renditions with the rows, so thumbnails add no query per row."""

    image_field = None
    list_select_related = ()

    def get_queryset(self, request):
        return self.model._default_manager.select_related(
            self.image_field, *self.list_select_related
        ).prefetch_related(f"{self.image_field}__renditions")


class AxisViewSet(SnippetViewSet):
    model = Axis
    icon = "tag"
    menu_label = _("Axes")
    list_display = ["name", "slug", "sort_order"]
    list_export = ["name", "slug", "description", "colour", "sort_order"]
    filterset_class = AxisFilterSet
    ordering = ["sort_order", "name"]


class OrganisationViewSet(ImageListingMixin, SnippetViewSet):
    model = Organisation
    index_view_class = DirectoryIndexView
    icon = "group"
    menu_label = _("Organisations")
    image_field = "logo"
    list_display = [
        "name",
        ThumbnailColumn("logo", label=_("Logo")),
        "kind",
        "city",
        BooleanColumn("is_member", label=_("Adhérente")),
        "membership_year",
    ]
    list_export = [
        "name",
        "get_kind_display",
        "website",
        "city",
        "territory",
        "is_member",
        "membership_year",
    ]
    export_headings = {"get_kind_display": _("Type")}
    filterset_class = OrganisationFilterSet


class PersonViewSet(ImageListingMixin, SnippetViewSet):
    model = Person
    index_view_class = DirectoryIndexView
    icon = "user"
    menu_label = _("Personnes")
    image_field = "photo"
    list_select_related = ("organisation", "account")
    list_display = [
        "full_name",
        ThumbnailColumn("photo", label=_("Photo")),
        "role_title",
        "organisation",
        BooleanColumn("publication_consent", label=_("Publiée")),
        Column("account_status", label=_("Compte")),
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
    ordering = ["last_name", "first_name"]


class PlaceViewSet(ImageListingMixin, SnippetViewSet):
    model = Place
    index_view_class = DirectoryIndexView
    icon = "site"
    menu_label = _("Lieux")
    image_field = "image"
    list_select_related = ("organisation",)
    list_display = [
        "name",
        ThumbnailColumn("image", label=_("Image")),
        "kind",
        "address_locality",
        "status",
        Column("organisation", label=_("Structure")),
    ]
    list_export = [
        "name",
        "get_kind_display",
        "get_status_display",
        "street_address",
        "postal_code",
        "address_locality",
        "organisation",
        "latitude",
        "longitude",
        "url",
    ]
    export_headings = {
        "get_kind_display": _("Type"),
        "get_status_display": _("État"),
        "organisation": _("Structure"),
    }
    filterset_class = PlaceFilterSet


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Annuaire")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (PersonViewSet, OrganisationViewSet, PlaceViewSet, AxisViewSet, DirectoryImportViewSet)
