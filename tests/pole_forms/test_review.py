import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pole_directory.models import Person
from pole_forms.actions import ActionRefused, accept_participant, turn_into_chantier
from pole_forms.choices import SubmissionStatus
from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import ChantierMember, ChantierPage
from tests.factories import PersonFactory
from tests.factories.forms import SubmissionFactory

pytestmark = pytest.mark.django_db


def listing(page, **params):
    return reverse("wagtailforms:list_submissions", args=(page.pk,)), params


def listing_html(client, page, **params):
    response = client.get(*listing(page, **params))
    assert response.status_code == 200
    return response.content.decode()


def post_and_follow(client, url, data, page):
    """POST an admin action; it sends back to the submissions of `page`, whose HTML is returned."""
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(listing(page)[0], 302)]
    return response.content.decode()


def test_listing_shows_each_submission_with_its_status(superuser_client, consultation):
    SubmissionFactory(page=consultation, email="lou@exemple.fr", status=SubmissionStatus.REVIEWED)

    html = listing_html(superuser_client, consultation)

    assert "lou@exemple.fr" in html
    assert "Lue" in html
    assert "Créer le chantier" in html


def test_listing_filters_by_status(superuser_client, consultation):
    SubmissionFactory(page=consultation, email="lue@exemple.fr", status=SubmissionStatus.REVIEWED)
    SubmissionFactory(page=consultation, email="nouvelle@exemple.fr")

    html = listing_html(superuser_client, consultation, status="reviewed")

    assert "lue@exemple.fr" in html
    assert "nouvelle@exemple.fr" not in html


def test_listing_searches_the_answers(superuser_client, consultation):
    SubmissionFactory(page=consultation, email="lou@exemple.fr")
    SubmissionFactory(page=consultation, email="sam@exemple.fr")

    html = listing_html(superuser_client, consultation, q="sam@")

    assert "sam@exemple.fr" in html
    assert "lou@exemple.fr" not in html


def test_bulk_status_change(superuser_client, consultation):
    chosen, other = SubmissionFactory.create_batch(2, page=consultation)

    html = post_and_follow(
        superuser_client,
        reverse("pole_forms:bulk_status", args=(consultation.pk,)),
        {"status": "declined", "selected-submissions": [chosen.pk]},
        consultation,
    )

    assert "1 réponse passe au statut « Déclinée »." in html
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (SubmissionStatus.DECLINED, SubmissionStatus.NEW)


def test_bulk_status_refuses_a_status_of_the_other_kind_of_form(superuser_client, consultation):
    submission = SubmissionFactory(page=consultation)

    html = post_and_follow(
        superuser_client,
        reverse("pole_forms:bulk_status", args=(consultation.pk,)),
        {"status": "accepted", "selected-submissions": [submission.pk]},
        consultation,
    )

    assert "Choisissez un statut." in html
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_review_keeps_the_editors_note(superuser_client, consultation):
    submission = SubmissionFactory(page=consultation)

    html = post_and_follow(
        superuser_client,
        reverse("pole_forms:review", args=(consultation.pk, submission.pk)),
        {"status": "retained", "note": "À présenter au CA de mars."},
        consultation,
    )

    assert "La réponse est mise à jour." in html
    submission.refresh_from_db()
    assert submission.note == "À présenter au CA de mars."
    assert submission.status == SubmissionStatus.RETAINED


def test_editor_without_form_access_cannot_change_statuses(make_client, admin_access_group, consultation):
    submission = SubmissionFactory(page=consultation)
    client = make_client("lecteur", admin_access_group)

    response = client.post(
        reverse("pole_forms:bulk_status", args=(consultation.pk,)),
        {"status": "declined", "selected-submissions": [submission.pk]},
    )

    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def exported_rows(client, page, export_format):
    response = client.get(*listing(page, export=export_format))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_gives_the_answers_with_formulas_neutralised(superuser_client, consultation, export_format):
    submission = SubmissionFactory(page=consultation, email="lou@exemple.fr")
    submission.form_data["theme_propose"] = '=HYPERLINK("http://evil.example","clic")'
    submission.save()

    header, row = exported_rows(superuser_client, consultation, export_format)

    assert "Thème proposé" in header and "Statut" in header
    assert row[header.index("Thème proposé")] == '\'=HYPERLINK("http://evil.example","clic")'
    assert row[header.index("Courriel")] == "lou@exemple.fr"
    assert row[header.index("Statut")] == "Nouvelle"


