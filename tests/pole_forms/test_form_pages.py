from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pole_forms.choices import SubmissionStatus
from pole_forms.models import ConsultationPage, Submission

pytestmark = pytest.mark.django_db


def test_open_form_shows_its_fields_and_the_consent(client, consultation):
    response = client.get(consultation.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="theme_propose"' in html
    assert 'name="consent"' in html
    assert "conserve ces informations pour traiter ma réponse" in html
    assert 'name="whf_name"' in html


def test_form_not_yet_open_says_when_it_opens(client, consultation):
    consultation.opens_at = timezone.now() + timedelta(days=3)
    consultation.save()

    response = client.get(consultation.url)

    assert "Ce formulaire ouvrira le" in response.content.decode()
    assert 'name="theme_propose"' not in response.content.decode()


def test_closed_form_says_it_is_closed(client, consultation):
    consultation.closes_at = timezone.now() - timedelta(hours=1)
    consultation.save()

    response = client.get(consultation.url)

    assert "Ce formulaire est clos depuis le" in response.content.decode()


def test_post_to_a_closed_form_answers_409_and_stores_nothing(client, consultation, answers):
    consultation.closes_at = timezone.now() - timedelta(hours=1)
    consultation.save()

    response = client.post(consultation.url, answers)

    assert response.status_code == 409
    assert not Submission.objects.exists()


def test_valid_post_stores_a_new_submission_and_thanks(client, consultation, answers):
    response = client.post(consultation.url, answers)

    assert response.status_code == 200
    assert "Merci ! L'équipe revient vers vous rapidement." in response.content.decode()
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.NEW
    assert submission.email == "lou.martin@exemple.fr"
    assert submission.form_data["theme_propose"] == "Mobilité douce des publics"
    assert submission.form_data["consent"] is True


def test_call_for_participation_submission_starts_as_received(client, call):
    data = {"prenom": "Inès", "nom": "Robert", "courriel": "ines@exemple.fr", "disponibilites": "En semaine"}

    client.post(call.url, {**data, "consent": "on", "whf_time": "1000000000"})

    assert Submission.objects.get().status == SubmissionStatus.RECEIVED


def test_errors_show_next_to_their_field_and_input_is_kept(client, consultation, answers):
    response = client.post(consultation.url, {**answers, "courriel": "pas-un-courriel", "theme_propose": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_courriel_error"' in html
    assert "Saisissez une adresse e-mail valide." in html
    assert 'id="id_theme_propose_error"' in html
    assert "Champ requis." in html
    assert 'value="pas-un-courriel"' in html
    assert "Mutualiser des navettes" in html
    assert not Submission.objects.exists()


def test_consent_is_mandatory(client, consultation, answers):
    del answers["consent"]

    response = client.post(consultation.url, answers)

    assert "Cochez cette case pour envoyer le formulaire." in response.content.decode()
    assert not Submission.objects.exists()


def test_filled_honeypot_is_thanked_and_stores_nothing(client, consultation, answers):
    response = client.post(consultation.url, {**answers, "whf_name": "http://spam.example"})

    assert response.status_code == 200
    assert "Merci !" in response.content.decode()
    assert not Submission.objects.exists()


def test_form_sent_faster_than_a_person_can_is_dropped(client, consultation, answers):
    response = client.post(consultation.url, {**answers, "whf_time": str(int(timezone.now().timestamp()))})

    assert response.status_code == 200
    assert not Submission.objects.exists()


def test_filled_honeypot_is_thanked_before_the_answers_are_checked(client, consultation, answers):
    response = client.post(consultation.url, {**answers, "courriel": "pas-un-courriel", "whf_name": "spam"})

    assert response.status_code == 200
    assert "Merci !" in response.content.decode()
    assert not Submission.objects.exists()


def test_too_many_posts_answer_429_and_say_why(client, consultation, answers, settings):
    settings.POLE_FORMS_THROTTLE = "1/60"
    client.post(consultation.url, answers)

    response = client.post(consultation.url, answers)

    assert response.status_code == 429
    assert "Trop d&#x27;envois en peu de temps" in response.content.decode()
    assert 'value="Mobilité douce des publics"' in response.content.decode()
    assert Submission.objects.count() == 1


def test_html_submission_goes_through_process_form_submission(client, consultation, answers, monkeypatch):
    """A project that extends Wagtail's hook sees every stored HTML submission."""
    seen = []
    wagtail_hook = ConsultationPage.process_form_submission

    def process_form_submission(self, form):
        seen.append(form.cleaned_data["theme_propose"])
        return wagtail_hook(self, form)

    monkeypatch.setattr(ConsultationPage, "process_form_submission", process_form_submission)

    client.post(consultation.url, answers)

    assert seen == ["Mobilité douce des publics"]
    assert Submission.objects.count() == 1


def test_html_form_is_given_the_uploaded_files(client, consultation, answers, monkeypatch):
    """A project that adds a file field to the form builder receives the upload, as with Wagtail's forms."""
    uploads = []
    wagtail_get_form = ConsultationPage.get_form

    def get_form(self, *args, **kwargs):
        form = wagtail_get_form(self, *args, **kwargs)
        uploads.extend((name, upload.read()) for name, upload in form.files.items())
        return form

    monkeypatch.setattr(ConsultationPage, "get_form", get_form)

    client.post(consultation.url, {**answers, "programme": SimpleUploadedFile("programme.txt", b"Atelier")})

    assert uploads == [("programme", b"Atelier")]


def test_html_form_keeps_csrf_protection(consultation, answers):
    response = Client(enforce_csrf_checks=True).post(consultation.url, answers)

    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_members_only_form_sends_visitors_to_the_login_page(client, consultation, answers):
    PageViewRestriction.objects.create(page=consultation, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(consultation.url).status_code == 302
    assert client.post(consultation.url, answers).status_code == 302
    assert not Submission.objects.exists()


def test_members_only_form_is_open_to_a_member_of_the_group(client, consultation, answers, django_user_model):
    members = Group.objects.create(name="Adhérent·es")
    restriction = PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    member = django_user_model.objects.create_user("adherent", "adherent@exemple.fr", "x")
    member.groups.add(members)
    client.force_login(member)

    response = client.post(consultation.url, answers)

    assert response.status_code == 200
    assert Submission.objects.get().user == member


def test_submission_mails_the_editors_and_acknowledges_to_the_member(
    client, consultation, answers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(consultation.url, answers)

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["equipe@exemple.fr", "lou.martin@exemple.fr"]
    notification = next(message for message in mail.outbox if message.to == ["equipe@exemple.fr"])
    assert "Thème proposé : Mobilité douce des publics" in notification.body


def test_a_failing_mail_server_neither_loses_nor_blocks_a_submission(
    client, consultation, answers, settings, django_capture_on_commit_callbacks, unused_tcp_port
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = unused_tcp_port

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(consultation.url, answers)

    assert response.status_code == 200
    assert Submission.objects.count() == 1


def test_participation_call_is_listed_on_its_chantier(call):
    assert call.chantier.linked_forms() == [call]


def test_closing_must_follow_opening(consultation):
    from django.core.exceptions import ValidationError

    consultation.closes_at = consultation.opens_at - timedelta(days=1)

    with pytest.raises(ValidationError):
        consultation.full_clean()
