"""The form pages: consultations and calls for participation, built with Wagtail's form builder."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_honeypot.models import HoneypotFormMixin

from pole_pages.blocks import RICH_TEXT_FEATURES

from ..choices import Audience, FieldPurpose, SubmissionStatus, WindowState
from ..submitting import CONSENT_FIELD, MULTILINE_TYPES, SubmissionRefused, printable_text, screen


class FormField(AbstractFormField):
    """A field an editor adds to a form; its purpose tells the one-click actions where to look."""

    page = ParentalKey("pole_forms.PoleFormPage", related_name="form_fields", on_delete=models.CASCADE)
    purpose = models.CharField(
        _("sert à"),
        max_length=30,
        choices=FieldPurpose.choices,
        blank=True,
        help_text=_(
            "Indiquez le champ qui donne le courriel, le prénom, le nom, ou le titre et la description "
            "d'une proposition : ils servent à créer un chantier ou à ajouter la personne au groupe de travail."
        ),
    )

    panels = AbstractFormField.panels + [FieldPanel("purpose")]


class PoleFormBuilder(FormBuilder):
    """Wagtail's form builder plus the consent checkbox every Pôle form ends with."""

    def __init__(self, fields, consent_text):
        super().__init__(fields)
        self.consent_text = consent_text

    @property
    def formfields(self):
        fields = super().formfields
        for form_field in self.fields:
            field = fields[form_field.clean_name]
            if isinstance(field, forms.CharField):
                field.validators.append(printable_text(multiline=form_field.field_type in MULTILINE_TYPES))
        fields[CONSENT_FIELD] = forms.BooleanField(
            label=self.consent_text,
            required=True,
            error_messages={"required": _("Cochez cette case pour envoyer le formulaire.")},
        )
        return fields

    def create_email_field(self, field, options):
        from .submission import Submission

        # The size of the column that keeps the email of a submission.
        options["max_length"] = Submission._meta.get_field("email").max_length
        return super().create_email_field(field, options)


class PoleFormPage(HoneypotFormMixin, AbstractEmailForm):
    """What consultations and calls for participation share: intro, window, consent, notifications."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(
        _("message de remerciement"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Affiché après l'envoi, et repris dans l'accusé de réception."),
    )
    consent_statement = models.TextField(
        _("consentement"),
        default=_(
            "J'accepte que l'équipe du réseau conserve ces informations pour traiter ma réponse, "
            "le temps de la consultation et de son suivi."
        ),
        help_text=_("Case à cocher obligatoire en fin de formulaire."),
    )
    opens_at = models.DateTimeField(_("ouverture"), null=True, blank=True)
    closes_at = models.DateTimeField(_("clôture"), null=True, blank=True)

    is_creatable = False
    template = "pole_forms/form_page.html"
    landing_page_template = "pole_forms/form_page_landing.html"
    form_builder = PoleFormBuilder

    # The submission statuses of this kind of form, the first one given to a new submission.
    submission_statuses = []

    window_panels = [
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
    ]
    form_panels = [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("champ du formulaire")),
        FieldPanel("consent_statement"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(window_panels, heading=_("Période d'ouverture")),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading=_("Notifications"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "Pour réserver ce formulaire aux adhérent·es, réglez la confidentialité de la page "
                        "(connexion obligatoire ou groupes) : elle s'applique au site et à l'API."
                    )
                ),
                FieldPanel("honeypot"),
            ],
            heading=_("Accès et protection"),
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("formulaire")
        verbose_name_plural = _("formulaires")

    # Open window

    def window_state(self, now=None):
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return WindowState.NOT_YET_OPEN
        if self.closes_at and now >= self.closes_at:
            return WindowState.CLOSED
        return WindowState.OPEN

    def is_open(self, now=None):
        return self.window_state(now) == WindowState.OPEN

    def window_message(self, now=None):
        """What the form says outside its window ("opens on …", "closed"), empty while open."""
        state = self.window_state(now)
        if state == WindowState.NOT_YET_OPEN:
            return _("Ce formulaire ouvrira le %(date)s.") % {"date": self._format(self.opens_at)}
        if state == WindowState.CLOSED:
            return _("Ce formulaire est clos depuis le %(date)s.") % {"date": self._format(self.closes_at)}
        return ""

    @staticmethod
    def _format(moment):
        return date_format(timezone.localtime(moment), "j F Y à H:i")

    # Audience, from Wagtail's page privacy

    def audience(self):
        return Audience.MEMBERS if self.get_view_restrictions().exists() else Audience.PUBLIC

    def access_refusal(self, request):
        """None when `request` may see and fill the form in; else 401 (not signed in) or 403."""
        from pole_pages.api.common import access_refusal

        return access_refusal(request, self.get_view_restrictions())

    # Form

    def get_form_class(self):
        return self.form_builder(self.get_form_fields(), self.consent_statement).get_form_class()

    def get_form(self, *args, **kwargs):
        """Wagtail's form; an empty one for a signed-in visitor comes filled with their name and email."""
        user = kwargs.get("user")
        if not args and user is not None and user.is_authenticated:
            kwargs["initial"] = {**self.initial_from_account(user), **kwargs.get("initial", {})}
        return super().get_form(*args, **kwargs)

    def initial_from_account(self, user):
        """{field name: value} of the fields giving the email, first and last name, from `user`'s account
        and its directory person."""
        person = getattr(user, "person", None)
        values = {
            FieldPurpose.EMAIL: user.email,
            FieldPurpose.FIRST_NAME: person.first_name if person else user.first_name,
            FieldPurpose.LAST_NAME: person.last_name if person else user.last_name,
        }
        initial = {}
        for purpose, value in values.items():
            name = self.field_for(purpose)
            if name and value:
                initial[name] = value
        return initial

    def get_data_fields(self):
        return super().get_data_fields() + [
            ("email", _("Courriel")),
            ("status", _("Statut")),
            ("note", _("Note de l'équipe")),
        ]

    def field_for(self, purpose):
        """clean_name of the first field with this purpose (the first email field for the email)."""
        fields = list(self.get_form_fields())
        for field in fields:
            if field.purpose == purpose:
                return field.clean_name
        if purpose == FieldPurpose.EMAIL:
            return next((field.clean_name for field in fields if field.field_type == "email"), None)
        return None

    def value_of(self, purpose, form_data):
        name = self.field_for(purpose)
        return str(form_data.get(name) or "").strip() if name else ""

    # Submissions

    def get_submission_class(self):
        from .submission import Submission

        return Submission

    def get_submissions_list_view_class(self):
        from ..views import SubmissionsListView

        return SubmissionsListView

    @property
    def initial_status(self):
        return self.submission_statuses[0]

    def store_submission(self, form, user=None, idempotency_key=""):
        """Keep a valid form's data, then queue the notifications once the row is committed.

        A retried request with the same idempotency key gets the first submission back.
        """
        from ..tasks import queue_notifications

        data = form.cleaned_data
        email = self.value_of(FieldPurpose.EMAIL, data) or getattr(user, "email", "") or ""
        try:
            with transaction.atomic():
                submission = self.get_submission_class().objects.create(
                    page=self,
                    form_data=data,
                    status=self.initial_status,
                    email=email,
                    user=user if user is not None and user.is_authenticated else None,
                    idempotency_key=idempotency_key,
                )
                # In the same transaction: a submission is never kept without its mail records.
                queue_notifications(submission.pk)
        except IntegrityError:
            if not idempotency_key:
                raise
            return self.get_submissions().get(idempotency_key=idempotency_key)
        return submission

    def process_form_submission(self, form):
        """Store a valid HTML form (Wagtail's hook, called by its form view).

        Not chained to Wagtail's: its EmailFormMixin would send the mail inside the request, where
        store_submission queues it as a background task.
        """
        return self.store_submission(form, user=form.user)

    def serve(self, request, *args, **kwargs):
        """Wagtail's form view, after the checks that come before validation, answering with a status.

        A post outside the window (409) or over the throttle (429) gets the form back with the reason;
        one caught by the honeypot gets the thank-you page and stores nothing; an invalid one answers 400.
        """
        if request.method == "POST":
            try:
                caught = screen(self, request, request.POST)
            except SubmissionRefused as refusal:
                return self.render_refusal(request, refusal)
            if caught:
                return self.render_landing_page(request, None, *args, **kwargs)
        response = super().serve(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.errors:
            response.status_code = 400
        return response

    def render_refusal(self, request, refusal):
        """The form page again, its input kept, with why the submission was refused and that status."""
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        form.add_error(None, refusal.detail)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(
            request, self.get_template(request), context, status=refusal.status, headers=refusal.headers
        )

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("La clôture doit suivre l'ouverture.")})


