"""A proposed chantier becomes "validé par le CA" only through the board's approval in Wagtail."""

from datetime import date
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from pole_pages.lifecycle import ChantierStatus as S
from pole_pages.models import ChantierPage
from pole_pages.workflow import BOARD_GROUP, BOARD_WORKFLOW, EDITORS_GROUP, STATUS_LOG_ACTION
from tests.admin_forms import page_edit_form_data
from tests.factories import ChantierIndexPageFactory, ChantierPageFactory, EventPageFactory


def member_of(django_user_model, group, username):
    user = django_user_model.objects.create_user(
        username=username, password="motdepasse", first_name=username
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def communication(db, django_user_model):
    return member_of(django_user_model, EDITORS_GROUP, "lea")


@pytest.fixture
def board_member(db, django_user_model):
    return member_of(django_user_model, BOARD_GROUP, "yannick")


@pytest.fixture
def chantier(home):
    return ChantierPageFactory(
        parent=ChantierIndexPageFactory(parent=home),
        title="Le chantier mobilité",
        status=S.PROPOSED,
        proposed_on=date(2024, 9, 12),
    )


def post_edit_form(client, page, **changes):
    data = page_edit_form_data(client, page)
    data.update(changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def submit_to_board(client, user, page):
    client.force_login(user)
    response = post_edit_form(client, page, **{"action-submit": "1"})
    assert response.status_code == 302
    return ChantierPage.objects.get(pk=page.pk).current_workflow_task_state


def act_on_task(client, user, page, action, task_state):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": ""})


def latest(page):
    return ChantierPage.objects.get(pk=page.pk)


def test_a_new_chantier_list_and_its_chantiers_go_through_the_board(chantier):
    assert chantier.get_parent().specific.get_workflow().name == BOARD_WORKFLOW
    assert chantier.get_workflow().name == BOARD_WORKFLOW


def test_an_editor_cannot_set_validated_in_the_edit_form(client, communication, chantier):
    client.force_login(communication)
    response = post_edit_form(client, chantier, status=S.VALIDATED)
    assert response.status_code == 200
    assert "Seul le CA peut valider un chantier" in unescape(response.content.decode())
    assert latest(chantier).revisions.count() == 0


def test_an_editor_can_still_move_a_validated_chantier_on(client, communication, chantier):
    chantier.move_to(S.VALIDATED, on=date(2024, 10, 3))
    chantier.save()
    client.force_login(communication)
    response = post_edit_form(client, chantier, status=S.CALL_FOR_PARTICIPATION)
    assert response.status_code == 302
    assert latest(chantier).get_latest_revision_as_object().status == S.CALL_FOR_PARTICIPATION


def test_submitting_to_the_board_leaves_the_chantier_proposed(client, communication, chantier):
    task_state = submit_to_board(client, communication, chantier)
    assert task_state.task.name == "Approbation du CA"
    page = latest(chantier)
    assert (page.status, page.get_latest_revision_as_object().status) == (S.PROPOSED, S.PROPOSED)


def test_an_editor_cannot_approve(client, communication, chantier):
    task_state = submit_to_board(client, communication, chantier)
    act_on_task(client, communication, chantier, "approve", task_state)
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    assert latest(chantier).get_latest_revision_as_object().status == S.PROPOSED


def test_the_board_asking_for_changes_keeps_the_chantier_proposed(
    client, communication, board_member, chantier
):
    task_state = submit_to_board(client, communication, chantier)
    act_on_task(client, board_member, chantier, "reject", task_state)
    task_state.refresh_from_db()
    page = latest(chantier)
    assert task_state.status == task_state.STATUS_REJECTED
    assert (page.status, page.validated_on, page.get_latest_revision_as_object().status) == (
        S.PROPOSED,
        None,
        S.PROPOSED,
    )


def test_the_boards_approval_publishes_the_chantier_validated_and_dated(
    client, communication, board_member, chantier
):
    task_state = submit_to_board(client, communication, chantier)
    act_on_task(client, board_member, chantier, "approve", task_state)
    page = latest(chantier)
    assert (page.live, page.has_unpublished_changes) == (True, False)
    assert (page.status, page.proposed_on, page.validated_on) == (
        S.VALIDATED,
        date(2024, 9, 12),
        timezone.localdate(),
    )
    assert page.live_revision.user == board_member


def test_the_page_history_shows_who_validated_and_when(client, communication, board_member, chantier):
    task_state = submit_to_board(client, communication, chantier)
    act_on_task(client, board_member, chantier, "approve", task_state)
    entry = PageLogEntry.objects.get(page=chantier, action=STATUS_LOG_ACTION)
    assert (entry.user, entry.timestamp.date()) == (board_member, timezone.localdate())
    assert entry.message == "Statut : proposé → validé par le CA"

    client.force_login(communication)
    history = client.get(reverse("wagtailadmin_pages:history", args=[chantier.pk]))
    assert "Statut : proposé → validé par le CA" in unescape(history.content.decode())


def test_an_editors_change_of_step_is_in_the_history_too(client, communication, chantier):
    chantier.move_to(S.VALIDATED, on=date(2024, 10, 3))
    chantier.save()
    client.force_login(communication)
    post_edit_form(client, chantier, status=S.CALL_FOR_PARTICIPATION)
    entry = PageLogEntry.objects.get(page=chantier, action=STATUS_LOG_ACTION)
    assert (entry.user, entry.message) == (communication, "Statut : validé par le CA → appel à participation")


def test_saving_without_changing_the_step_adds_no_status_entry(client, communication, chantier):
    client.force_login(communication)
    post_edit_form(client, chantier, title="Le chantier mobilité douce")
    assert not PageLogEntry.objects.filter(page=chantier, action=STATUS_LOG_ACTION).exists()


# The event chooser of a chantier's actions


@pytest.fixture
def events(home, chantier):
    other = ChantierPageFactory(parent=chantier.get_parent(), title="Le chantier mutualisation de l'emploi")
    ours = EventPageFactory(parent__parent=home, title="Réunion mobilité n°1", chantier=chantier)
    EventPageFactory(parent=ours.get_parent(), title="Réunion emploi n°1", chantier=other)
    EventPageFactory(parent=ours.get_parent(), title="Apéro tiers-lieux", chantier=None)
    return ours


def search_event_chooser(client, from_url, query):
    url = reverse("wagtailadmin_choose_page_search")
    params = {"page_type": "pole_pages.eventpage", "q": query}
    response = client.get(url, params, headers={"Referer": f"http://testserver{from_url}"})
    assert response.status_code == 200
    return unescape(response.content.decode())


def browse_event_index(client, from_url, event):
    url = reverse("wagtailadmin_choose_page_child", args=[event.get_parent().pk])
    params = {"page_type": "pole_pages.eventpage"}
    response = client.get(url, params, headers={"Referer": f"http://testserver{from_url}"})
    assert response.status_code == 200
    return unescape(response.json()["html"])


def test_the_event_chooser_of_a_chantier_offers_only_its_events(client, communication, chantier, events):
    client.force_login(communication)
    html = browse_event_index(client, reverse("wagtailadmin_pages:edit", args=[chantier.pk]), events)
    assert "Réunion mobilité n°1" in html
    assert "Réunion emploi n°1" not in html
    assert "Apéro tiers-lieux" not in html


def test_searching_the_event_chooser_of_a_chantier_finds_only_its_events(
    client, communication, chantier, events
):
    client.force_login(communication)
    edit_url = reverse("wagtailadmin_pages:edit", args=[chantier.pk])
    html = search_event_chooser(client, edit_url, "Réunion")
    assert "Réunion mobilité n°1" in html
    assert "Réunion emploi n°1" not in html


def test_the_event_chooser_elsewhere_offers_every_event(client, communication, chantier, events):
    client.force_login(communication)
    html = browse_event_index(client, reverse("wagtailadmin_pages:edit", args=[events.pk]), events)
    assert "Réunion mobilité n°1" in html
    assert "Réunion emploi n°1" in html
    assert "Apéro tiers-lieux" in html


def test_the_action_block_chooses_events_and_the_working_group_chooses_people(
    client, communication, chantier
):
    client.force_login(communication)
    html = unescape(client.get(reverse("wagtailadmin_pages:edit", args=[chantier.pk])).content.decode())
    assert "pole_pages.eventpage" in html
    assert reverse("wagtailsnippetchoosers_pole_directory_person:choose") in html
