"""GET /api/v1/forms/: the forms a requester may open, filtered, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.api.test_forms_api import restrict_to_members
from tests.factories.forms import ConsultationPageFactory, ParticipationCallPageFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/forms/"


def listed(client, query=""):
    response = client.get(f"{LIST}{query}")
    assert response.status_code == 200, response.content
    return response.json()


def titles(body):
    return sorted(item["title"] for item in body["items"])


def test_a_visitor_sees_the_live_public_forms_in_the_summary_shape(client, consultation, call):
    body = listed(client)

    assert body["count"] == 2
    by_kind = {item["kind"]: item for item in body["items"]}
    assert set(by_kind) == {"consultation", "participationcall"}
    summary = by_kind["participationcall"]
    assert summary["id"] == call.pk
    assert summary["audience"] == "public"
    assert summary["window"]["is_open"] is True
    assert summary["chantier"]["title"] == "Le chantier mobilité"
    assert summary["url"].endswith("/appel-mobilite/")
    assert by_kind["consultation"]["chantier"] is None
    assert by_kind["consultation"]["capacity"] is None


def test_drafts_and_members_only_forms_are_not_listed_to_a_visitor(client, home, consultation):
    ConsultationPageFactory(parent=home, slug="brouillon", title="Brouillon", live=False)
    members_only = ConsultationPageFactory(parent=home, slug="adherents", title="Réservée")
    restrict_to_members(members_only)

    assert titles(listed(client)) == [consultation.title]


def test_a_member_also_sees_the_forms_their_group_opens(client, home, consultation):
    members_only = ConsultationPageFactory(parent=home, slug="adherents", title="Réservée")
    members = restrict_to_members(members_only)
    outsider = get_user_model().objects.create_user("outsider", password="x")
    member = get_user_model().objects.create_user("member", password="x")
    member.groups.add(members)

    client.force_login(outsider)
    assert titles(listed(client)) == [consultation.title]

    client.force_login(member)
    body = listed(client)
    assert titles(body) == sorted([consultation.title, "Réservée"])
    audiences = {item["title"]: item["audience"] for item in body["items"]}
    assert audiences == {consultation.title: "public", "Réservée": "members"}


def test_filters_by_kind_window_and_chantier(client, home, consultation, call):
    closed = ConsultationPageFactory(
        parent=home,
        slug="fermee",
        title="Fermée",
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )

    assert titles(listed(client, "?kind=participationcall")) == [call.title]
    assert titles(listed(client, "?kind=consultation")) == sorted([consultation.title, closed.title])
    assert titles(listed(client, "?open=false")) == [closed.title]
    assert closed.title not in titles(listed(client, "?open=true"))
    assert titles(listed(client, f"?chantier={call.chantier_id}")) == [call.title]


@pytest.mark.parametrize("query", ["?kind=sondage", "?open=peut-etre", "?chantier=abc", "?colour=red"])
def test_a_bad_or_unknown_parameter_answers_problem_details(client, consultation, query):
    response = client.get(f"{LIST}{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_the_list_makes_as_many_queries_for_twelve_forms_as_for_two(
    client, home, settings, assert_max_queries
):
    settings.POLE_API_SERVER_CACHE_SECONDS = 0  # every request runs the endpoint

    def add_forms(numbers):
        for number in numbers:
            ConsultationPageFactory(
                parent=home, slug=f"consultation-{number}", title=f"C {number}", fields=[]
            )
            ParticipationCallPageFactory(parent=home, slug=f"appel-{number}", title=f"A {number}", fields=[])

    add_forms(range(1))
    with_two = assert_max_queries(20, client.get, LIST)
    add_forms(range(1, 6))
    assert_max_queries(with_two, client.get, LIST)
