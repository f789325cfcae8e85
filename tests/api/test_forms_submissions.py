"""Submissions through the API: strict JSON types, body checks before parsing, idempotency, answers."""

import json
import math

import pytest

from pole_forms.models import Submission
from tests.api.test_forms_api import ANSWERS, submit, url
from tests.factories.forms import ConsultationPageFactory

pytestmark = pytest.mark.django_db

TYPED_FIELDS = [
    {"label": "Texte", "field_type": "singleline"},
    {"label": "Paragraphe", "field_type": "multiline", "required": False},
    {"label": "Courriel", "field_type": "email", "required": False},
    {"label": "Nombre", "field_type": "number", "required": False},
    {"label": "Case", "field_type": "checkbox", "required": False},
    {"label": "Cases", "field_type": "checkboxes", "choices": "A\nB", "required": False},
    {"label": "Liste", "field_type": "dropdown", "choices": "A\nB", "required": False},
]


@pytest.fixture
def typed_form(home):
    return ConsultationPageFactory(parent=home, slug="types", fields=TYPED_FIELDS)


def post_raw(client, page, body, content_type="application/json", **extra):
    return client.generic("POST", f"{url(page)}submissions/", body, content_type=content_type, **extra)


def field_errors(client, page, answers):
    response = submit(client, page, json.dumps(answers))
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Submission.objects.exists()
    return response.json()["errors"]


# Strict types: each field takes its JSON type only


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("texte", ["a", "b"], "Entrez un texte."),
        ("texte", {"a": 1}, "Entrez un texte."),
        ("texte", 12, "Entrez un texte."),
        ("texte", True, "Entrez un texte."),
        ("liste", ["A"], "Entrez un texte."),
        ("case", "on", "Entrez true ou false."),
        ("case", 1, "Entrez true ou false."),
        ("cases", "A", "Entrez une liste de textes."),
        ("cases", [1], "Entrez une liste de textes."),
        ("nombre", "12", "Entrez un nombre."),
        ("nombre", True, "Entrez un nombre."),
        ("nombre", [1], "Entrez un nombre."),
    ],
)
def test_value_of_another_json_type_is_refused_for_its_field(client, typed_form, field, value, message):
    errors = field_errors(client, typed_form, {"texte": "ok", "consent": True, field: value})

    assert errors == {field: [message]}


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused(client, typed_form, value):
    # json.dumps writes NaN, Infinity and -Infinity, which Python's parser reads back.
    errors = field_errors(client, typed_form, {"texte": "ok", "consent": True, "nombre": value})

    assert errors == {"nombre": ["Entrez un nombre fini."]}


def test_a_finite_number_is_stored(client, typed_form):
    response = submit(client, typed_form, {"texte": "ok", "consent": True, "nombre": 12.5, "case": True})

    assert response.status_code == 201
    stored = Submission.objects.get().form_data
    assert (stored["nombre"], stored["case"]) == ("12.5", True)


@pytest.mark.parametrize("value", ["non", "true", "on", 0, 1, {"given": True}, ["true"], math.nan])
def test_consent_is_given_by_json_true_only(client, consultation, value):
    errors = field_errors(client, consultation, {**ANSWERS, "consent": value})

    assert errors == {"consent": ["Seule la valeur true donne le consentement."]}


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("texte", "a\x00b", "0000"),
        ("texte", "a\tb", "0009"),
        ("texte", "a\nb", "000A"),
        ("texte", "a\x7fb", "007F"),
        ("texte", "a\ud800b", "D800"),
        ("paragraphe", "a\x07b", "0007"),
        ("paragraphe", "a\udfffb", "DFFF"),
        ("liste", "A\ud800", "D800"),
        ("cases", ["A", "\x1b"], "001B"),
    ],
)
def test_control_characters_and_lone_surrogates_are_refused(client, typed_form, field, value, code):
    errors = field_errors(client, typed_form, {"texte": "ok", "consent": True, field: value})

    assert errors == {field: [f"Ce texte contient un caractère non permis (U+{code})."]}


def test_a_multiline_text_keeps_tabs_and_line_breaks(client, typed_form):
    text = "Ligne 1\r\n\tLigne 2"

    response = submit(client, typed_form, {"texte": "ok", "consent": True, "paragraphe": text})

    assert response.status_code == 201
    assert Submission.objects.get().form_data["paragraphe"] == text


def test_unknown_field_with_a_lone_surrogate_is_named_escaped(client, consultation):
    errors = field_errors(client, consultation, {**ANSWERS, "a\ud800": "x"})

    assert errors == {"a\\ud800": ["Ce champ n'existe pas dans ce formulaire."]}


def test_email_longer_than_its_column_is_refused(client, consultation):
    email = f"{'a' * 60}.{'b' * 60}@{'c' * 60}.{'d' * 60}.{'e' * 50}.fr"
    assert len(email) > 254

    errors = field_errors(client, consultation, {**ANSWERS, "courriel": email})

    assert list(errors) == ["courriel"]
    assert "au plus 254 caractères" in errors["courriel"][0]


def test_html_form_refuses_control_characters_too(client, consultation):
    answers = {**ANSWERS, "consent": "on", "whf_time": "1000000000", "theme_propose": "Mobilité\x07"}

    response = client.post(consultation.url, answers)

    assert response.status_code == 400
    assert not Submission.objects.exists()


