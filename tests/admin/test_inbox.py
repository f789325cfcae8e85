"""The inbox of contributions to review: every form's new submissions, for those who may see them."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from pole_forms.choices import SubmissionStatus
from pole_forms.models import Submission
from tests.factories import ContentPageFactory
from tests.factories.forms import ConsultationPageFactory, ParticipationCallPageFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

INBOX = "pole_forms:inbox"


def inbox(client, **params):
    response = client.get(reverse(INBOX), params)
    assert response.status_code == 200
    return response.content.decode()


def submitted(days_ago, **kwargs):
    """A submission received `days_ago` days ago (submit_time is set on creation, so it is moved after)."""
    submission = SubmissionFactory(**kwargs)
    Submission.objects.filter(pk=submission.pk).update(submit_time=timezone.now() - timedelta(days=days_ago))
    return submission


@pytest.fixture
def consultation(home):
    return ConsultationPageFactory(parent=home, title="Consultation d'automne")


@pytest.fixture
def call(home):
    return ParticipationCallPageFactory(parent=home, title="Appel : chantier mobilité")


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_inbox_answers_200_for_editors_and_moderators(make_client, consultation, group):
    assert make_client("dominique", group).get(reverse(INBOX)).status_code == 200


def test_inbox_sends_an_anonymous_visitor_to_the_login_page(client, consultation):
    response = client.get(reverse(INBOX))
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")


def test_inbox_refuses_a_user_in_no_group(make_client, consultation):
    response = make_client("sans-groupe").get(reverse(INBOX))
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")


def test_inbox_refuses_a_user_who_may_see_no_form(make_client, admin_access_group, consultation):
    client = make_client("lecteur", admin_access_group)
    response = client.get(reverse(INBOX))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert reverse(INBOX) not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_inbox_is_in_the_menu_of_an_editor(editor_client, consultation):
    assert reverse(INBOX) in editor_client.get(reverse("wagtailadmin_home")).content.decode()


def test_inbox_lists_submissions_awaiting_review_of_every_form_newest_first(
    editor_client, consultation, call
):
    submitted(3, page=consultation, email="ancienne@exemple.fr")
    submitted(1, page=call, candidate=True, email="candidate@exemple.fr")
    submitted(0, page=consultation, status=SubmissionStatus.RETAINED, email="retenue@exemple.fr")
    submitted(0, page=call, candidate=True, status=SubmissionStatus.ACCEPTED, email="acceptee@exemple.fr")
    html = inbox(editor_client)
    assert html.index("candidate@exemple.fr") < html.index("ancienne@exemple.fr")
    assert "retenue@exemple.fr" not in html
    assert "acceptee@exemple.fr" not in html


def test_inbox_links_to_the_review_and_to_the_form_submissions(editor_client, consultation):
    submission = SubmissionFactory(page=consultation)
    html = inbox(editor_client)
    assert reverse("pole_forms:review", args=[consultation.pk, submission.pk]) in html
    assert reverse("wagtailforms:list_submissions", args=[consultation.pk]) in html


def test_inbox_filters_by_form(editor_client, consultation, call):
    SubmissionFactory(page=consultation, email="proposition@exemple.fr")
    SubmissionFactory(page=call, candidate=True, email="candidate@exemple.fr")
    html = inbox(editor_client, page=call.pk)
    assert "candidate@exemple.fr" in html
    assert "proposition@exemple.fr" not in html


def test_inbox_filters_by_status(editor_client, consultation, call):
    SubmissionFactory(page=consultation, email="proposition@exemple.fr")
    SubmissionFactory(page=call, candidate=True, email="candidate@exemple.fr")
    html = inbox(editor_client, status=SubmissionStatus.NEW)
    assert "proposition@exemple.fr" in html
    assert "candidate@exemple.fr" not in html


def test_inbox_is_paginated(editor_client, consultation):
    for n in range(30):
        SubmissionFactory(page=consultation, email=f"adherent{n}@reseau.exemple.fr")
    assert inbox(editor_client).count("@reseau.exemple.fr") == 25
    assert inbox(editor_client, p=2).count("@reseau.exemple.fr") == 5


def test_inbox_shows_a_section_editor_only_the_forms_of_the_section(
    make_client, section_editor_group, home, consultation
):
    section = ContentPageFactory(parent=home, title="Vie du réseau")
    own = ConsultationPageFactory(parent=section, title="Enquête ressources")
    SubmissionFactory(page=own, email="section@exemple.fr")
    SubmissionFactory(page=consultation, email="ailleurs@exemple.fr")
    client = make_client("claude", section_editor_group("Vie du réseau", section))
    html = inbox(client)
    assert "section@exemple.fr" in html
    assert "ailleurs@exemple.fr" not in html
    assert inbox(client, page=consultation.pk).count("ailleurs@exemple.fr") == 0
