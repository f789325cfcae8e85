"""The chantier life cycle: one step at a time, closing at any time, and the date of each step kept."""

from datetime import date
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pole_pages.lifecycle import ChantierStatus, allowed_moves
from pole_pages.models import ChantierPage
from tests.admin_forms import page_edit_form_data
from tests.factories import ChantierIndexPageFactory, ChantierPageFactory

pytestmark = pytest.mark.django_db

S = ChantierStatus

NEXT_STEPS = [
    (S.PROPOSED, S.VALIDATED),
    (S.VALIDATED, S.CALL_FOR_PARTICIPATION),
    (S.CALL_FOR_PARTICIPATION, S.ONGOING),
    (S.ONGOING, S.RESTITUTION),
    (S.RESTITUTION, S.CLOSED),
]

REFUSED_MOVES = [
    (S.PROPOSED, S.ONGOING),
    (S.PROPOSED, S.CALL_FOR_PARTICIPATION),
    (S.VALIDATED, S.RESTITUTION),
    (S.VALIDATED, S.PROPOSED),
    (S.ONGOING, S.CALL_FOR_PARTICIPATION),
    (S.RESTITUTION, S.VALIDATED),
    (S.CLOSED, S.RESTITUTION),
    (S.CLOSED, S.PROPOSED),
]


def move_ids(moves):
    return [f"{current}-to-{new}" for current, new in moves]


def refusal(page, new):
    with pytest.raises(ValidationError) as caught:
        page.move_to(new)
    return caught.value.message_dict


@pytest.mark.parametrize(("current", "new"), NEXT_STEPS, ids=move_ids(NEXT_STEPS))
def test_chantier_moves_to_the_next_step(current, new):
    page = ChantierPageFactory(status=current)
    page.move_to(new)
    page.save()
    page.refresh_from_db()
    assert page.status == new


@pytest.mark.parametrize("current", [s for s in S if s != S.CLOSED])
def test_chantier_can_be_closed_from_any_step(current):
    page = ChantierPageFactory(status=current)
    page.move_to(S.CLOSED)
    page.save()
    page.refresh_from_db()
    assert page.status == S.CLOSED


@pytest.mark.parametrize(("current", "new"), REFUSED_MOVES, ids=move_ids(REFUSED_MOVES))
def test_impossible_move_is_refused_on_status(current, new):
    page = ChantierPageFactory(status=current)
    errors = refusal(page, new)
    assert list(errors) == ["status"]
    assert page.status == current


def test_skipping_a_step_is_refused_with_a_french_message_naming_the_possible_steps():
    errors = refusal(ChantierPageFactory(status=S.PROPOSED), S.ONGOING)
    assert errors["status"] == [
        "Un chantier « Proposé » ne peut pas passer directement à « En cours ». "
        "Étapes possibles : Validé par le CA, Clôturé."
    ]


def test_closed_chantier_refuses_any_move_in_french():
    errors = refusal(ChantierPageFactory(status=S.CLOSED), S.RESTITUTION)
    assert errors["status"] == [
        "Un chantier « Clôturé » ne peut pas passer directement à « Restitution ». "
        "Étapes possibles : aucune (chantier clôturé)."
    ]


def test_closed_chantier_has_no_allowed_move():
    assert allowed_moves(S.CLOSED) == set()


def test_saving_a_jump_made_without_move_to_is_refused():
    page = ChantierPageFactory(status=S.PROPOSED)
    page.status = S.ONGOING
    with pytest.raises(ValidationError):
        page.save()
    assert ChantierPage.objects.get(pk=page.pk).status == S.PROPOSED


def test_move_to_keeps_the_date_given():
    page = ChantierPageFactory(status=S.PROPOSED)
    page.move_to(S.VALIDATED, on=date(2024, 10, 3))
    assert page.validated_on == date(2024, 10, 3)


def test_move_to_dates_the_step_today_by_default():
    page = ChantierPageFactory(status=S.VALIDATED)
    page.move_to(S.CALL_FOR_PARTICIPATION)
    assert page.call_opened_on == timezone.localdate()


