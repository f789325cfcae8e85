"""Every answer of /api/v1/ matches what the OpenAPI document publishes for its path, method and status.

The cases come from the document: each documented answer (success or error) needs a request below
that gets it, so a new endpoint or status without one fails here. JSON bodies are checked against
the published schema, `$ref`s resolved in the document itself and formats (`date-time`) checked;
the iCalendar answers (`.ics`), for their media type only.
"""

import json
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site
from wagtail_factories import DocumentFactory

from pole_directory.models import PersonRole
from pole_forms.choices import SubmissionStatus
from pole_pages import preview
from pole_pages.choices import (
    AccessibilityStatus,
    ActionStatus,
    Audience,
    DeliverableStatus,
    EventKind,
    MemberRole,
    MissionHolder,
    Priority,
    ProgressSource,
    TargetPeriod,
)
from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import NetworkSettings
from pole_site.api import api
from tests.api.conftest import make_account, schema_validator, sign_in, token_headers
from tests.factories import (
    AxisFactory,
    ChantierMemberFactory,
    ChantierPageFactory,
    ContentPageFactory,
    EventPageFactory,
    GovernanceDocumentPageFactory,
    ImageFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    ResourcePageFactory,
)
from tests.factories.forms import ParticipationCallPageFactory, SubmissionFactory
from tests.factories.pages import PARIS

pytestmark = pytest.mark.django_db

MISSING = 999_999
# An answer to the call for participation of the network.
ANSWERS = {
    "prenom": "Inès",
    "nom": "Robert",
    "courriel": "ines.robert@exemple.fr",
    "structure": "Compagnie Les Arts Nomades",
    "disponibilites": "En semaine",
    "consent": True,
}


def documented_answers():
    """(method, path, status) of every answer the document publishes."""
    document = api.get_openapi_schema()
    return [
        (method.upper(), path, int(status))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in operation["responses"]
    ]


# The network every request reads: one of each thing, with every optional part filled in.


def streamfield(block_type, values):
    return [{"type": block_type, "value": value} for value in values]


