from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pole_directory.models import Person

from .. import lifecycle, workflow
from ..blocks import (
    RICH_TEXT_FEATURES,
    ActionBlock,
    ContentStreamBlock,
    DeliverableBlock,
    MissionBlock,
    ObjectiveBlock,
    RecommendationBlock,
)
from ..choices import MeetingFrequency, MemberRole, ProgressSource
from ..forms import ChantierPageForm
from ..lifecycle import ChantierStatus
from ..progress import target_progress
from ..serializers import ActionsField, AxesField, PublicPeopleField, PublicPersonField
from .event import EventPage
from .listing import ListingPage
from .resource import ResourcePage


class ChantierIndexPage(ListingPage):
    subpage_types = ["pole_pages.ChantierPage"]
    max_count_per_parent = 1
    filterset_class = "pole_pages.filters.ChantierFilterSet"
    filter_fields = ("status", "axis")

    class Meta:
        verbose_name = _("liste des chantiers")
        verbose_name_plural = _("listes des chantiers")

    def chantiers(self):
        """Published chantiers with their image and axes, in a fixed number of queries."""
        return (
            self.public_children(ChantierPage)
            .select_related("image")
            .prefetch_related("axes", "image__renditions")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chantiers, context["filter_fields"] = self.filter_listing(request, self.chantiers())
        context["chantiers"] = self.paginate(request, chantiers)
        return context


STEP_DATE_HELP = _("Rempli automatiquement au passage à cette étape ; corrigez-le si besoin.")


class ChantierPage(Page):
    """A thematic working group, from the proposed theme to its restitution."""

    # Contenu
    intro = models.TextField(
        _("résumé"), blank=True, help_text=_("La problématique en deux ou trois phrases, pour les listes.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Illustration du chantier, dans les listes et en tête de sa page."),
    )
    body = StreamField(
        ContentStreamBlock(),
        verbose_name=_("présentation"),
        blank=True,
        help_text=_(
            "La problématique identifiée par les adhérent·es, le contexte et les enjeux du chantier."
        ),
    )
    axes = ParentalManyToManyField(
        "pole_directory.Axis",
        verbose_name=_("axes"),
        blank=True,
        related_name="chantiers",
        help_text=_("Les axes du réseau sur lesquels le chantier travaille."),
    )
    status = models.CharField(
        _("étape"),
        max_length=30,
        choices=ChantierStatus.choices,
        default=ChantierStatus.PROPOSED,
        help_text=_(
            "Un chantier avance d'une étape à la fois ; il peut être clôturé à tout moment. "
            "Seul le CA le fait passer à « Validé par le CA », en approuvant le workflow "
            "« Validation par le CA » auquel vous soumettez le chantier proposé."
        ),
    )
    proposed_on = models.DateField(_("proposé le"), null=True, blank=True, help_text=STEP_DATE_HELP)
    validated_on = models.DateField(_("validé par le CA le"), null=True, blank=True, help_text=STEP_DATE_HELP)
    call_opened_on = models.DateField(
        _("appel à participation lancé le"), null=True, blank=True, help_text=STEP_DATE_HELP
    )
    started_on = models.DateField(_("première réunion le"), null=True, blank=True, help_text=STEP_DATE_HELP)
    restitution_on = models.DateField(_("restitution le"), null=True, blank=True, help_text=STEP_DATE_HELP)
    closed_on = models.DateField(_("clôturé le"), null=True, blank=True, help_text=STEP_DATE_HELP)

    # Gouvernance
    co_president_referent = models.ForeignKey(
        "pole_directory.Person",
        verbose_name=_("co-président·e référent·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chantiers_as_referent",
        help_text=_("Nommé·e par le CA lors de la validation du chantier."),
    )
    board_members = ParentalManyToManyField(
        "pole_directory.Person",
        verbose_name=_("membres du CA impliqués"),
        blank=True,
        related_name="chantiers_as_board_member",
        help_text=_("Les membres du CA qui s'impliquent dans le chantier, en plus du ou de la référent·e."),
    )
    staff_referent = models.ForeignKey(
        "pole_directory.Person",
        verbose_name=_("salarié·e référent·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chantiers_as_staff_referent",
        help_text=_("La personne de l'équipe salariée qui suit le chantier."),
    )

    # Cadrage (first meeting of the working group)
    objectives = StreamField(
        [("objective", ObjectiveBlock())],
        verbose_name=_("objectifs"),
        blank=True,
        help_text=_("Les objectifs fixés à la première réunion, avec leur priorité."),
    )
    expected_results = RichTextField(
        _("résultats attendus"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Ce que le groupe de travail veut obtenir, tel que fixé à la première réunion."),
    )
    deliverables = StreamField(
        [("deliverable", DeliverableBlock())],
        verbose_name=_("livrables"),
        blank=True,
        help_text=_("À prioriser selon les objectifs ; reliez la ressource qui livre chacun."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("durée prévue (mois)"), null=True, blank=True, help_text=_("La durée du chantier, en mois.")
    )
    meeting_count = models.PositiveSmallIntegerField(
        _("nombre de réunions"), null=True, blank=True, help_text=_("Le nombre de réunions prévues.")
    )
    meeting_frequency = models.CharField(
        _("rythme des réunions"),
        max_length=20,
        choices=MeetingFrequency.choices,
        blank=True,
        help_text=_(
            "Chaque réunion se publie dans l'agenda comme un événement « Réunion de chantier » relié au chantier."
        ),
    )
    meeting_duration_minutes = models.PositiveSmallIntegerField(
        _("durée d'une réunion (minutes)"),
        null=True,
        blank=True,
        help_text=_("La durée habituelle d'une réunion."),
    )
    missions = StreamField(
        [("mission", MissionBlock())],
        verbose_name=_("répartition des missions"),
        blank=True,
        help_text=_("Qui fait quoi entre les adhérent·es, le ou les membres du CA et le salarié référent."),
    )

    # Actions
    actions = StreamField(
        [("action", ActionBlock())],
        verbose_name=_("actions"),
        blank=True,
        help_text=_(
            "Chaque action peut avoir une cible (« 5 à 6 meet-up par an ») suivie à la main "
            "ou comptée à partir des événements du chantier."
        ),
    )

    # Restitution
    restitution_summary = RichTextField(
        _("synthèse des travaux"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Ce que le groupe de travail restitue aux adhérent·es à la fin du chantier."),
    )
    recommendations = StreamField(
        [("recommendation", RecommendationBlock())],
        verbose_name=_("préconisations"),
        blank=True,
        help_text=_(
            "Chaque préconisation s'adresse aux adhérent·es, à la filière et/ou aux pouvoirs publics."
        ),
    )

    parent_page_types = ["pole_pages.ChantierIndexPage"]
    subpage_types = []

    base_form_class = ChantierPageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("axes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel(
                    [FieldPanel("proposed_on"), FieldPanel("validated_on"), FieldPanel("call_opened_on")]
                ),
                FieldRowPanel(
                    [FieldPanel("started_on"), FieldPanel("restitution_on"), FieldPanel("closed_on")]
                ),
            ],
            heading=_("Étape du chantier"),
            help_text=_("La date de chaque étape est remplie automatiquement au changement d'étape."),
        ),
        FieldPanel("body"),
    ]
    governance_panels = [
        FieldPanel("co_president_referent"),
        FieldPanel("board_members"),
        FieldPanel("staff_referent"),
        InlinePanel("members", heading=_("Groupe de travail"), label=_("membre")),
    ]
    framing_panels = [
        FieldPanel("objectives"),
        FieldPanel("expected_results"),
        FieldPanel("deliverables"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("duration_months"), FieldPanel("meeting_count")]),
                FieldRowPanel([FieldPanel("meeting_frequency"), FieldPanel("meeting_duration_minutes")]),
            ],
            heading=_("Calendrier des réunions"),
        ),
        FieldPanel("missions"),
    ]
    action_panels = [FieldPanel("actions")]
    restitution_panels = [FieldPanel("restitution_summary"), FieldPanel("recommendations")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(governance_panels, heading=_("Gouvernance")),
            ObjectList(framing_panels, heading=_("Cadrage")),
            ObjectList(action_panels, heading=_("Actions")),
            ObjectList(restitution_panels, heading=_("Restitution")),
            ObjectList(Page.promote_panels, heading=_("Promotion")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("objectives"),
        index.SearchField("actions"),
        index.SearchField("restitution_summary"),
        index.FilterField("status"),
    ]
    # Missions and the working group are left out of v2: /api/v1/chantiers/{id}/ gives them.
    api_fields = [
        APIField("intro"),
        APIField("image", serializer=ImageRenditionField("max-800x800")),
        APIField("body"),
        APIField("axes", serializer=AxesField()),
        APIField("status"),
        APIField("proposed_on"),
        APIField("validated_on"),
        APIField("call_opened_on"),
        APIField("started_on"),
        APIField("restitution_on"),
        APIField("closed_on"),
        APIField("co_president_referent", serializer=PublicPersonField()),
        APIField("board_members", serializer=PublicPeopleField()),
        APIField("staff_referent", serializer=PublicPersonField()),
        APIField("objectives"),
        APIField("expected_results"),
        APIField("deliverables"),
        APIField("duration_months"),
        APIField("meeting_count"),
        APIField("meeting_frequency"),
        APIField("meeting_duration_minutes"),
        APIField("actions", serializer=ActionsField()),
        APIField("restitution_summary"),
        APIField("recommendations"),
    ]

    class Meta:
        verbose_name = _("chantier")
        verbose_name_plural = _("chantiers")

    # Life cycle

    @property
    def step(self):
        """Position of the current status in the life cycle, from 0 (proposé) to 5 (clôturé)."""
        return lifecycle.step_index(self.status)

    def status_dates(self):
        """[(status, date or None)] for every step, in order, for timelines."""
        return [(status, getattr(self, field)) for status, field in lifecycle.DATE_FIELDS.items()]

    def saved_status(self):
        """The status of the latest saved version (draft or live), or None for a new page."""
        if not self.pk:
            return None
        if self.latest_revision_id:
            return self.latest_revision.content.get("status")
        return ChantierPage.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def move_to(self, status, on=None):
        """Change the status, refusing impossible jumps, and keep the date of the new step.

        Staying at the same step keeps its date unless `on` gives another one.
        """
        lifecycle.check_move(self.status, status)
        field = lifecycle.DATE_FIELDS[ChantierStatus(status)]
        if on or status != self.status or getattr(self, field) is None:
            setattr(self, field, on or timezone.localdate())
        self.status = status

    def _stamp_status_date(self):
        field = lifecycle.DATE_FIELDS[ChantierStatus(self.status)]
        if getattr(self, field) is None:
            setattr(self, field, timezone.localdate())

    def clean(self):
        super().clean()
        lifecycle.check_move(self.saved_status(), self.status)
        self._stamp_status_date()

    def save(self, *args, **kwargs):
        self._stamp_status_date()
        return super().save(*args, **kwargs)

    def save_revision(self, user=None, *args, **kwargs):
        """Save a revision, and write a change of step into the page history with who made it."""
        previous_status = self.saved_status()
        revision = super().save_revision(user, *args, **kwargs)
        if previous_status is not None and previous_status != self.status:
            workflow.log_status_change(self, previous_status, self.status, user, revision)
        return revision

    # Actions

    def action_progress(self, now=None):
        """[(action value, Progress or None)] — one query for the events, whatever the number of actions."""
        events = (
            list(self.public_events())
            if any(
                (action.value["target"] or {}).get("source") == ProgressSource.EVENTS
                for action in self.actions
            )
            else []
        )
        return [
            (action.value, target_progress(action.value["target"], events, now)) for action in self.actions
        ]

    def linked_forms(self):
        """Published forms attached to this chantier (calls for participation, when pole_forms is installed)."""
        calls = getattr(self, "participation_calls", None) if self.pk else None
        return list(calls.live().public()) if calls is not None else []

    # Public page

    def public_events(self):
        """Published events of this chantier, oldest first (none yet for a page being created)."""
        if not self.pk:
            return EventPage.objects.none()
        return self.events.live().public().select_related("place").order_by("start")

    def public_resources(self):
        """Published resources of this chantier (none yet for a page being created)."""
        if not self.pk:
            return ResourcePage.objects.none()
        return self.resources.live().public()

    def referents(self):
        """(co-president referent, staff referent), with their photo and its renditions, in two queries."""
        people = (
            Person.objects.select_related("photo", "organisation")
            .prefetch_related("photo__renditions")
            .in_bulk([pk for pk in (self.co_president_referent_id, self.staff_referent_id) if pk])
        )
        return people.get(self.co_president_referent_id), people.get(self.staff_referent_id)

    def image_with_renditions(self):
        """The chantier's image with its renditions prefetched, so showing it writes nothing to the cache."""
        if not self.image_id:
            return None
        return get_image_model().objects.prefetch_related("renditions").get(pk=self.image_id)

    def public_board_members(self):
        """(board members who may be shown, how many others stay unnamed)."""
        people = list(
            self.board_members.select_related("photo", "organisation").prefetch_related("photo__renditions")
        )
        return split_by_consent(people, lambda person: person)

    def public_working_group(self):
        """(organisations and people of the working group who may be shown, how many others stay unnamed)."""
        members = list(
            self.members.select_related(
                "person__photo", "person__organisation", "organisation"
            ).prefetch_related("person__photo__renditions")
        )
        return split_by_consent(members, lambda member: member.person)

    def source_proposals(self):
        """[(consultation title, author's Person if published, else None)] of the members' proposals this
        chantier comes from (when pole_forms is installed), in two queries."""
        submissions = getattr(self, "source_submissions", None) if self.pk else None
        if submissions is None:
            return []
        proposals = list(submissions.select_related("page").order_by("submit_time"))
        accounts = {proposal.user_id for proposal in proposals if proposal.user_id}
        authors = {
            person.account_id: person for person in Person.objects.published().filter(account__in=accounts)
        }
        return [(proposal.page.title, authors.get(proposal.user_id)) for proposal in proposals]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        board_members, board_members_withheld = self.public_board_members()
        working_group, working_group_withheld = self.public_working_group()
        co_president, staff_referent = self.referents()
        context.update(
            hero_image=self.image_with_renditions(),
            co_president_referent=co_president,
            staff_referent=staff_referent,
            action_progress=self.action_progress(),
            board_members=board_members,
            board_members_withheld=board_members_withheld,
            working_group=working_group,
            working_group_withheld=working_group_withheld,
            events=self.public_events(),
            resources=self.public_resources(),
            source_proposals=self.source_proposals(),
        )
        return context


def split_by_consent(items, person_of):
    """Keep the items whose person (if any) may be shown; count the others."""
    shown = [item for item in items if person_of(item) is None or person_of(item).is_published]
    return shown, len(items) - len(shown)


class ChantierMember(Orderable):
    """A person or an organisation in the chantier's working group."""

    page = ParentalKey(ChantierPage, related_name="members", on_delete=models.CASCADE)
    person = models.ForeignKey(
        "pole_directory.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chantier_memberships",
        help_text=_("Une personne de l'annuaire (trombinoscope)."),
    )
    organisation = models.ForeignKey(
        "pole_directory.Organisation",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chantier_memberships",
        help_text=_("Ou une structure, quand c'est elle qui participe (l'une ou l'autre)."),
    )
    role = models.CharField(
        _("rôle"),
        max_length=20,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
        help_text=_("Son rôle dans le groupe de travail."),
    )

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("organisation"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("membre du groupe de travail")
        verbose_name_plural = _("membres du groupe de travail")

    def __str__(self):
        return str(self.person or self.organisation)

    def clean(self):
        super().clean()
        if bool(self.person_id) == bool(self.organisation_id):
            raise ValidationError(
                {"person": _("Choisissez une personne ou une structure (l'une ou l'autre).")}
            )
