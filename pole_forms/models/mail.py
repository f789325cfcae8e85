"""The mails that follow a submission, each with its own delivery state.

A delivery is claimed before it is sent and recorded after, each step one conditional UPDATE, so two
workers never send the same mail and a retry never sends a mail that went out. The order of an
attempt and the guarantees are in `pole_forms.tasks`; the states and their changes are all here.
"""

import uuid
from datetime import timedelta

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf


class MailKind(models.TextChoices):
    NOTIFICATION = "notification", _("Avis à l'équipe")
    ACKNOWLEDGEMENT = "acknowledgement", _("Accusé de réception")
    DECISION = "decision", _("Décision")


class MailState(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    RETRYING = "retrying", _("Nouvel essai prévu")
    SENDING = "sending", _("Envoi en cours")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("En échec")


# The states a worker may claim a delivery from, once its next attempt is due.
WAITING = [MailState.PENDING, MailState.RETRYING]
# The states of a mail that may still go out by itself.
UNSENT = [*WAITING, MailState.SENDING]

INTERRUPTED = _(
    "Envoi interrompu : le processus qui l'envoyait s'est arrêté avant de le remettre au serveur."
)
UNCERTAIN = _(
    "Envoi interrompu après la remise du message au serveur de courrier : il a peut-être été reçu. "
    "Vérifiez auprès des destinataires avant de le renvoyer."
)


class ClaimLost(Exception):
    """Another worker took the delivery over (its claim had gone stale): this one must not send it."""


def retry_delay(attempts):
    """The wait after the `attempts`-th failed attempt: the first wait, doubled at each attempt."""
    return timedelta(seconds=conf.setting("POLE_FORMS_MAIL_RETRY_SECONDS") * 2 ** (attempts - 1))


def stale_before(now=None):
    """The moment before which a claim, or a due delivery nobody picked up, is stale."""
    return (now or timezone.now()) - timedelta(seconds=conf.setting("POLE_FORMS_MAIL_STALE_SECONDS"))


class MailDeliveryQuerySet(models.QuerySet):
    def due(self, now):
        """Deliveries waiting for an attempt that may be made at `now`."""
        return self.filter(state__in=WAITING, next_attempt_at__lte=now)

    def failed(self):
        return self.filter(state=MailState.FAILED)

    def of_forms(self, pages):
        """Deliveries of the submissions to these form pages (a queryset of pages)."""
        return self.filter(submission__page__in=pages)

    def claim(self, pk, now=None):
        """Take delivery `pk` for one attempt, if it is due: the claimed delivery, or None.

        One conditional UPDATE, so of several workers given the same delivery exactly one wins.
        """
        now = now or timezone.now()
        token = uuid.uuid4().hex
        claimed = (
            self.filter(pk=pk)
            .due(now)
            .update(
                state=MailState.SENDING,
                claim=token,
                claimed_at=now,
                handed_over_at=None,
                attempts=F("attempts") + 1,
            )
        )
        if not claimed:
            return None
        return self.select_related("submission__page").filter(pk=pk, claim=token).first()

    def release_stale(self, now=None):
        """Take back the deliveries whose worker stopped while sending them; the ids to send again.

        A claim older than POLE_FORMS_MAIL_STALE_SECONDS is a stopped worker's. Without a handover
        the mail server never had the whole message: the delivery is due again (or failed, after its
        last attempt). After the handover the server may have it: failed, never resent by itself.
        """
        now = now or timezone.now()
        stale = self.filter(state=MailState.SENDING, claimed_at__lt=stale_before(now))
        # The claim stays: should its worker still get the server's answer, it records the mail sent.
        stale.exclude(handed_over_at=None).update(
            state=MailState.FAILED, next_attempt_at=None, last_error=str(UNCERTAIN)
        )
        interrupted = stale.filter(handed_over_at=None)
        interrupted.filter(attempts__gte=conf.setting("POLE_FORMS_MAIL_ATTEMPTS")).update(
            state=MailState.FAILED, claim="", next_attempt_at=None, last_error=str(INTERRUPTED)
        )
        retried = list(interrupted.values_list("pk", flat=True))
        self.filter(pk__in=retried, state=MailState.SENDING, handed_over_at=None).update(
            state=MailState.RETRYING, claim="", next_attempt_at=now, last_error=str(INTERRUPTED)
        )
        return retried

    def overdue(self, now=None):
        """Due deliveries that no worker picked up within POLE_FORMS_MAIL_STALE_SECONDS: their task was
        lost (never queued, the queue dropped it, its worker died), the task backend cannot defer a
        retry, or the task is still waiting behind others (`pole_forms.tasks.recover_mails` tells)."""
        return self.due(stale_before(now))


class MailDelivery(models.Model):
    """One mail that follows a submission: to whom, and how far its sending went."""

    submission = models.ForeignKey(
        "pole_forms.Submission",
        verbose_name=_("réponse"),
        on_delete=models.CASCADE,
        related_name="mail_deliveries",
    )
    kind = models.CharField(_("courriel"), max_length=20, choices=MailKind.choices)
    recipients = models.TextField(_("destinataires"), help_text=_("Adresses séparées par des virgules."))
    # The decision a decision mail tells (`Submission.decision`); empty for the other kinds. A submission
    # has one mail of each kind and decision, so a status that comes back is not announced twice.
    decision = models.CharField(_("décision"), max_length=20, blank=True, editable=False)
    # The language of the mail: the member's, for the acknowledgement and the decisions; empty for the
    # site's default.
    language = models.CharField(max_length=10, blank=True, editable=False)
    state = models.CharField(_("état"), max_length=10, choices=MailState.choices, default=MailState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # The attempt under way: its worker's token, when it started, and when the message was handed to
    # the mail server (the final "." of SMTP DATA), after which the server may have it.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("dernier essai"), null=True, blank=True, editable=False)
    handed_over_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The task last queued for it (its result id in the task backend): while that task waits or runs,
    # recovery leaves the delivery alone.
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    objects = MailDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("courriel d'une réponse")
        verbose_name_plural = _("courriels des réponses")
        ordering = ["submission", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "kind", "decision"], name="pole_forms_one_mail_per_kind_and_decision"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.submission_id}"

    @property
    def recipient_list(self):
        return [address.strip() for address in self.recipients.split(",") if address.strip()]

    @property
    def is_failed(self):
        return self.state == MailState.FAILED

    def _mine(self):
        return MailDelivery.objects.filter(pk=self.pk, claim=self.claim, state=MailState.SENDING)

    def record_handover(self):
        """Note that the message is about to become the server's; raise ClaimLost if it is no longer ours."""
        if not self.claim or not self._mine().update(handed_over_at=timezone.now()):
            raise ClaimLost(self.pk)

    def record_sent(self):
        """The server accepted the message. Recorded even when the claim went stale meanwhile: it is sent."""
        MailDelivery.objects.filter(pk=self.pk, claim=self.claim).update(
            state=MailState.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
        )

    def record_failure(self, error, permanent=False):
        """An attempt that the server refused or never received: retry later, or give up after the last.

        Returns when the next attempt is due, or None when the delivery is now failed.
        """
        retry = not permanent and self.attempts < conf.setting("POLE_FORMS_MAIL_ATTEMPTS")
        next_attempt_at = timezone.now() + retry_delay(self.attempts) if retry else None
        recorded = self._mine().update(
            state=MailState.RETRYING if retry else MailState.FAILED,
            next_attempt_at=next_attempt_at,
            handed_over_at=None,
            last_error=str(error)[:2000],
        )
        return next_attempt_at if recorded else None

    def record_uncertain(self, error):
        """The connection broke after the handover, before the server answered: it may have the message."""
        self._mine().update(state=MailState.FAILED, next_attempt_at=None, last_error=f"{UNCERTAIN} ({error})")

    def resend(self):
        """An editor asks to send a failed mail again: a new series of attempts. False if not failed."""
        return bool(
            MailDelivery.objects.filter(pk=self.pk, state=MailState.FAILED).update(
                state=MailState.PENDING, attempts=0, next_attempt_at=timezone.now(), claim=""
            )
        )
