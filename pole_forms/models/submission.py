from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import AbstractFormSubmission

from ..choices import AWAITING_REVIEW, SubmissionStatus
from ..submitting import printable
from .mail import UNSENT, MailState

# The statuses that tell the author a decision, each announced by a mail. « Lue » only says that the
# team read the submission: no decision, no mail.
DECISIONS = [
    SubmissionStatus.RETAINED,
    SubmissionStatus.ACCEPTED,
    SubmissionStatus.WAITING_LIST,
    SubmissionStatus.DECLINED,
]
# The decision of a retained proposal that became a chantier: news for its author even after "retained".
CHANTIER_DECISION = "chantier"


class SubmissionQuerySet(models.QuerySet):
    def of_person(self, email):
        """Submissions given with this email, or holding it in one of their answers."""
        return self.filter(Q(email__iexact=email) | Q(form_data__icontains=email))

    def awaiting_review(self):
        """Submissions still in their form's first status (new proposal, received candidacy)."""
        return self.filter(status__in=AWAITING_REVIEW)

    def with_mail_counts(self):
        """Annotated with the counts of their mails, failed and not sent yet, for `mails_summary`."""
        return self.annotate(
            mail_count=Count("mail_deliveries"),
            failed_mail_count=Count("mail_deliveries", filter=Q(mail_deliveries__state=MailState.FAILED)),
            unsent_mail_count=Count("mail_deliveries", filter=Q(mail_deliveries__state__in=UNSENT)),
        )

    def change_status(self, status):
        """Give these submissions `status`: the one place where a review status changes.

        The submissions whose status changed to a decision get their author's mail planned in the same
        transaction (`pole_forms.tasks.queue_decisions`). Returns the submissions whose status changed.
        """
        from ..tasks import queue_decisions

        with transaction.atomic():
            changed = list(self.exclude(status=status).select_for_update())
            self.model.objects.filter(pk__in=[submission.pk for submission in changed]).update(status=status)
            for submission in changed:
                submission.status = status
            if status in DECISIONS:
                queue_decisions(changed)
        return changed


class Submission(AbstractFormSubmission):
    """A member's answer to a form, with the team's review."""

    status = models.CharField(_("statut"), max_length=20, choices=SubmissionStatus.choices)
    note = models.TextField(_("note de l'équipe"), blank=True, help_text=_("Visible de l'équipe seulement."))
    decision_reason = models.TextField(
        _("message à la personne"),
        blank=True,
        help_text=_(
            "Envoyé à la personne avec la décision, et affiché dans son espace : la raison d'un refus, "
            "par exemple."
        ),
    )
    email = models.EmailField(_("courriel"), blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pole_form_submissions",
    )
    idempotency_key = models.CharField(max_length=255, blank=True, editable=False)
    chantier = models.ForeignKey(
        "pole_pages.ChantierPage",
        verbose_name=_("chantier créé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_submissions",
    )
    person = models.ForeignKey(
        "pole_directory.Person",
        verbose_name=_("personne ajoutée au groupe de travail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="form_submissions",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["-submit_time", "-pk"]
        indexes = [models.Index(fields=["page", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="pole_forms_submission_unique_idempotency_key",
            )
        ]

    def __str__(self):
        return _("Réponse n° %(id)s à « %(form)s »") % {"id": self.pk, "form": self.page.title}

    def get_data(self):
        """The answers as the admin listing, the review page and the exports show them.

        Texts are made printable: rows stored before the API refused control characters and lone
        surrogates may hold them, and they would break the page's encoding or the XLSX file.
        """
        data = {
            **super().get_data(),
            "email": self.email,
            "status": self.get_status_display(),
            "note": self.note,
        }
        return {name: printable(value) for name, value in data.items()}

    @property
    def mails_summary(self):
        """How its mails went, from the counts of `with_mail_counts()`: "" when it has none."""
        if self.failed_mail_count:
            return _("En échec")
        if self.unsent_mail_count:
            return _("En attente")
        return _("Envoyés") if self.mail_count else ""

    @property
    def decision(self):
        """What its author is told of its status: the status, or `chantier` once a retained proposal has one."""
        if self.status == SubmissionStatus.RETAINED and self.chantier_id:
            return CHANTIER_DECISION
        return self.status

    def change_status(self, status):
        """Give this submission `status` (see `SubmissionQuerySet.change_status`); True if it changed."""
        if status not in self.allowed_statuses():
            raise ValidationError({"status": _("Ce statut ne s'applique pas à ce formulaire.")})
        changed = Submission.objects.filter(pk=self.pk).change_status(status)
        self.status = status
        return bool(changed)

    def announce_decision(self):
        """Plan the mail of its current decision, if not announced yet (a chantier added to a retained proposal)."""
        from ..tasks import queue_decisions

        if self.status in DECISIONS:
            queue_decisions([self])

    def allowed_statuses(self):
        return self.page.specific_deferred.submission_statuses

    def clean(self):
        super().clean()
        if self.status not in self.allowed_statuses():
            raise ValidationError({"status": _("Ce statut ne s'applique pas à ce formulaire.")})