# One-click actions


def test_proposal_becomes_a_draft_chantier_at_status_proposed(consultation, chantier_index, superuser):
    submission = SubmissionFactory(page=consultation)

    chantier = turn_into_chantier(submission, superuser)

    chantier = ChantierPage.objects.get(pk=chantier.pk)
    assert chantier.get_parent().pk == chantier_index.pk
    assert chantier.live is False
    assert chantier.status == ChantierStatus.PROPOSED
    assert chantier.title == "Mobilité douce des publics"
    assert chantier.intro == "Mutualiser des navettes entre les tiers-lieux ruraux."
    submission.refresh_from_db()
    assert submission.chantier == chantier
    assert submission.status == SubmissionStatus.RETAINED
    assert list(chantier.source_submissions.all()) == [submission]


def test_second_click_on_a_proposal_makes_no_second_chantier(consultation, chantier_index):
    submission = SubmissionFactory(page=consultation)

    first = turn_into_chantier(submission)
    second = turn_into_chantier(submission)

    assert first.pk == second.pk
    assert ChantierPage.objects.count() == 1


def test_the_chantier_edit_page_links_back_to_the_proposal(superuser_client, consultation, chantier_index):
    submission = SubmissionFactory(page=consultation)
    chantier = turn_into_chantier(submission)

    response = superuser_client.get(reverse("wagtailadmin_pages:edit", args=(chantier.pk,)))

    assert response.status_code == 200
    assert reverse("pole_forms:review", args=(consultation.pk, submission.pk)) in response.content.decode()


def test_one_click_from_the_admin_listing(superuser_client, consultation, chantier_index):
    submission = SubmissionFactory(page=consultation)

    html = post_and_follow(
        superuser_client,
        reverse("pole_forms:turn_into_chantier", args=(consultation.pk,)),
        {"submission": submission.pk},
        consultation,
    )

    assert "Le chantier « Mobilité douce des publics » est créé en brouillon" in html
    submission.refresh_from_db()
    assert submission.chantier.title == "Mobilité douce des publics"


def test_accepted_candidate_joins_the_working_group_without_publication_consent(call, superuser):
    submission = SubmissionFactory(candidate=True, page=call, email="ines@exemple.fr")

    person = accept_participant(submission, superuser)

    assert (person.first_name, person.last_name, person.email) == ("Inès", "Robert", "ines@exemple.fr")
    assert person.publication_consent is False
    assert ChantierMember.objects.filter(page=call.chantier, person=person).exists()
    submission.refresh_from_db()
    assert submission.person == person
    assert submission.status == SubmissionStatus.ACCEPTED
    latest = ChantierPage.objects.get(pk=call.chantier.pk).get_latest_revision_as_object()
    assert [member.person_id for member in latest.members.all()] == [person.pk]


def test_accepted_candidate_is_matched_by_email(call):
    known = PersonFactory(email="Ines@Exemple.fr")
    submission = SubmissionFactory(candidate=True, page=call, email="ines@exemple.fr")

    assert accept_participant(submission) == known
    assert Person.objects.count() == 1


def test_no_acceptance_beyond_the_capacity(call):
    call.capacity = 1
    call.save()
    accept_participant(SubmissionFactory(candidate=True, page=call))

    with pytest.raises(ActionRefused):
        accept_participant(SubmissionFactory(candidate=True, page=call))


def test_a_proposal_cannot_be_accepted_as_participant(consultation):
    with pytest.raises(ActionRefused):
        accept_participant(SubmissionFactory(page=consultation))
