from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pole_forms.choices import SubmissionStatus
from pole_forms.models import Submission
from tests.factories.forms import ConsultationPageFactory, ParticipationCallPageFactory
from tests.factories.pages import ChantierPageFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "prenom": "Lou",
    "nom": "Martin",
    "courriel": "lou.martin@exemple.fr",
    "theme_propose": "Mobilité douce des publics",
    "description": "Mutualiser des navettes entre les tiers-lieux ruraux.",
    "axes_concernes": ["Ressources", "Observation"],
    "consent": True,
}


def url(page):
    return f"/api/v1/forms/{page.pk}/"


def submit(client, page, data=None, **headers):
    return client.post(
        f"{url(page)}submissions/",
        ANSWERS if data is None else data,
        content_type="application/json",
        **headers,
    )


def restrict_to_members(page):
    members = Group.objects.create(name="Adhérent·es")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(members)
    return members


# The schema


def test_schema_gives_fields_window_audience_and_consent(client, consultation):
    response = client.get(url(consultation))

    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "consultation"
    assert body["audience"] == "public"
    assert body["window"]["state"] == "open"
    assert body["window"]["is_open"] is True
    assert body["consent"]["name"] == "consent"
    assert body["consent"]["required"] is True
    assert "conserve ces informations" in body["consent"]["label"]
    assert body["honeypot_field"] == "whf_name"
    fields = {field["name"]: field for field in body["fields"]}
    assert list(fields) == ["prenom", "nom", "courriel", "theme_propose", "description", "axes_concernes"]
    assert fields["courriel"]["type"] == "email"
    assert fields["axes_concernes"]["choices"] == ["Observation", "Ressources", "Échanges et préconisations"]
    assert fields["axes_concernes"]["required"] is False


