"""Panels of the admin dashboard: the open forms, the submissions awaiting review, the failed mails.

Each panel makes a fixed number of queries and shows only the forms whose submissions the user may see.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component

from .choices import AWAITING_REVIEW
from .inbox import reviewable_forms, submissions_awaiting_review
from .models import PoleFormPage, Submission
from .models.mail import MailState

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


class ReviewSummary:
    """What the review panels of one dashboard share, each read once: may the user review any form,
    and how many submissions await review and how many mails failed (one query for both)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def may_review(self):
        return reviewable_forms(self.user).exists()

    @cached_property
    def counts(self):
        if not self.may_review:
            return {"awaiting": 0, "failed_mails": 0}
        return Submission.objects.filter(page__in=reviewable_forms(self.user)).aggregate(
            awaiting=Count("pk", filter=Q(status__in=AWAITING_REVIEW), distinct=True),
            failed_mails=Count("mail_deliveries", filter=Q(mail_deliveries__state=MailState.FAILED)),
        )


class AwaitingReviewPanel(Component):
    name = "pole_awaiting_review"
    template_name = "pole_forms/dashboard/awaiting_review.html"
    order = 130

    def __init__(self, summary):
        self.summary = summary

    def get_context_data(self, parent_context):
        return {
            "count": self.summary.counts["awaiting"],
            "latest": submissions_awaiting_review(self.summary.user)[:LATEST_COUNT],
            "inbox_url": reverse("pole_forms:inbox"),
        }

    def render_html(self, parent_context=None):
        # Users who may see no form's submissions get no panel, as they get no inbox.
        if not self.summary.may_review:
            return ""
        return super().render_html(parent_context)


class FailedMailsPanel(Component):
    """The number of mails that could not be sent, linked to their report; no panel when there is none."""

    name = "pole_failed_mails"
    template_name = "pole_forms/dashboard/failed_mails.html"
    order = 125

    def __init__(self, summary):
        self.summary = summary

    def get_context_data(self, parent_context):
        return {
            "count": self.summary.counts["failed_mails"],
            "report_url": reverse("pole_forms:failed_mails"),
        }

    def render_html(self, parent_context=None):
        if not self.summary.counts["failed_mails"]:
            return ""
        return super().render_html(parent_context)
