from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import widgets
from wagtail.admin.menu import MenuItem

from pole_core.tasks import RECOVER_HOOK

from . import dashboard, tasks, urls
from .inbox import reviewable_forms
from .models import Submission


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("pole-forms/", include(urls, namespace="pole_forms"))]


@hooks.register("register_page_header_buttons")
def source_submission_buttons(page, user, view_name, next_url=None):
    """On a chantier made from a proposal, a link back to that proposal (the link is kept both ways)."""
    for submission in Submission.objects.filter(chantier_id=page.pk).select_related("page"):
        yield widgets.Button(
            _("Proposition d'origine (« %(form)s »)") % {"form": submission.page.title},
            reverse("pole_forms:review", args=(submission.page_id, submission.pk)),
            icon_name="form",
            priority=90,
        )


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return reviewable_forms(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        gettext_lazy("Contributions à traiter"),
        reverse("pole_forms:inbox"),
        name="pole-inbox",
        icon_name="form",
        order=690,
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    summary = dashboard.ReviewSummary(request.user)
    panels.extend(
        [
            dashboard.OpenFormsPanel(),
            dashboard.FailedMailsPanel(summary),
            dashboard.AwaitingReviewPanel(summary),
        ]
    )


@hooks.register(RECOVER_HOOK)
def recover_mails():
    """What a stopped worker left of the notification mails (see pole_core.tasks.recover)."""
    tasks.recover_mails()
