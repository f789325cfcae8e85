"""Admin views of the submissions: Wagtail's per-form listing and export, plus review and actions."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.contrib.forms import views as wagtail_views
from wagtail.contrib.forms.utils import get_forms_for_user

from . import tasks
from .actions import ActionRefused, accept_participant, turn_into_chantier
from .choices import SubmissionStatus
from .failed_mails import failed_mails
from .models import MailDelivery, PoleFormPage, Submission

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix a text that a spreadsheet would run as a formula with a quote, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SubmissionFilterSet(wagtail_views.SubmissionsListFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=SubmissionStatus.choices)


class SubmissionsListView(wagtail_views.SubmissionsListView):
    """Wagtail's submissions listing with the review status, search, bulk status and one-click actions."""

    results_template_name = "pole_forms/admin/list_submissions.html"
    filterset_class = SubmissionFilterSet
    is_searchable = True
    search_fields = ["email", "note", "form_data"]

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("chantier", "person").with_mail_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            for row, submission in zip(context["data_rows"], context["submissions"], strict=True):
                row["submission"] = submission
            context["status_choices"] = [
                (status.value, status.label) for status in self.form_page.submission_statuses
            ]
            context["action"] = form_action(self.form_page)
        return context


def form_action(page):
    """(url name, button label) of the one-click action of this kind of form."""
    if page.submission_statuses[0] == SubmissionStatus.NEW:
        return "pole_forms:turn_into_chantier", _("Créer le chantier")
    return "pole_forms:accept_participant", _("Accepter au groupe de travail")


def form_page_for(request, page_id):
    if not get_forms_for_user(request.user).filter(pk=page_id).exists():
        raise PermissionDenied
    return get_object_or_404(PoleFormPage, pk=page_id).specific


def back_to_listing(page):
    return redirect(reverse("wagtailforms:list_submissions", args=(page.pk,)))


@require_POST
def bulk_status(request, page_id):
    """Give the selected submissions of a form one status."""
    page = form_page_for(request, page_id)
    status = request.POST.get("status")
    if status not in page.submission_statuses:
        messages.error(request, _("Choisissez un statut."))
        return back_to_listing(page)
    ids = request.POST.getlist("selected-submissions")
    count = len(page.get_submissions().filter(pk__in=ids).change_status(status))
    messages.success(
        request,
        ngettext(
            "%(count)d réponse passe au statut « %(status)s ».",
            "%(count)d réponses passent au statut « %(status)s ».",
            count,
        )
        % {"count": count, "status": SubmissionStatus(status).label},
    )
    return back_to_listing(page)


def one_click(action, success_message):
    @require_POST
    def view(request, page_id):
        page = form_page_for(request, page_id)
        submission = get_object_or_404(page.get_submissions(), pk=request.POST.get("submission"))
        try:
            result = action(submission, request.user)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, success_message % {"name": str(result)})
        return back_to_listing(page)

    return view


turn_into_chantier_view = one_click(
    turn_into_chantier, gettext_lazy("Le chantier « %(name)s » est créé en brouillon, à l'étape proposé.")
)
accept_participant_view = one_click(
    accept_participant, gettext_lazy("%(name)s rejoint le groupe de travail du chantier.")
)


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = ["status", "decision_reason", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status.value, status.label) for status in self.instance.allowed_statuses()
        ]

    def save(self):
        """Keep the message and the note, then change the status, which mails a decision to its author."""
        with transaction.atomic():
            submission = super().save(commit=False)
            submission.save(update_fields=["decision_reason", "note"])
            submission.change_status(self.cleaned_data["status"])
        return submission


def review(request, page_id, submission_id):
    """Change the status of one submission and write the team's note."""
    page = form_page_for(request, page_id)
    submission = get_object_or_404(page.get_submissions(), pk=submission_id)
    form = ReviewForm(request.POST or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La réponse est mise à jour."))
        return back_to_listing(page)
    return TemplateResponse(
        request,
        "pole_forms/admin/review.html",
        {
            "page": page,
            "submission": submission,
            "form": form,
            "answers": submission.get_data(),
            "deliveries": submission.mail_deliveries.all(),
        },
    )


def safe_next_url(request, default):
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


@require_POST
def resend_mail(request, delivery_id):
    """Send one failed mail again, for a user who may see its submission."""
    delivery = get_object_or_404(
        MailDelivery.objects.of_forms(get_forms_for_user(request.user)).select_related("submission"),
        pk=delivery_id,
    )
    if tasks.resend(delivery):
        messages.success(
            request,
            _("Le courriel « %(kind)s » est renvoyé à %(recipients)s.")
            % {"kind": delivery.get_kind_display(), "recipients": delivery.recipients},
        )
    else:
        messages.error(request, _("Ce courriel n'est plus en échec : il n'est pas renvoyé."))
    review_url = reverse("pole_forms:review", args=[delivery.submission.page_id, delivery.submission_id])
    return redirect(safe_next_url(request, review_url))


@require_POST
def resend_failed_mails(request):
    """Send again every failed mail of the forms the user may see."""
    count = sum(tasks.resend(delivery) for delivery in failed_mails(request.user))
    messages.success(
        request,
        ngettext("%(count)d courriel est renvoyé.", "%(count)d courriels sont renvoyés.", count)
        % {"count": count},
    )
    return redirect("pole_forms:failed_mails")
