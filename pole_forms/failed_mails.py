"""The report of the notification mails that failed, with a « Renvoyer » button for each and for all."""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic

from .inbox import ReviewableFormsOnly, reviewable_forms
from .models import MailDelivery


def failed_mails(user):
    """Failed mails of the submissions `user` may see, latest attempt first, with their submission and form."""
    return (
        MailDelivery.objects.failed()
        .of_forms(reviewable_forms(user))
        .select_related("submission__page")
        .order_by("-claimed_at", "-pk")
    )


class ResendColumn(Column):
    """A « Renvoyer » button posting to `pole_forms:resend_mail`, back to the current listing."""

    cell_template_name = "pole_forms/admin/resend_cell.html"

    def get_value(self, instance):
        # Not the default accessor: it would call the column's namesake, MailDelivery.resend().
        return instance.pk

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context["csrf_token"] = get_token(request)
        context["next"] = request.get_full_path()
        return context


class FailedMailsView(ReviewableFormsOnly, generic.IndexView):
    """Wagtail's generic listing of the failed mails, across all the forms the user may review."""

    model = MailDelivery
    template_name = "pole_forms/admin/failed_mails.html"
    page_title = _("Mails en échec")
    header_icon = "warning"
    index_url_name = "pole_forms:failed_mails"
    index_results_url_name = "pole_forms:failed_mails_results"
    default_ordering = "-claimed_at"
    paginate_by = 50
    list_display = [
        TitleColumn(
            "submission",
            label=_("Réponse"),
            get_url=lambda delivery: reverse(
                "pole_forms:review", args=[delivery.submission.page_id, delivery.submission_id]
            ),
        ),
        Column("form", label=_("Formulaire"), accessor="submission.page.title"),
        Column("kind", label=_("Courriel"), accessor="get_kind_display"),
        "recipients",
        "attempts",
        "last_error",
        DateColumn("claimed_at", label=_("Dernier essai"), sort_key="claimed_at"),
        ResendColumn("resend", label=""),
    ]

    def get_base_queryset(self):
        return failed_mails(self.request.user)