def test_schema_of_a_call_names_its_chantier_and_capacity(client, home, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")
    call = ParticipationCallPageFactory(parent=home, chantier=chantier, capacity=12)

    body = client.get(url(call)).json()

    assert body["kind"] == "participationcall"
    assert body["chantier"]["id"] == chantier.pk
    assert body["capacity"] == 12


def test_schema_of_a_form_not_yet_open_says_when(client, consultation):
    consultation.opens_at = timezone.now() + timedelta(days=2)
    consultation.save()

    window = client.get(url(consultation)).json()["window"]

    assert window["state"] == "not_yet_open"
    assert window["message"].startswith("Ce formulaire ouvrira le")


def test_page_that_is_not_a_form_answers_404(client, home):
    assert client.get(f"/api/v1/forms/{home.pk}/").status_code == 404
    assert submit(client, home).status_code == 404


def test_draft_form_answers_404(client, consultation):
    consultation.unpublish()

    assert client.get(url(consultation)).status_code == 404
    assert submit(client, consultation).status_code == 404


def test_members_only_schema_answers_401_to_visitors(client, consultation):
    restrict_to_members(consultation)

    response = client.get(url(consultation))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


# Submitting


def test_valid_submission_answers_201_with_the_id_of_the_stored_row(client, consultation):
    response = submit(client, consultation)

    assert response.status_code == 201
    submission = Submission.objects.get()
    assert response.json()["id"] == submission.pk
    assert submission.status == SubmissionStatus.NEW
    assert submission.form_data["axes_concernes"] == ["Ressources", "Observation"]


def test_missing_required_field_answers_400_with_its_french_message(client, consultation):
    response = submit(client, consultation, {**ANSWERS, "theme_propose": ""})

    assert response.status_code == 400
    assert response.json()["errors"] == {"theme_propose": ["Champ requis."]}
    assert not Submission.objects.exists()


def test_invalid_email_answers_400(client, consultation):
    response = submit(client, consultation, {**ANSWERS, "courriel": "lou"})

    assert response.json()["errors"] == {"courriel": ["Saisissez une adresse e-mail valide."]}


def test_unknown_choice_answers_400(client, consultation):
    response = submit(client, consultation, {**ANSWERS, "axes_concernes": ["Cuisine"]})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["axes_concernes"]


def test_missing_consent_answers_400(client, consultation):
    response = submit(client, consultation, {**ANSWERS, "consent": False})

    assert response.json()["errors"] == {"consent": ["Cochez cette case pour envoyer le formulaire."]}


def test_unknown_field_answers_400(client, consultation):
    response = submit(client, consultation, {**ANSWERS, "age": 42})

    assert response.json()["errors"] == {"age": ["Ce champ n'existe pas dans ce formulaire."]}


def test_body_that_is_not_a_json_object_answers_400(client, consultation):
    response = submit(client, consultation, "[1, 2]")

    assert response.status_code == 400
    assert response.json()["detail"] == "Le corps de la requête doit être un objet JSON."


def test_members_only_form_answers_401_to_visitors(client, consultation):
    restrict_to_members(consultation)

    assert submit(client, consultation).status_code == 401
    assert not Submission.objects.exists()


def test_members_only_form_answers_403_outside_the_group(client, consultation, django_user_model):
    restrict_to_members(consultation)
    client.force_login(django_user_model.objects.create_user("visiteur", "v@exemple.fr", "x"))

    assert client.get(url(consultation)).status_code == 403
    assert submit(client, consultation).status_code == 403


def test_members_only_form_accepts_a_member(client, consultation, django_user_model):
    members = restrict_to_members(consultation)
    member = django_user_model.objects.create_user("adherent", "adherent@exemple.fr", "x")
    member.groups.add(members)
    client.force_login(member)

    assert submit(client, consultation).status_code == 201


def test_form_not_yet_open_answers_409(client, consultation):
    consultation.opens_at = timezone.now() + timedelta(days=2)
    consultation.save()

    response = submit(client, consultation)

    assert response.status_code == 409
    assert response.json()["detail"].startswith("Ce formulaire ouvrira le")
    assert not Submission.objects.exists()


def test_closed_form_answers_409(client, consultation):
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()

    assert submit(client, consultation).status_code == 409


def test_body_over_the_size_limit_answers_413(client, consultation, settings):
    settings.POLE_FORMS_MAX_BODY_BYTES = 1000

    response = submit(client, consultation, {**ANSWERS, "description": "x" * 2000})

    assert response.status_code == 413
    assert not Submission.objects.exists()


def test_too_many_submissions_from_one_client_answer_429(client, consultation, settings):
    settings.POLE_FORMS_THROTTLE = "2/60"

    statuses = [submit(client, consultation).status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    assert Submission.objects.count() == 2


def test_throttling_counts_each_form_apart(client, consultation, home, settings):
    settings.POLE_FORMS_THROTTLE = "1/60"
    other = ConsultationPageFactory(parent=home, slug="enquete")

    assert submit(client, consultation).status_code == 201
    assert submit(client, other).status_code == 201
    assert submit(client, consultation).status_code == 429


def test_retried_post_with_the_same_idempotency_key_returns_the_first_answer(client, consultation):
    first = submit(client, consultation, HTTP_IDEMPOTENCY_KEY="8c1f0d2e")
    retry = submit(client, consultation, HTTP_IDEMPOTENCY_KEY="8c1f0d2e")

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert Submission.objects.count() == 1


def test_another_idempotency_key_stores_another_submission(client, consultation):
    submit(client, consultation, HTTP_IDEMPOTENCY_KEY="first")
    submit(client, consultation, HTTP_IDEMPOTENCY_KEY="second")

    assert Submission.objects.count() == 2


def test_filled_honeypot_answers_like_a_success_and_stores_nothing(client, consultation):
    response = submit(client, consultation, {**ANSWERS, "whf_name": "http://spam.example"})

    assert response.status_code == 201
    assert not Submission.objects.exists()


def test_cross_origin_post_from_an_unlisted_origin_answers_403(client, consultation, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.exemple.fr"]

    response = submit(client, consultation, HTTP_ORIGIN="https://ailleurs.example")

    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_cross_origin_post_from_a_front_end_is_accepted(client, consultation, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.exemple.fr"]

    assert submit(client, consultation, HTTP_ORIGIN="https://front.exemple.fr").status_code == 201


def test_openapi_documents_both_form_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "/api/v1/forms/{form_id}/" in paths
    responses = paths["/api/v1/forms/{form_id}/submissions/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409", "413", "429"} <= set(responses)


def test_schema_is_shared_briefly_since_opening_depends_on_the_clock(client, consultation):
    response = client.get(url(consultation))

    assert response["Cache-Control"] == "public, max-age=60"
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save_revision().publish()
    assert client.get(url(consultation)).json()["window"]["is_open"] is False