@pytest.fixture
def network(home, chantier_index, resource_index, event_index):
    chantier_index.show_in_menus = True
    chantier_index.save()
    NetworkSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "organisation_name": "Pôle Tiers-Lieux",
            "logo": ImageFactory(),
            "contact_email": "contact@pole.example",
            "mastodon_url": "https://mastodon.example/@pole",
            "accessibility_status": AccessibilityStatus.PARTIALLY_COMPLIANT,
            "accessibility_statement": ContentPageFactory(parent=home, title="Accessibilité"),
        },
    )
    axis = AxisFactory(name="Mutualiser les ressources")
    organisation = OrganisationFactory(logo=ImageFactory())
    person = PersonFactory(
        with_photo=True,
        organisation=organisation,
        roles=[PersonRole.CO_PRESIDENT.value],
        email_is_public=True,
    )
    place = PlaceFactory(image=ImageFactory(), organisation=organisation)
    chantier = ChantierPageFactory(
        parent=chantier_index,
        title="Le chantier mobilité",
        slug="mobilite",
        status=ChantierStatus.ONGOING,
        image=ImageFactory(),
        co_president_referent=person,
        staff_referent=person,
        axes=[axis],
    )
    resource = ResourcePageFactory(
        parent=resource_index,
        chantier=chantier,
        owner_organisation=organisation,
        axes=[axis],
        body=streamfield("image", [{"image": ImageFactory().pk, "decorative": False, "alt_text": "Un vélo"}])
        + streamfield("paragraph", ["<p>Le guide, pas à pas.</p>"]),
        attachments=streamfield("document", [DocumentFactory().pk])
        + streamfield("link", [{"title": "La carte des trajets", "url": "https://carte.example/"}]),
    )
    event = EventPageFactory(
        parent=event_index,
        chantier=chantier,
        place=place,
        monthly_apero=True,
        start=datetime(2030, 1, 3, 18, 30, tzinfo=PARIS),
        end=datetime(2030, 1, 3, 20, 30, tzinfo=PARIS),
        recurrence_until=date(2030, 12, 31),
        body=streamfield("paragraph", ["<p>Chacun apporte un plat.</p>"]),
    )
    ChantierMemberFactory(page=chantier, person=person, role=MemberRole.PILOT)
    ChantierMemberFactory(page=chantier, person=None, organisation=organisation)
    chantier.board_members.set([person])
    chantier.body = streamfield("paragraph", ["<p>Se déplacer entre les tiers-lieux.</p>"])
    chantier.objectives = streamfield(
        "objective", [{"title": "Cartographier les trajets", "priority": Priority.HIGH, "description": ""}]
    )
    chantier.deliverables = streamfield(
        "deliverable",
        [
            {
                "title": "Le guide",
                "priority": Priority.MEDIUM,
                "due_date": "2025-12-01",
                "status": DeliverableStatus.IN_PROGRESS,
                "resource": resource.pk,
            }
        ],
    )
    chantier.missions = streamfield(
        "mission", [{"holder": MissionHolder.BOARD, "person": person.pk, "mission": "Relire le guide."}]
    )
    chantier.actions = streamfield(
        "action",
        [
            {
                "title": "Un apéro par mois",
                "axis": axis.pk,
                "owner": person.pk,
                "status": ActionStatus.IN_PROGRESS,
                "description": "",
                "target": {
                    "minimum": 1,
                    "maximum": None,
                    "unit": "apéro",
                    "period": TargetPeriod.MONTH,
                    "source": ProgressSource.EVENTS,
                    "event_kind": EventKind.APERO,
                    "achieved": None,
                },
                "events": [event.pk],
            }
        ],
    )
    chantier.recommendations = streamfield(
        "recommendation", [{"text": "<p>Ouvrir le soir.</p>", "audiences": [Audience.MEMBERS]}]
    )
    chantier.save_revision().publish()
    call = ParticipationCallPageFactory(parent=home, slug="appel-mobilite", chantier=chantier, capacity=12)
    return {
        "home": home,
        "chantier": chantier,
        "resource": resource,
        "event": event,
        "document": GovernanceDocumentPageFactory(parent=home, slug="statuts"),
        "organisation": organisation,
        "person": person,
        "place": place,
        "form": call,
    }


# One request for each documented answer. A case takes the test client, the network and pytest-django's
# `settings`, and returns the response.


def get(url, **params):
    """A GET of `url`, formatted with the ids of the network (`{chantier}`…) and MISSING."""

    def request(client, network, settings):
        ids = {name: item.pk for name, item in network.items()}
        return client.get(url.format(missing=MISSING, **ids), params)

    return request


def submit(client, network, settings, answers=ANSWERS):
    return client.post(
        f"/api/v1/forms/{network['form'].pk}/submissions/", answers, content_type="application/json"
    )


def members_only(page):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Adhérent·es"))


def as_visitor(request, page_name="form"):
    """`request` to the network's `page_name` kept for members, by a visitor who is not signed in."""

    def visitor_request(client, network, settings):
        members_only(network[page_name])
        return request(client, network, settings)

    return visitor_request


def as_non_member(request, page_name="form"):
    """`request` to the network's `page_name` kept for members, by someone signed in outside the members'
    group."""

    def non_member_request(client, network, settings):
        members_only(network[page_name])
        client.force_login(get_user_model().objects.create_user("visiteur", "v@exemple.fr", "x"))
        return request(client, network, settings)

    return non_member_request


def as_member(request):
    """`request` by the network's person, a member: their account sends the session token allauth's
    headless login gives; their answer to the call was retained into the chantier they work in."""

    def member_request(client, network, settings):
        person = network["person"]
        person.account = make_account(person.email)
        person.phone = "02 99 00 00 00"
        person.save()
        SubmissionFactory(
            page=network["form"],
            user=person.account,
            email=person.email,
            status=SubmissionStatus.RETAINED,
            decision_reason="Le CA l'a retenue.",
            chantier=network["chantier"],
        )
        token = sign_in(client, person.email)
        return request(Client(headers=token_headers(token)), network, settings)

    return member_request


