"""Invitations sent from the directory, and the requests of visitors who ask to join."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """One invitation mail sent to a person of the directory; a resend is a new row."""

    person = models.ForeignKey(
        "pole_directory.Person",
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("courriel"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité·e par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        get_latest_by = "sent_at"
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} ({self.sent_at:%Y-%m-%d})"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    APPROVED = "approved", _("acceptée")
    DECLINED = "declined", _("refusée")


class JoinRequest(models.Model):
    """A visitor's request to become a member, waiting for the team's decision."""

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("courriel"))
    organisation_name = models.CharField(_("structure"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "pole_directory.Organisation",
        verbose_name=_("structure de l'annuaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La structure de l'annuaire à laquelle rattacher la personne, si elle y figure."),
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)

    status = models.CharField(
        _("état"), max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.TextField(_("motif du refus"), blank=True)
    person = models.ForeignKey(
        "pole_directory.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_requests",
        help_text=_("La fiche de l'annuaire créée ou retrouvée à l'acceptation."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        constraints = [
            # One pending request per address: a second one says so instead of piling up.
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(status="pending"),
                name="pole_members_one_pending_request_per_email",
            )
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_pending(self):
        return self.status == JoinRequestStatus.PENDING