# Body checks, before parsing


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1", ""],
)
def test_body_that_is_not_declared_json_answers_415(client, consultation, content_type):
    response = post_raw(client, consultation, json.dumps(ANSWERS), content_type=content_type)

    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON;charset=UTF-8"]
)
def test_json_with_a_utf8_charset_is_accepted(client, consultation, content_type):
    assert post_raw(client, consultation, json.dumps(ANSWERS), content_type=content_type).status_code == 201


def test_declared_length_over_the_limit_answers_413_before_reading(client, consultation, settings):
    settings.POLE_FORMS_MAX_BODY_BYTES = 1000

    response = post_raw(client, consultation, json.dumps(ANSWERS), CONTENT_LENGTH="5000")

    assert response.status_code == 413


def test_chunked_body_without_length_answers_411(client, consultation):
    # What a WSGI server gives Django for `Transfer-Encoding: chunked`: no Content-Length.
    response = post_raw(
        client, consultation, json.dumps(ANSWERS), CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked"
    )

    assert response.status_code == 411
    assert not Submission.objects.exists()


@pytest.mark.parametrize("depth", [33, 20_000])
def test_body_nested_too_deep_answers_400(client, consultation, depth):
    body = json.dumps({**ANSWERS, "nom": "x"})[:-1] + ', "extra": ' + "[" * depth + "]" * depth + "}"

    response = post_raw(client, consultation, body)

    assert response.status_code == 400
    assert "imbriqué" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting(client, consultation):
    response = submit(client, consultation, {**ANSWERS, "description": "[" * 200 + "{" * 200})

    assert response.status_code == 201


@pytest.mark.parametrize("body", [b'{"nom": "\xff"}', b"\xc3\x28", b'{"nom": "\xed\xa0\x80"}'])
def test_body_that_is_not_utf8_answers_400(client, consultation, body):
    response = post_raw(client, consultation, body)

    assert response.status_code == 400
    assert response.json()["detail"] == "Le corps de la requête n'est pas un texte UTF-8 valide."


@pytest.mark.parametrize("body", ["{", "1" * 5000, '{"nom": "x",}'])
def test_body_that_is_not_json_answers_400(client, consultation, body):
    response = post_raw(client, consultation, body)

    assert response.status_code == 400
    assert not Submission.objects.exists()


# Idempotency


def test_same_key_with_other_answers_answers_422_and_stores_nothing(client, consultation):
    first = submit(client, consultation, HTTP_IDEMPOTENCY_KEY="clé-1")

    retry = submit(client, consultation, {**ANSWERS, "nom": "Durand"}, HTTP_IDEMPOTENCY_KEY="clé-1")

    assert first.status_code == 201
    assert retry.status_code == 422
    assert retry["Content-Type"] == "application/problem+json"
    assert list(retry.json()["errors"]) == ["Idempotency-Key"]
    assert Submission.objects.get().form_data["nom"] == "Martin"


def test_same_key_with_invalid_answers_answers_422(client, consultation):
    submit(client, consultation, HTTP_IDEMPOTENCY_KEY="clé-1")

    retry = submit(client, consultation, {**ANSWERS, "courriel": "lou"}, HTTP_IDEMPOTENCY_KEY="clé-1")

    assert retry.status_code == 422
    assert Submission.objects.count() == 1


def test_same_key_with_the_same_answers_in_another_order_returns_the_first_answer(client, consultation):
    first = submit(client, consultation, HTTP_IDEMPOTENCY_KEY="clé-1")
    reordered = dict(reversed(list(ANSWERS.items())))

    retry = submit(client, consultation, reordered, HTTP_IDEMPOTENCY_KEY="clé-1")

    assert (retry.status_code, retry.json()) == (201, first.json())


def test_key_longer_than_its_column_answers_400(client, consultation):
    response = submit(client, consultation, HTTP_IDEMPOTENCY_KEY="k" * 256)

    assert response.status_code == 400
    assert response.json()["errors"] == {"Idempotency-Key": ["255 caractères au plus."]}
    assert not Submission.objects.exists()


def test_key_of_255_characters_is_kept_whole(client, consultation):
    key = "k" * 255

    submit(client, consultation, HTTP_IDEMPOTENCY_KEY=key)

    assert Submission.objects.get().idempotency_key == key


def test_openapi_documents_the_key_header_with_its_limit(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/forms/{form_id}/submissions/"][
        "post"
    ]

    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header"
    assert header["schema"]["maxLength"] == 255
    assert header["description"]
    assert {"400", "411", "413", "415", "422", "429"} <= set(operation["responses"])
    assert "Retry-After" in operation["responses"]["429"]["headers"]


# Answers


def test_answer_is_the_editors_confirmation_text(client, consultation):
    consultation.thank_you_text = "<p>Merci ! Nous lisons chaque proposition.</p>"
    consultation.save()

    response = submit(client, consultation)

    assert response.json()["message"] == "<p>Merci ! Nous lisons chaque proposition.</p>"


def test_answer_without_an_editors_text_is_the_html_forms_default(client, consultation):
    consultation.thank_you_text = ""
    consultation.save()

    response = submit(client, consultation)

    assert response.json()["message"] == "<p>L'équipe du réseau l'a bien reçue.</p>"


def test_throttled_answer_says_when_to_retry(client, consultation, settings):
    settings.POLE_FORMS_THROTTLE = "1/600"
    submit(client, consultation)

    response = submit(client, consultation)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
