from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem

from . import choosers, dashboard, views, workflow
from .viewsets import ChantierListingViewSet


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


@hooks.register("register_admin_viewset")
def register_chantier_listing():
    return ChantierListingViewSet()


@hooks.register("register_log_actions")
def register_chantier_status_log_action(actions):
    actions.register_action(workflow.STATUS_LOG_ACTION)(workflow.StatusChangeFormatter)


@hooks.register("construct_page_chooser_queryset")
def limit_event_chooser_to_the_chantier(pages, request):
    return choosers.only_the_chantiers_events(pages, request)


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(
        [
            dashboard.ChantierPipelinePanel(),
            dashboard.UpcomingEventsPanel(),
            dashboard.ActionsBehindTargetPanel(),
        ]
    )