def test_new_chantier_is_dated_at_its_first_step():
    page = ChantierPageFactory(status=S.PROPOSED, proposed_on=None)
    assert page.proposed_on == timezone.localdate()


def test_dates_of_earlier_steps_are_kept_through_revisions_and_publishing():
    page = ChantierPageFactory(status=S.PROPOSED, proposed_on=date(2024, 9, 12))
    page.move_to(S.VALIDATED, on=date(2024, 10, 3))
    page.save_revision().publish()
    page.move_to(S.CALL_FOR_PARTICIPATION, on=date(2024, 11, 5))
    page.save_revision()
    page.move_to(S.ONGOING, on=date(2025, 1, 16))
    page.save_revision().publish()

    page = ChantierPage.objects.get(pk=page.pk)
    assert page.status == S.ONGOING
    assert [day for _status, day in page.status_dates()] == [
        date(2024, 9, 12),
        date(2024, 10, 3),
        date(2024, 11, 5),
        date(2025, 1, 16),
        None,
        None,
    ]


def test_draft_revision_keeps_the_new_step_and_its_date():
    page = ChantierPageFactory(status=S.PROPOSED)
    page.move_to(S.VALIDATED, on=date(2024, 10, 3))
    page.save_revision()
    draft = ChantierPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (draft.status, draft.validated_on) == (S.VALIDATED, date(2024, 10, 3))


def test_publishing_a_revision_that_skips_a_step_is_refused():
    page = ChantierPageFactory(status=S.PROPOSED)
    page.status = S.RESTITUTION
    with pytest.raises(ValidationError):
        page.save_revision()
    assert page.revisions.count() == 0


# Through the admin edit form


@pytest.fixture
def proposed_chantier(home):
    return ChantierPageFactory(
        parent=ChantierIndexPageFactory(parent=home),
        title="Le chantier mobilité",
        status=S.PROPOSED,
        proposed_on=date(2024, 9, 12),
    )


def post_status(client, page, status, **actions):
    """Submit the admin edit form as it is, with only the status changed (saving a draft by default)."""
    data = page_edit_form_data(client, page)
    data["status"] = status
    data.update(actions)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_admin_edit_form_refuses_an_impossible_jump_in_french(editor_client, proposed_chantier):
    response = post_status(editor_client, proposed_chantier, S.ONGOING)
    assert response.status_code == 200
    assert "Un chantier « Proposé » ne peut pas passer directement à « En cours »." in unescape(
        response.content.decode()
    )


def test_admin_edit_form_saves_nothing_on_an_impossible_jump(editor_client, proposed_chantier):
    post_status(editor_client, proposed_chantier, S.ONGOING)
    page = ChantierPage.objects.get(pk=proposed_chantier.pk)
    assert page.revisions.count() == 0
    assert page.get_latest_revision_as_object().status == S.PROPOSED


@pytest.fixture
def validated_chantier(proposed_chantier):
    proposed_chantier.move_to(S.VALIDATED, on=date(2024, 10, 3))
    proposed_chantier.save()
    return proposed_chantier


def test_admin_edit_form_accepts_the_next_step_and_dates_it(editor_client, validated_chantier):
    response = post_status(editor_client, validated_chantier, S.CALL_FOR_PARTICIPATION)
    assert response.status_code == 302
    draft = ChantierPage.objects.get(pk=validated_chantier.pk).get_latest_revision_as_object()
    assert (draft.status, draft.call_opened_on, draft.validated_on) == (
        S.CALL_FOR_PARTICIPATION,
        timezone.localdate(),
        date(2024, 10, 3),
    )


def test_publishing_the_next_step_from_the_admin_keeps_earlier_dates(superuser_client, validated_chantier):
    response = post_status(
        superuser_client, validated_chantier, S.CALL_FOR_PARTICIPATION, **{"action-publish": "publier"}
    )
    assert response.status_code == 302
    page = ChantierPage.objects.get(pk=validated_chantier.pk)
    assert (page.live, page.status, page.proposed_on, page.validated_on, page.call_opened_on) == (
        True,
        S.CALL_FOR_PARTICIPATION,
        date(2024, 9, 12),
        date(2024, 10, 3),
        timezone.localdate(),
    )
