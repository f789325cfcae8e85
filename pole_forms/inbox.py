"""The global inbox: submissions of every form the user may review that nobody has handled yet."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.contrib.forms.utils import get_forms_for_user

from .choices import AWAITING_REVIEW
from .models import Submission


def reviewable_forms(user):
    """Form pages whose submissions `user` may see (Wagtail's rule: change permission on the page)."""
    return get_forms_for_user(user)


def submissions_awaiting_review(user):
    """Submissions awaiting review of the forms `user` may see, newest first, with their form."""
    return (
        Submission.objects.awaiting_review()
        .filter(page__in=reviewable_forms(user))
        .select_related("page")
        .order_by("-submit_time", "-pk")
    )


class InboxFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("Formulaire"), queryset=lambda request: reviewable_forms(request.user).order_by("title")
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=[(status.value, status.label) for status in AWAITING_REVIEW]
    )

    class Meta:
        model = Submission
        fields = ["page", "status"]


class ReviewableFormsOnly:
    """For a view of submissions: open to the users who may see the submissions of at least one form.

    Access follows the form pages' permissions, not a model permission on submissions.
    """

    permission_policy = None
    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not reviewable_forms(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MailsColumn(Column):
    """How the mails of a submission went (Submission.mails_summary, from `with_mail_counts()`)."""

    def get_value(self, instance):
        return instance.mails_summary


class InboxView(ReviewableFormsOnly, generic.IndexView):
    """Wagtail's generic listing of the submissions awaiting review, across all forms."""

    model = Submission
    page_title = _("Contributions à traiter")
    header_icon = "form"
    index_url_name = "pole_forms:inbox"
    index_results_url_name = "pole_forms:inbox_results"
    filterset_class = InboxFilterSet
    default_ordering = "-submit_time"
    paginate_by = 25
    list_display = [
        "__str__",
        TitleColumn(
            "form",
            label=_("Formulaire"),
            accessor="page.title",
            get_url=lambda submission: reverse("wagtailforms:list_submissions", args=[submission.page_id]),
        ),
        "email",
        "status",
        DateColumn("submit_time", label=_("Reçue le"), sort_key="submit_time"),
        MailsColumn("mails", label=_("Courriels")),
    ]

    def get_base_queryset(self):
        return submissions_awaiting_review(self.request.user).with_mail_counts()

    def get_edit_url(self, instance):
        return reverse("pole_forms:review", args=[instance.page_id, instance.pk])
