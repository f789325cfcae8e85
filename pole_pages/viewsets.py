"""Back-office listings of the page types: flat, filterable lists next to Wagtail's page explorer."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from .filters import ChantierAdminFilterSet
from .models import ChantierPage


class ChantierListingViewSet(PageListingViewSet):
    """Every chantier, whatever its parent, filterable by life-cycle step and axis."""

    model = ChantierPage
    name = "chantiers"
    icon = "clipboard-list"
    menu_label = _("Chantiers")
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = ChantierAdminFilterSet
    columns = [
        *IndexView.base_columns[:2],
        Column("lifecycle_step", label=_("Étape"), accessor="get_status_display", sort_key="status"),
        *IndexView.base_columns[2:],
    ]
