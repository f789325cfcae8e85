from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import widgets

from . import urls
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