class ConsultationPage(PoleFormPage):
    """Members propose themes and needs; also the twice-yearly resource survey."""

    parent_page_types = ["pole_pages.HomePage", "pole_pages.ContentPage"]
    subpage_types = []
    template = "pole_forms/consultation_page.html"

    content_panels = Page.content_panels + PoleFormPage.form_panels

    submission_statuses = [
        SubmissionStatus.NEW,
        SubmissionStatus.REVIEWED,
        SubmissionStatus.RETAINED,
        SubmissionStatus.DECLINED,
    ]

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")


class ParticipationCallPage(PoleFormPage):
    """A call for participation that gathers the working group of one chantier."""

    chantier = models.ForeignKey(
        "pole_pages.ChantierPage",
        verbose_name=_("chantier"),
        on_delete=models.PROTECT,
        related_name="participation_calls",
        help_text=_(
            "Le chantier dont cet appel constitue le groupe de travail ; l'appel s'affiche sur sa page."
        ),
    )
    capacity = models.PositiveSmallIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Laissez vide s'il n'y a pas de limite ; au-delà, proposez la liste d'attente."),
    )

    parent_page_types = ["pole_pages.HomePage", "pole_pages.ContentPage"]
    subpage_types = []
    template = "pole_forms/participation_call_page.html"

    content_panels = (
        Page.content_panels + [FieldPanel("chantier"), FieldPanel("capacity")] + PoleFormPage.form_panels
    )

    submission_statuses = [
        SubmissionStatus.RECEIVED,
        SubmissionStatus.ACCEPTED,
        SubmissionStatus.WAITING_LIST,
        SubmissionStatus.DECLINED,
    ]

    class Meta:
        verbose_name = _("appel à participation")
        verbose_name_plural = _("appels à participation")

    def accepted_count(self):
        return self.get_submissions().filter(status=SubmissionStatus.ACCEPTED).count()

    def places_left(self):
        """Places still free, or None when the call has no capacity."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.accepted_count(), 0)
