"""Panels of the admin dashboard: the open forms and the submissions awaiting review.

Each panel makes a fixed number of queries and shows only the forms whose submissions the user may see.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .choices import AWAITING_REVIEW
from .inbox import reviewable_forms, submissions_awaiting_review
from .models import PoleFormPage

LATEST_COUNT = 5


def open_forms(user, now=None):
    """Published forms open now, soonest closing first, with their submission counts (one query)."""
    now = now or timezone.now()
    forms = (
        PoleFormPage.objects.live()
        .filter(pk__in=reviewable_forms(user).values("pk"))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("content_type")
        .annotate(
            submission_count=Count("submission"),
            awaiting_count=Count("submission", filter=Q(submission__status__in=AWAITING_REVIEW)),
        )
        .order_by("closes_at", "title")
    )
    return [form for form in forms if form.is_open(now)]


class OpenFormsPanel(Component):
    name = "pole_open_forms"
    template_name = "pole_forms/dashboard/open_forms.html"
    order = 120

    def get_context_data(self, parent_context):
        return {"forms": open_forms(parent_context["request"].user)}


class AwaitingReviewPanel(Component):
    name = "pole_awaiting_review"
    template_name = "pole_forms/dashboard/awaiting_review.html"
    order = 130

    def get_context_data(self, parent_context):
        submissions = submissions_awaiting_review(parent_context["request"].user)
        return {
            "count": submissions.count(),
            "latest": submissions[:LATEST_COUNT],
            "inbox_url": reverse("pole_forms:inbox"),
        }

    def render_html(self, parent_context=None):
        # Users who may see no form's submissions get no panel, as they get no inbox.
        if not reviewable_forms(parent_context["request"].user).exists():
            return ""
        return super().render_html(parent_context)
