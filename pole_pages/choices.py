"""The vocabularies of the pages, with their French labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a resource or a recommendation is for, in the source page's words."""

    MEMBERS = "members", _("Adhérent·es")
    SECTOR = "sector", _("Filière")
    PUBLIC_AUTHORITIES = "public_authorities", _("Pouvoirs publics")


class Priority(models.TextChoices):
    HIGH = "high", _("Haute")
    MEDIUM = "medium", _("Moyenne")
    LOW = "low", _("Basse")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    IN_PROGRESS = "in_progress", _("En cours")
    DELIVERED = "delivered", _("Livré")


class ActionStatus(models.TextChoices):
    TODO = "todo", _("À lancer")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    DROPPED = "dropped", _("Abandonnée")


class MissionHolder(models.TextChoices):
    MEMBERS = "members", _("Adhérent·es")
    BOARD = "board", _("Membre(s) du CA")
    STAFF = "staff", _("Salarié·e référent·e")


class TargetPeriod(models.TextChoices):
    YEAR = "year", _("par an")
    QUARTER = "quarter", _("par trimestre")
    MONTH = "month", _("par mois")
    TOTAL = "total", _("au total")


class ProgressSource(models.TextChoices):
    MANUAL = "manual", _("Saisie à la main")
    EVENTS = "events", _("Comptée à partir des événements du chantier")


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Chaque semaine")
    FORTNIGHTLY = "fortnightly", _("Toutes les deux semaines")
    MONTHLY = "monthly", _("Chaque mois")
    QUARTERLY = "quarterly", _("Chaque trimestre")
    IRREGULAR = "irregular", _("Selon les besoins")


class MemberRole(models.TextChoices):
    PILOT = "pilot", _("Pilote")
    MEMBER = "member", _("Membre du groupe de travail")
    CONTRIBUTOR = "contributor", _("Contributeur·rice ponctuel·le")
    OBSERVER = "observer", _("Observateur·rice")


class EventKind(models.TextChoices):
    PROFESSIONAL_MEETING = "professional_meeting", _("Rencontre professionnelle")
    MEETUP = "meetup", _("Meet-up")
    APERO = "apero", _("Apéro")
    TRAINING = "training", _("Formation")
    VISIT = "visit", _("Visite")
    CHANTIER_MEETING = "chantier_meeting", _("Réunion de chantier")
    GENERAL_ASSEMBLY = "general_assembly", _("Assemblée générale")
    ANNUAL_EVENT = "annual_event", _("Événement annuel")


class Recurrence(models.TextChoices):
    NONE = "", _("Aucune")
    WEEKLY = "weekly", _("Chaque semaine")
    MONTHLY_NTH_WEEKDAY = "monthly_nth_weekday", _("Chaque mois, le même jour de la semaine (ex. 1er jeudi)")


class ResourceKind(models.TextChoices):
    STATE_OF_THE_ART = "state_of_the_art", _("État des lieux")
    DATA = "data", _("Données")
    GUIDE = "guide", _("Guide")
    TOOL = "tool", _("Outil")
    TRAINING = "training", _("Formation")
    PEDAGOGICAL_COMMON = "pedagogical_common", _("Commun pédagogique")
    POOLED = "pooled", _("Ressource mutualisée (matériel, espace, outil)")


class ResourceAccess(models.TextChoices):
    PUBLIC = "public", _("Libre accès")
    MEMBERS = "members", _("Réservée aux adhérent·es")
    ON_REQUEST = "on_request", _("Sur demande")


class DocumentKind(models.TextChoices):
    STATUTES = "statutes", _("Statuts")
    INTERNAL_RULES = "internal_rules", _("Règlement intérieur")
    CHARTER = "charter", _("Charte")
    OTHER = "other", _("Autre document")


class AccessibilityStatus(models.TextChoices):
    """How far the site complies with the RGAA, in the words the footer mention must use."""

    COMPLIANT = "compliant", _("totalement conforme")
    PARTIALLY_COMPLIANT = "partially_compliant", _("partiellement conforme")
    NON_COMPLIANT = "non_compliant", _("non conforme")
