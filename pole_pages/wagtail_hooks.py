from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem

from . import views


class FrontEndPreviewMenuItem(ActionMenuItem):
    """Opens the last saved draft on the front-end (shown when POLE_PREVIEW_URL is set)."""

    name = "action-front-end-preview"
    label = _("Prévisualiser sur le site public")
    icon_name = "view"

    def is_shown(self, context):
        return context["view"] == "edit" and bool(getattr(settings, "POLE_PREVIEW_URL", ""))

    def get_url(self, parent_context):
        return reverse("pole_pages_front_end_preview", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_front_end_preview_menu_item():
    return FrontEndPreviewMenuItem(order=50)


@hooks.register("register_admin_urls")
def register_front_end_preview_url():
    return [path("pole/preview/<int:page_id>/", views.front_end_preview, name="pole_pages_front_end_preview")]
