from operator import itemgetter
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from ..choices import EventKind, Recurrence
from ..recurrence import RecurrenceRule
from ..serializers import LivePageField, PlaceSerializer
from .listing import ListingPage


def validate_time_zone(value):
    if value not in available_timezones():
        raise ValidationError(_("Fuseau horaire inconnu : %(value)s."), params={"value": value})


class EventIndexPage(ListingPage):
    subpage_types = ["pole_pages.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    # `?periode=passes` lists the past events instead of the ones to come.
    PERIOD_PARAMETER = "periode"
    PAST = "passes"

    def upcoming_events(self, now=None):
        """[(next start, event)] for the published events under way or to come, soonest first."""
        return upcoming(self.public_children(EventPage), now)

    def past_events(self, now=None):
        """[(last start, event)] for the published events that are over, latest first."""
        return past(self.public_children(EventPage), now)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        showing_past = request.GET.get(self.PERIOD_PARAMETER) == self.PAST
        context["showing_past"] = showing_past
        context["past_parameter"] = f"{self.PERIOD_PARAMETER}={self.PAST}"
        # One entry per event, a recurring one at its next (or last) occurrence: the pages split
        # this list, then each page groups its own entries by month.
        if showing_past:
            context["past_events"] = self.paginate(request, self.past_events())
        else:
            context["upcoming_events"] = self.paginate(request, self.upcoming_events())
        return context


class EventPage(Page):
    """A meeting, a meet-up, a monthly apéro, a training… possibly recurring."""

    kind = models.CharField(_("type"), max_length=30, choices=EventKind.choices)
    intro = models.TextField(
        _("résumé"), blank=True, help_text=_("Une ou deux phrases pour les listes et l'agenda.")
    )
    body = StreamField(ContentStreamBlock(), verbose_name=_("description"), blank=True)

    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(
        _("fin"), null=True, blank=True, help_text=_("Laissez vide pour un événement sans durée.")
    )
    all_day = models.BooleanField(_("toute la journée"), default=False)
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    recurrence = models.CharField(
        _("répétition"), max_length=30, choices=Recurrence.choices, blank=True, default=Recurrence.NONE
    )
    recurrence_interval = models.PositiveSmallIntegerField(
        _("intervalle"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 : chaque semaine ou chaque mois ; 2 : une semaine ou un mois sur deux."),
    )
    recurrence_until = models.DateField(_("jusqu'au"), null=True, blank=True)

    place = models.ForeignKey(
        "pole_directory.Place",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    address = models.CharField(_("adresse (si pas de lieu de l'annuaire)"), max_length=255, blank=True)
    online_url = models.URLField(_("lien de visioconférence"), blank=True)
    chantier = models.ForeignKey(
        "pole_pages.ChantierPage",
        verbose_name=_("chantier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    registration_url = models.URLField(_("lien d'inscription"), blank=True)
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    registration_details = RichTextField(
        _("modalités d'inscription"), blank=True, features=RICH_TEXT_FEATURES
    )

    parent_page_types = ["pole_pages.EventIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("all_day"), FieldPanel("time_zone")]),
            ],
            heading=_("Date et heure"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recurrence"),
                FieldRowPanel([FieldPanel("recurrence_interval"), FieldPanel("recurrence_until")]),
            ],
            heading=_("Répétition"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("address"), FieldPanel("online_url")],
            heading=_("Où"),
            help_text=_("Un lieu de l'annuaire, une adresse ou un lien en ligne (au moins l'un des trois)."),
        ),
        PageChooserPanel("chantier", "pole_pages.ChantierPage"),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("capacity"), FieldPanel("registration_details")],
            heading=_("Inscription"),
        ),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("intro"),
        APIField("body"),
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("time_zone"),
        APIField("recurrence"),
        APIField("recurrence_interval"),
        APIField("recurrence_until"),
        APIField("place", serializer=PlaceSerializer()),
        APIField("address"),
        APIField("online_url"),
        APIField("chantier", serializer=LivePageField()),
        APIField("registration_url"),
        APIField("capacity"),
        APIField("registration_details"),
    ]

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    @property
    def is_recurring(self):
        return bool(self.recurrence)

    @property
    def local_start(self):
        return self.start.astimezone(ZoneInfo(self.time_zone))

    @property
    def recurrence_rule(self):
        """When this event takes place and how it repeats: its occurrences, RRULE, Schedule and sentence."""
        return RecurrenceRule(
            start=self.local_start,
            end=self.end,
            all_day=self.all_day,
            frequency=self.recurrence,
            interval=self.recurrence_interval or 1,
            until=self.recurrence_until,
        )

    def next_occurrences(self, count=3, now=None):
        """Starts of the next `count` occurrences under way or to come."""
        return self.recurrence_rule.upcoming(now or timezone.now(), count)

    def recurrence_description(self):
        """The repetition in words: « Toutes les 2 semaines, le jeudi, jusqu'au 30 juin 2026 »."""
        return self.recurrence_rule.description()

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("La fin doit être après le début.")
        if self.recurrence and not self.recurrence_until:
            errors["recurrence_until"] = _("Indiquez jusqu'à quand l'événement se répète.")
        if self.recurrence_until and self.start and self.recurrence_until < self.start.date():
            errors["recurrence_until"] = _("La fin de la répétition doit être après le début.")
        if not (self.place_id or self.address or self.online_url):
            errors["place"] = _("Choisissez un lieu, indiquez une adresse ou un lien en ligne.")
        if errors:
            raise ValidationError(errors)


def upcoming(events, now=None):
    """[(next start, event)] for the events of a queryset under way or to come, soonest first."""
    now = now or timezone.now()
    recurring = ~Q(recurrence="") & (Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=now.date()))
    candidates = events.filter(Q(start__gte=now) | Q(end__gte=now) | recurring).select_related("place")
    dated = [(starts[0], event) for event in candidates if (starts := event.next_occurrences(1, now))]
    return sorted(dated, key=itemgetter(0))


def past(events, now=None):
    """[(start of the last occurrence, event)] for the events of a queryset that are over, latest first."""
    now = now or timezone.now()
    over = Q(recurrence="") & (Q(end__lt=now) | Q(end__isnull=True, start__lt=now))
    ended = ~Q(recurrence="") & Q(recurrence_until__lt=now.date())
    dated = [
        (event.recurrence_rule.last_start(now), event)
        for event in events.filter(over | ended).select_related("place")
    ]
    return sorted(dated, key=itemgetter(0), reverse=True)