def with_an_unknown_token(request):
    """`request` sending a session token allauth does not know (expired, signed out)."""

    def unknown_token_request(client, network, settings):
        return request(Client(headers=token_headers("inconnu")), network, settings)

    return unknown_token_request


def submit_an_invalid_email(client, network, settings):
    return submit(client, network, settings, {**ANSWERS, "courriel": "ines"})


def submit_to_a_missing_form(client, network, settings):
    return client.post(f"/api/v1/forms/{MISSING}/submissions/", ANSWERS, content_type="application/json")


def submit_to_a_closed_form(client, network, settings):
    network["form"].closes_at = timezone.now() - timedelta(minutes=1)
    network["form"].save()
    return submit(client, network, settings)


def submit_too_much(client, network, settings):
    settings.POLE_FORMS_MAX_BODY_BYTES = 1000
    return submit(client, network, settings, {**ANSWERS, "structure": "x" * 2000})


def submit_as_text(client, network, settings):
    return client.post(
        f"/api/v1/forms/{network['form'].pk}/submissions/", json.dumps(ANSWERS), content_type="text/plain"
    )


def submit_chunked(client, network, settings):
    """A body announced as chunked, without a Content-Length."""
    return client.post(
        f"/api/v1/forms/{network['form'].pk}/submissions/",
        ANSWERS,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        CONTENT_LENGTH="",
    )


def submit_twice_with_one_key(client, network, settings):
    """The same Idempotency-Key sent again with other answers."""
    url = f"/api/v1/forms/{network['form'].pk}/submissions/"
    key = {"Idempotency-Key": "contract-1"}
    client.post(url, ANSWERS, content_type="application/json", headers=key)
    return client.post(url, {**ANSWERS, "nom": "Autre"}, content_type="application/json", headers=key)


def submit_too_often(client, network, settings):
    settings.POLE_FORMS_THROTTLE = "1/60"
    submit(client, network, settings)
    return submit(client, network, settings)


def patch_card(body, content_type="application/json", **extra):
    """A PATCH of the member's card with `body`, sent as JSON text."""

    def request(client, network, settings):
        return client.patch("/api/v1/me/card/", json.dumps(body), content_type=content_type, **extra)

    return request


def preview_of(page_name, *, forged=False, deleted=False):
    """The preview of a draft of `page_name`, through its token (altered if `forged`), or after the
    page is deleted."""

    def request(client, network, settings):
        page = network[page_name]
        page.title = f"{page.title} (brouillon)"
        page.save_revision()
        token = preview.make_token(page)
        if forged:
            token = token[:-1] + ("A" if token[-1] != "A" else "B")
        if deleted:
            page.delete()
        return client.get("/api/v1/preview/", {"token": token})

    return request


