"""Factories for the form pages of pole_forms and their submissions.

Each form page comes with the fields of the seed's process: who answers (first name, last name,
email) and what they propose or offer; `fields=[]` gives a form with the consent checkbox only.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from pole_forms.choices import FieldPurpose, SubmissionStatus
from pole_forms.models import ConsultationPage, FormField, ParticipationCallPage, Submission

from .pages import ChantierPageFactory, HomePageFactory, PolePageFactory

PERSON_FIELDS = [
    {"label": "Prénom", "field_type": "singleline", "purpose": FieldPurpose.FIRST_NAME},
    {"label": "Nom", "field_type": "singleline", "purpose": FieldPurpose.LAST_NAME},
    {"label": "Courriel", "field_type": "email", "purpose": FieldPurpose.EMAIL},
]

CONSULTATION_FIELDS = PERSON_FIELDS + [
    {"label": "Thème proposé", "field_type": "singleline", "purpose": FieldPurpose.PROPOSAL_TITLE},
    {"label": "Description", "field_type": "multiline", "purpose": FieldPurpose.PROPOSAL_DESCRIPTION},
    {
        "label": "Axes concernés",
        "field_type": "checkboxes",
        "required": False,
        "choices": "Observation\nRessources\nÉchanges et préconisations",
    },
]

CALL_FIELDS = PERSON_FIELDS + [
    {"label": "Structure", "field_type": "singleline", "required": False},
    {"label": "Disponibilités", "field_type": "radio", "choices": "En semaine, Le week-end"},
]


def add_fields(page, create, specs):
    if create:
        for order, spec in enumerate(specs):
            FormField.objects.create(page=page, sort_order=order, **{"required": True, **spec})


class FormPageFactory(PolePageFactory):
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    to_address = "equipe@exemple.fr"
    honeypot = True
    thank_you_text = "<p>Merci ! L'équipe revient vers vous rapidement.</p>"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        abstract = True


class ConsultationPageFactory(FormPageFactory):
    title = "Consultation : proposez un chantier"
    intro = "<p>Proposez les thèmes que le réseau pourrait travailler cette année.</p>"

    @factory.post_generation
    def fields(page, create, extracted, **kwargs):
        add_fields(page, create, CONSULTATION_FIELDS if extracted is None else extracted)

    class Meta:
        model = ConsultationPage
        skip_postgeneration_save = True


class ParticipationCallPageFactory(FormPageFactory):
    title = "Appel à participation : chantier mobilité"
    intro = "<p>Rejoignez le groupe de travail du chantier mobilité.</p>"
    chantier = factory.SubFactory(ChantierPageFactory)

    @factory.post_generation
    def fields(page, create, extracted, **kwargs):
        add_fields(page, create, CALL_FIELDS if extracted is None else extracted)

    class Meta:
        model = ParticipationCallPage
        skip_postgeneration_save = True


class SubmissionFactory(DjangoModelFactory):
    page = factory.SubFactory(ConsultationPageFactory)
    email = factory.Sequence(lambda n: f"adherent{n}@exemple.fr")
    status = SubmissionStatus.NEW
    form_data = factory.LazyAttribute(
        lambda o: {
            "prenom": "Lou",
            "nom": "Martin",
            "courriel": o.email,
            "theme_propose": "Mobilité douce des publics",
            "description": "Mutualiser des navettes entre les tiers-lieux ruraux.",
            "axes_concernes": ["Ressources"],
            "consent": True,
        }
    )

    class Meta:
        model = Submission

    class Params:
        # A candidate answering a call for participation.
        candidate = factory.Trait(
            page=factory.SubFactory(ParticipationCallPageFactory),
            status=SubmissionStatus.RECEIVED,
            form_data=factory.LazyAttribute(
                lambda o: {
                    "prenom": "Inès",
                    "nom": "Robert",
                    "courriel": o.email,
                    "structure": "Compagnie Les Arts Nomades",
                    "disponibilites": "En semaine",
                    "consent": True,
                }
            ),
        )
