"""« Mon espace »: a member sees their submissions, working groups, open forms and card — theirs only."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pole_forms.choices import SubmissionStatus
from tests.factories import ChantierMemberFactory, ChantierPageFactory, PersonFactory
from tests.factories.forms import ConsultationPageFactory, SubmissionFactory

SPACE = "/mon-espace/"


@pytest.fixture
def member(make_account):
    return make_account("lou@exemple.fr")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def other(make_account):
    return make_account("sam@exemple.fr")


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(SPACE)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={SPACE}"


def test_the_space_is_private(member_client, home):
    response = member_client.get(SPACE)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "pole_pages/base.html" in [template.name for template in response.templates]


@pytest.mark.parametrize("how", ["account", "verified email", "verified email in other case"])
def test_shows_the_members_submissions(member_client, member, consultation, how):
    if how == "account":
        SubmissionFactory(page=consultation, user=member, email="ancienne@exemple.fr")
    else:
        SubmissionFactory(
            page=consultation, email="lou@exemple.fr" if how == "verified email" else "Lou@Exemple.fr"
        )

    response = member_client.get(SPACE)

    assert [s.page.title for s in response.context["submissions"]] == [consultation.title]


def test_never_shows_another_members_submissions(
    member_client, member, other, consultation, django_user_model
):
    SubmissionFactory(page=consultation, user=other, email="sam@exemple.fr")
    SubmissionFactory(page=consultation, email="sam@exemple.fr")
    # An address the member added but did not verify proves nothing.
    EmailAddress.objects.create(user=member, email="inconnu@exemple.fr", verified=False)
    SubmissionFactory(page=consultation, email="inconnu@exemple.fr")

    response = member_client.get(SPACE)

    assert list(response.context["submissions"]) == []
    assert "sam@exemple.fr" not in response.content.decode()


def test_submissions_show_form_status_reason_and_chantier(
    member_client, member, consultation, chantier_index
):
    chantier = ChantierPageFactory(parent=chantier_index, title="Navettes rurales")
    SubmissionFactory(
        page=consultation,
        user=member,
        status=SubmissionStatus.RETAINED,
        chantier=chantier,
        decision_reason="Une belle idée, portée par trois structures.",
    )

    html = member_client.get(SPACE).content.decode()

    assert consultation.title in html
    assert "Retenue" in html
    assert "Une belle idée, portée par trois structures." in html
    assert f'href="{chantier.url}"' in html


def test_a_chantier_not_live_is_not_linked(member_client, member, consultation, chantier_index):
    chantier = ChantierPageFactory(parent=chantier_index, title="Navettes rurales", live=False)
    SubmissionFactory(page=consultation, user=member, status=SubmissionStatus.RETAINED, chantier=chantier)

    assert "Navettes rurales" not in member_client.get(SPACE).content.decode()


def test_submissions_are_newest_first_and_paginated_by_20(member_client, member, consultation):
    now = timezone.now()
    for days in range(25):
        submission = SubmissionFactory(page=consultation, user=member)
        submission.submit_time = now - timedelta(days=days)
        submission.save()

    first = member_client.get(SPACE).context["submissions"]
    second = member_client.get(SPACE, {"page": 2}).context["submissions"]

    assert len(first) == 20 and len(second) == 5
    times = [s.submit_time for s in [*first, *second]]
    assert times == sorted(times, reverse=True)


def test_shows_live_working_groups_with_the_role(member_client, member, chantier_index):
    person = PersonFactory(account=member)
    ChantierMemberFactory(
        page=ChantierPageFactory(parent=chantier_index, title="Mobilité"), person=person, role="lead"
    )
    ChantierMemberFactory(
        page=ChantierPageFactory(parent=chantier_index, title="Brouillon", live=False), person=person
    )
    ChantierMemberFactory(page=ChantierPageFactory(parent=chantier_index, title="Pas le mien"))

    response = member_client.get(SPACE)

    assert [m.page.title for m in response.context["memberships"]] == ["Mobilité"]
    assert response.context["memberships"][0].get_role_display() in response.content.decode()


def test_shows_the_forms_open_to_the_member(member_client, home):
    now = timezone.now()
    ConsultationPageFactory(parent=home, title="Ouverte à tous", slug="tous")
    members_only = ConsultationPageFactory(parent=home, title="Réservée aux adhérent·es", slug="adherents")
    PageViewRestriction.objects.create(page=members_only, restriction_type=PageViewRestriction.LOGIN)
    staff_only = ConsultationPageFactory(parent=home, title="Réservée à l'équipe", slug="equipe")
    restriction = PageViewRestriction.objects.create(
        page=staff_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Équipe salariée"))
    ConsultationPageFactory(
        parent=home,
        title="Close",
        slug="close",
        opens_at=now - timedelta(days=9),
        closes_at=now - timedelta(days=1),
    )
    ConsultationPageFactory(
        parent=home,
        title="Pas encore",
        slug="bientot",
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )
    ConsultationPageFactory(parent=home, title="Hors ligne", slug="hors-ligne", live=False)

    response = member_client.get(SPACE)

    assert [form["title"] for form in response.context["forms"]] == [
        "Ouverte à tous",
        "Réservée aux adhérent·es",
    ]
    assert "Réservé aux adhérent·es" in response.content.decode()


def test_shows_the_card_or_invites_to_create_it(member_client, member, home):
    assert "Créer ma fiche" in member_client.get(SPACE).content.decode()

    PersonFactory(account=member, first_name="Lou", last_name="Martin", publication_consent=False)

    html = member_client.get(SPACE).content.decode()
    assert "Lou Martin" in html
    assert "est pas publiée" in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_query_count_does_not_depend_on_the_rows(
    member_client, member, consultation, chantier_index, home, django_assert_max_num_queries, count
):
    person = PersonFactory(account=member)
    for index in range(count):
        chantier = ChantierPageFactory(parent=chantier_index, title=f"Chantier {index}", slug=f"c{index}")
        ChantierMemberFactory(page=chantier, person=person)
        SubmissionFactory(page=consultation, user=member, chantier=chantier, status=SubmissionStatus.RETAINED)
        ConsultationPageFactory(parent=home, title=f"Formulaire {index}", slug=f"f{index}")
    member_client.get(SPACE)  # site root paths, content types: cached after the first request

    with django_assert_max_num_queries(MAX_SPACE_QUERIES):
        assert member_client.get(SPACE).status_code == 200


MAX_SPACE_QUERIES = 22