CASES = {
    ("GET", "/api/v1/axes/", 200): get("/api/v1/axes/"),
    ("GET", "/api/v1/axes/", 400): get("/api/v1/axes/", inconnu="1"),
    ("GET", "/api/v1/chantiers/", 200): get("/api/v1/chantiers/"),
    ("GET", "/api/v1/chantiers/", 400): get("/api/v1/chantiers/", status="inconnu"),
    ("GET", "/api/v1/chantiers/{page_id}/", 200): get("/api/v1/chantiers/{chantier}/"),
    ("GET", "/api/v1/chantiers/{page_id}/", 404): get("/api/v1/chantiers/{missing}/"),
    ("GET", "/api/v1/documents/", 200): get("/api/v1/documents/"),
    ("GET", "/api/v1/documents/", 400): get("/api/v1/documents/", kind="inconnu"),
    ("GET", "/api/v1/documents/{page_id}/", 200): get("/api/v1/documents/{document}/"),
    ("GET", "/api/v1/documents/{page_id}/", 404): get("/api/v1/documents/{missing}/"),
    ("GET", "/api/v1/events.ics", 200): get("/api/v1/events.ics"),
    ("GET", "/api/v1/events.ics", 400): get("/api/v1/events.ics", **{"from": "hier"}),
    ("GET", "/api/v1/events/", 200): get("/api/v1/events/", **{"from": "2030-01-01", "to": "2030-12-31"}),
    ("GET", "/api/v1/events/", 400): get("/api/v1/events/", **{"from": "hier"}),
    ("GET", "/api/v1/events/{page_id}.ics", 200): get("/api/v1/events/{event}.ics"),
    ("GET", "/api/v1/events/{page_id}.ics", 404): get("/api/v1/events/{missing}.ics"),
    ("GET", "/api/v1/events/{page_id}/", 200): get("/api/v1/events/{event}/"),
    ("GET", "/api/v1/events/{page_id}/", 404): get("/api/v1/events/{missing}/"),
    ("GET", "/api/v1/forms/{form_id}/", 200): get("/api/v1/forms/{form}/"),
    ("GET", "/api/v1/forms/{form_id}/", 401): as_visitor(get("/api/v1/forms/{form}/")),
    ("GET", "/api/v1/forms/{form_id}/", 403): as_non_member(get("/api/v1/forms/{form}/")),
    ("GET", "/api/v1/forms/{form_id}/", 404): get("/api/v1/forms/{missing}/"),
    ("POST", "/api/v1/forms/{form_id}/submissions/", 201): submit,
    ("POST", "/api/v1/forms/{form_id}/submissions/", 400): submit_an_invalid_email,
    ("POST", "/api/v1/forms/{form_id}/submissions/", 401): as_visitor(submit),
    ("POST", "/api/v1/forms/{form_id}/submissions/", 403): as_non_member(submit),
    ("POST", "/api/v1/forms/{form_id}/submissions/", 404): submit_to_a_missing_form,
    ("POST", "/api/v1/forms/{form_id}/submissions/", 409): submit_to_a_closed_form,
    ("POST", "/api/v1/forms/{form_id}/submissions/", 413): submit_too_much,
    ("POST", "/api/v1/forms/{form_id}/submissions/", 429): submit_too_often,
    ("POST", "/api/v1/forms/{form_id}/submissions/", 411): submit_chunked,
    ("POST", "/api/v1/forms/{form_id}/submissions/", 415): submit_as_text,
    ("POST", "/api/v1/forms/{form_id}/submissions/", 422): submit_twice_with_one_key,
    ("GET", "/api/v1/forms/", 200): get("/api/v1/forms/"),
    ("GET", "/api/v1/forms/", 400): get("/api/v1/forms/", kind="sondage"),
    ("GET", "/api/v1/organisations/", 200): get("/api/v1/organisations/"),
    ("GET", "/api/v1/organisations/", 400): get("/api/v1/organisations/", inconnu="1"),
    ("GET", "/api/v1/organisations/{organisation_id}/", 200): get("/api/v1/organisations/{organisation}/"),
    ("GET", "/api/v1/organisations/{organisation_id}/", 404): get("/api/v1/organisations/{missing}/"),
    ("GET", "/api/v1/pages/find/", 200): get("/api/v1/pages/find/", path="/chantiers/mobilite/"),
    ("GET", "/api/v1/pages/find/", 400): get("/api/v1/pages/find/"),
    ("GET", "/api/v1/pages/find/", 404): get("/api/v1/pages/find/", path="/nulle-part/"),
    ("GET", "/api/v1/people/", 200): get("/api/v1/people/"),
    ("GET", "/api/v1/people/", 400): get("/api/v1/people/", limit="beaucoup"),
    ("GET", "/api/v1/people/{person_id}/", 200): get("/api/v1/people/{person}/"),
    ("GET", "/api/v1/people/{person_id}/", 404): get("/api/v1/people/{missing}/"),
    ("GET", "/api/v1/places.geojson", 200): get("/api/v1/places.geojson"),
    ("GET", "/api/v1/places.geojson", 400): get("/api/v1/places.geojson", bbox="1,2,3"),
    ("GET", "/api/v1/preview/", 200): preview_of("chantier"),
    ("GET", "/api/v1/preview/", 400): get("/api/v1/preview/", token="pas-un-jeton"),
    ("GET", "/api/v1/preview/", 403): preview_of("resource", forged=True),
    ("GET", "/api/v1/preview/", 404): preview_of("event", deleted=True),
    ("GET", "/api/v1/resources/", 200): get("/api/v1/resources/"),
    ("GET", "/api/v1/resources/", 400): get("/api/v1/resources/", audience="inconnu"),
    ("GET", "/api/v1/resources/{page_id}/", 200): get("/api/v1/resources/{resource}/"),
    ("GET", "/api/v1/resources/{page_id}/", 401): as_visitor(
        get("/api/v1/resources/{resource}/"), "resource"
    ),
    ("GET", "/api/v1/resources/{page_id}/", 403): as_non_member(
        get("/api/v1/resources/{resource}/"), "resource"
    ),
    ("GET", "/api/v1/resources/{page_id}/", 404): get("/api/v1/resources/{missing}/"),
    ("GET", "/api/v1/search/", 200): get("/api/v1/search/", q="mobilité"),
    ("GET", "/api/v1/search/", 400): get("/api/v1/search/", q="x" * 201),
    ("GET", "/api/v1/site/", 200): get("/api/v1/site/"),
    ("GET", "/api/v1/site/", 400): get("/api/v1/site/", inconnu="1"),
    ("GET", "/api/v1/pages/{page_id}/", 200): get("/api/v1/pages/{home}/"),
    ("GET", "/api/v1/pages/{page_id}/", 400): get("/api/v1/pages/0/"),
    ("GET", "/api/v1/pages/{page_id}/", 404): get("/api/v1/pages/{missing}/"),
    ("GET", "/api/v1/places/{place_id}/", 200): get("/api/v1/places/{place}/"),
    ("GET", "/api/v1/places/{place_id}/", 400): get("/api/v1/places/0/"),
    ("GET", "/api/v1/places/{place_id}/", 404): get("/api/v1/places/{missing}/"),
    # A member's own space: for the network's person signed in as a member, else 401.
    ("GET", "/api/v1/me/", 200): as_member(get("/api/v1/me/")),
    ("GET", "/api/v1/me/", 400): as_member(get("/api/v1/me/", inconnu="1")),
    ("GET", "/api/v1/me/", 401): get("/api/v1/me/"),
    ("GET", "/api/v1/me/submissions/", 200): as_member(get("/api/v1/me/submissions/")),
    ("GET", "/api/v1/me/submissions/", 400): as_member(get("/api/v1/me/submissions/", limit=101)),
    ("GET", "/api/v1/me/submissions/", 401): get("/api/v1/me/submissions/"),
    ("GET", "/api/v1/me/chantiers/", 200): as_member(get("/api/v1/me/chantiers/")),
    ("GET", "/api/v1/me/chantiers/", 400): as_member(get("/api/v1/me/chantiers/", limit="beaucoup")),
    ("GET", "/api/v1/me/chantiers/", 401): get("/api/v1/me/chantiers/"),
    ("GET", "/api/v1/me/forms/", 200): as_member(get("/api/v1/me/forms/")),
    ("GET", "/api/v1/me/forms/", 400): as_member(get("/api/v1/me/forms/", offset=-1)),
    ("GET", "/api/v1/me/forms/", 401): get("/api/v1/me/forms/"),
    ("GET", "/api/v1/me/export/", 200): as_member(get("/api/v1/me/export/")),
    ("GET", "/api/v1/me/export/", 400): as_member(get("/api/v1/me/export/", inconnu="1")),
    ("GET", "/api/v1/me/export/", 401): get("/api/v1/me/export/"),
    ("PATCH", "/api/v1/me/card/", 200): as_member(patch_card({"bio": "Régisseuse générale."})),
    ("PATCH", "/api/v1/me/card/", 400): as_member(patch_card({"bio": "x" * 601})),
    ("PATCH", "/api/v1/me/card/", 401): patch_card({"bio": "Régisseuse générale."}),
    ("PATCH", "/api/v1/me/card/", 411): as_member(
        patch_card({"bio": "x"}, headers={"Transfer-Encoding": "chunked"}, CONTENT_LENGTH="")
    ),
    ("PATCH", "/api/v1/me/card/", 413): as_member(patch_card({"bio": "x" * 70_000})),
    ("PATCH", "/api/v1/me/card/", 415): as_member(patch_card({"bio": "x"}, content_type="text/plain")),
    # A path parameter out of bounds (ids go from 1 to 2^63 - 1).
    ("GET", "/api/v1/chantiers/{page_id}/", 400): get("/api/v1/chantiers/0/"),
    ("GET", "/api/v1/documents/{page_id}/", 400): get("/api/v1/documents/0/"),
    ("GET", "/api/v1/events/{page_id}.ics", 400): get("/api/v1/events/0.ics"),
    ("GET", "/api/v1/events/{page_id}/", 400): get("/api/v1/events/0/"),
    ("GET", "/api/v1/forms/{form_id}/", 400): get("/api/v1/forms/0/"),
    ("GET", "/api/v1/organisations/{organisation_id}/", 400): get("/api/v1/organisations/0/"),
    ("GET", "/api/v1/people/{person_id}/", 400): get("/api/v1/people/0/"),
    ("GET", "/api/v1/resources/{page_id}/", 400): get("/api/v1/resources/0/"),
}


