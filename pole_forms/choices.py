"""The vocabularies of the forms, with their French labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who may fill a form in; read from the page's privacy settings, never stored twice."""

    PUBLIC = "public", _("Tout public")
    MEMBERS = "members", _("Réservé aux adhérent·es")


class WindowState(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("Pas encore ouvert")
    OPEN = "open", _("Ouvert")
    CLOSED = "closed", _("Clos")


class SubmissionStatus(models.TextChoices):
    # Consultation: a proposal is read, then retained or declined.
    NEW = "new", _("Nouvelle")
    REVIEWED = "reviewed", _("Lue")
    RETAINED = "retained", _("Retenue")
    # Call for participation: a candidate is accepted, put on the waiting list or declined.
    RECEIVED = "received", _("Reçue")
    ACCEPTED = "accepted", _("Acceptée")
    WAITING_LIST = "waiting_list", _("Liste d'attente")
    DECLINED = "declined", _("Déclinée")


# The first status of each kind of form: the submissions the team has not looked at yet.
AWAITING_REVIEW = [SubmissionStatus.NEW, SubmissionStatus.RECEIVED]


class FieldPurpose(models.TextChoices):
    """What a field tells about the person or the proposal, for the one-click actions and erasure."""

    NONE = "", _("—")
    EMAIL = "email", _("Courriel de la personne")
    FIRST_NAME = "first_name", _("Prénom")
    LAST_NAME = "last_name", _("Nom")
    PROPOSAL_TITLE = "proposal_title", _("Titre de la proposition")
    PROPOSAL_DESCRIPTION = "proposal_description", _("Description de la proposition")