def revalidated(request):
    """`request` sent again with the `ETag` of its first answer: 304."""

    def conditional(client, network, settings):
        first = request(client, network, settings)
        url = f"{first.request['PATH_INFO']}?{first.request.get('QUERY_STRING', '')}"
        return client.get(url, headers={"If-None-Match": first["ETag"]})

    return conditional


CASES.update(
    {
        (method, path, 304): revalidated(CASES[method, path, 200])
        for method, path, status in documented_answers()
        if status == 304 and (method, path, 200) in CASES
    }
)


# A session token the server does not know answers 401 at any address.
CASES.update(
    {
        (method, path, 401): with_an_unknown_token(CASES[method, path, 200])
        for method, path, status in documented_answers()
        if status == 401 and (method, path, 401) not in CASES and (method, path, 200) in CASES
    }
)


def is_json(media_type):
    return media_type == "application/json" or media_type.endswith("+json")


@pytest.mark.parametrize(("method", "path", "status"), documented_answers())
def test_answer_matches_its_documented_schema(client, settings, network, method, path, status):
    if (method, path, status) not in CASES:
        pytest.fail(f"No case for {method} {path} answering {status}: add a request to CASES.")
    document = client.get("/api/v1/openapi.json").json()
    documented = document["paths"][path][method.lower()]["responses"][str(status)].get("content", {})

    response = CASES[method, path, status](client, network, settings)

    assert response.status_code == status, response.content.decode()[:2000]
    if status == 304:
        assert response.content == b""
        return
    media_type = response["Content-Type"].split(";")[0]
    if not is_json(media_type):
        assert media_type in documented, f"{media_type} answered, {list(documented)} documented"
        return
    json_types = [name for name in documented if is_json(name)]
    assert json_types, f"{media_type} answered, {list(documented)} documented"
    validator = schema_validator(document, method, path, status, json_types[0])
    errors = list(validator.iter_errors(response.json()))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}" for error in errors[:20]
    )


def test_every_case_is_a_documented_answer():
    assert set(CASES) - set(documented_answers()) == set()


def test_errors_are_documented_as_problem_details():
    document = api.get_openapi_schema()
    error_types = {
        media_type
        for operations in document["paths"].values()
        for operation in operations.values()
        for status, answer in operation["responses"].items()
        if int(status) >= 400
        for media_type in answer.get("content", {})
    }
    assert error_types == {"application/problem+json"}
