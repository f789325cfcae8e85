"""Proposers hear back: each decision on a submission mails its author once, whatever path changed it."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pole_forms.actions import accept_participant, turn_into_chantier
from pole_forms.choices import SubmissionStatus
from pole_forms.models import MailDelivery, Submission
from pole_forms.models.mail import MailKind, MailState
from pole_forms.tasks import resend
from tests.factories import PersonFactory
from tests.factories.forms import SubmissionFactory

pytestmark = pytest.mark.django_db

AUTHOR = "lou.martin@exemple.fr"

# (kind of form, status, what the subject says, what the body says)
DECISIONS = [
    (
        "consultation",
        "retained",
        "Votre proposition à « {title} » est retenue",
        "l'équipe retient votre proposition",
    ),
    ("consultation", "declined", "Votre réponse à « {title} » n'est pas retenue", "l'équipe ne retient pas"),
    (
        "call",
        "accepted",
        "Votre candidature à « {title} » est acceptée",
        "Vous rejoignez le groupe de travail",
    ),
    ("call", "waiting_list", "Votre candidature à « {title} » est sur liste d'attente", "dès qu'une place"),
    ("call", "declined", "Votre réponse à « {title} » n'est pas retenue", "l'équipe ne retient pas"),
]


@pytest.fixture
def submission_of(consultation, call):
    def make(kind, **kwargs):
        kwargs = {"email": AUTHOR, **kwargs}
        if kind == "call":
            return SubmissionFactory(candidate=True, page=call, **kwargs)
        return SubmissionFactory(page=consultation, **kwargs)

    return make


@pytest.fixture
def review(editor_client, django_capture_on_commit_callbacks):
    """Post the review page of a submission (status, message to the author, note) and run its mails."""

    def post(submission, status, reason="", note=""):
        url = reverse("pole_forms:review", args=[submission.page_id, submission.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(url, {"status": status, "decision_reason": reason, "note": note})
        assert response.status_code == 302
        submission.refresh_from_db()
        return submission

    return post


def decision_mails(submission):
    return [message for message in mail.outbox if message.to == [submission.email]]


def decisions(submission):
    return list(
        submission.mail_deliveries.filter(kind=MailKind.DECISION).values_list(
            "decision", "state", "recipients"
        )
    )


@pytest.mark.parametrize(("kind", "status", "subject", "sentence"), DECISIONS)
def test_each_decision_in_the_review_page_mails_the_author_once(
    submission_of, review, kind, status, subject, sentence
):
    submission = review(submission_of(kind), status)

    assert submission.status == status
    assert decisions(submission) == [(status, MailState.SENT, AUTHOR)]
    [message] = decision_mails(submission)
    assert message.subject == subject.format(title=submission.page.title)
    assert sentence in message.body
    assert message.body.startswith("Bonjour,")
    assert "http://localhost/mon-espace/" in message.body


def test_reading_a_proposal_is_no_decision_and_mails_nothing(submission_of, review):
    submission = submission_of("consultation")

    review(submission, "reviewed")
    review(submission, "new")

    assert submission.mail_deliveries.count() == 0
    assert mail.outbox == []


def test_every_status_but_the_first_and_read_is_a_decision_mailed_to_the_author(consultation, call):
    mailed = {status for _kind, status, _subject, _sentence in DECISIONS}
    statuses = {*consultation.submission_statuses, *call.submission_statuses}

    assert mailed == statuses - {SubmissionStatus.NEW, SubmissionStatus.RECEIVED, SubmissionStatus.REVIEWED}


def test_a_declined_answer_tells_the_teams_message_but_never_its_note(submission_of, review):
    submission = review(
        submission_of("consultation"),
        "declined",
        reason="Le thème est déjà travaillé par le chantier mobilité.",
        note="Doublon, voir la proposition 12.",
    )

    [message] = decision_mails(submission)
    assert "Le message de l'équipe :\nLe thème est déjà travaillé par le chantier mobilité." in message.body
    assert "Doublon" not in message.body
    assert submission.decision_reason == "Le thème est déjà travaillé par le chantier mobilité."


def test_the_message_to_the_author_is_not_sent_with_another_decision(submission_of, review):
    submission = review(submission_of("consultation"), "retained", reason="Merci pour cette idée.")

    [message] = decision_mails(submission)
    assert "Merci pour cette idée." not in message.body


def test_a_status_that_comes_back_is_not_mailed_twice(submission_of, review):
    submission = submission_of("consultation")

    for status in ["retained", "reviewed", "retained", "declined", "retained", "declined"]:
        review(submission, status)
    review(submission, "declined", note="Saved again with the same status.")

    assert sorted(decisions(submission)) == [
        ("declined", MailState.SENT, AUTHOR),
        ("retained", MailState.SENT, AUTHOR),
    ]
    assert len(decision_mails(submission)) == 2


def test_a_submission_without_email_gets_no_decision_mail(submission_of, review):
    submission = review(submission_of("consultation", email=""), "declined", reason="Hors sujet.")

    assert submission.mail_deliveries.count() == 0
    assert mail.outbox == []


def test_a_submission_already_in_its_decision_gets_no_mail_when_only_its_note_changes(submission_of, review):
    submission = submission_of("consultation", status=SubmissionStatus.DECLINED)

    review(submission, "declined", note="Relu.")

    assert submission.mail_deliveries.count() == 0


def test_the_bulk_status_change_mails_each_author_whose_status_changed(
    editor_client, consultation, django_capture_on_commit_callbacks
):
    chosen = SubmissionFactory.create_batch(3, page=consultation)
    already = SubmissionFactory(page=consultation, status=SubmissionStatus.DECLINED)
    other = SubmissionFactory(page=consultation)

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("pole_forms:bulk_status", args=(consultation.pk,)),
            {"status": "declined", "selected-submissions": [s.pk for s in [*chosen, already]]},
        )

    assert sorted(message.to[0] for message in mail.outbox) == sorted(s.email for s in chosen)
    assert MailDelivery.objects.filter(submission__in=[already, other]).count() == 0
    assert {s.status for s in Submission.objects.filter(pk__in=[s.pk for s in chosen])} == {"declined"}


def test_a_proposal_turned_into_a_chantier_tells_it_will_be_published_after_the_board(
    editor_client, consultation, chantier_index, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(page=consultation, email=AUTHOR)

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("pole_forms:turn_into_chantier", args=(consultation.pk,)), {"submission": submission.pk}
        )

    [message] = decision_mails(submission)
    assert message.subject == f"Votre proposition à « {consultation.title} » devient un chantier"
    assert "devient le chantier « Mobilité douce des publics »" in message.body
    assert "après sa validation par le conseil d'administration" in message.body
    assert decisions(submission) == [("chantier", MailState.SENT, AUTHOR)]


def test_a_retained_proposal_hears_again_when_it_becomes_a_live_chantier(
    submission_of, review, chantier_index, django_capture_on_commit_callbacks
):
    submission = review(submission_of("consultation"), "retained")
    with django_capture_on_commit_callbacks(execute=True):
        chantier = turn_into_chantier(submission)
    chantier.save_revision().publish()
    mail.outbox.clear()
    # The mail is written when it is sent: send the chantier's again, now that the page is live.
    delivery = submission.mail_deliveries.get(decision="chantier")
    MailDelivery.objects.filter(pk=delivery.pk).update(state=MailState.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        resend(delivery)

    [message] = decision_mails(submission)
    assert f"Voir le chantier : http://localhost{chantier.url}" in message.body
    assert "conseil d'administration" not in message.body
    assert sorted(decision for decision, _state, _to in decisions(submission)) == ["chantier", "retained"]


def test_an_accepted_candidate_hears_which_working_group_they_join(call, django_capture_on_commit_callbacks):
    submission = SubmissionFactory(candidate=True, page=call, email=AUTHOR)

    with django_capture_on_commit_callbacks(execute=True):
        accept_participant(submission)

    [message] = decision_mails(submission)
    assert "Vous rejoignez le groupe de travail du chantier « Le chantier mobilité »." in message.body
    assert decisions(submission) == [("accepted", MailState.SENT, AUTHOR)]


def test_the_decision_speaks_the_language_of_the_acknowledgement(
    consultation, answers, review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(consultation.url, answers, HTTP_ACCEPT_LANGUAGE="en")
    submission = Submission.objects.get()
    mail.outbox.clear()

    review(submission, "declined")

    assert submission.mail_deliveries.get(kind=MailKind.DECISION).language == "en"
    [message] = decision_mails(submission)
    assert message.body.startswith("Hello,")


def test_each_decision_has_its_own_message_id(submission_of, review):
    submission = submission_of("consultation")

    review(submission, "retained")
    review(submission, "declined")

    ids = [message.extra_headers["Message-ID"].partition("@")[0] for message in decision_mails(submission)]
    assert ids == [
        f"<pole-forms.{submission.pk}.decision.retained",
        f"<pole-forms.{submission.pk}.decision.declined",
    ]


# The chantier page links back to the proposals it comes from.


@pytest.fixture
def live_chantier(consultation, chantier_index):
    submission = SubmissionFactory(page=consultation)
    chantier = turn_into_chantier(submission)
    chantier.save_revision().publish()
    return chantier


def proposal_by(consultation, chantier, author):
    return SubmissionFactory(page=consultation, chantier=chantier, user=author, status="retained")


def test_the_chantier_page_says_it_comes_from_a_members_proposal(client, live_chantier, consultation):
    html = client.get(live_chantier.url).content.decode()

    assert f"Issu d'une proposition d'adhérent·e (consultation « {consultation.title} »)" in html


@pytest.mark.parametrize("consent", [True, False])
def test_the_author_is_named_only_when_their_directory_card_is_published(
    client, live_chantier, consultation, django_user_model, consent
):
    author = django_user_model.objects.create_user(username="lou", email=AUTHOR)
    PersonFactory(first_name="Lou", last_name="Martin", account=author, publication_consent=consent)
    live_chantier.source_submissions.update(user=author)

    html = client.get(live_chantier.url).content.decode()

    assert ("Issu d'une proposition de Lou Martin" in html) is consent
    assert ("Lou Martin" in html) is consent


def test_the_chantier_page_reads_its_proposals_in_a_constant_number_of_queries(
    client, live_chantier, consultation, django_user_model, assert_max_queries
):
    first_author = django_user_model.objects.create_user(username="lou")
    PersonFactory(account=first_author, publication_consent=True)
    live_chantier.source_submissions.update(user=first_author)
    one = assert_max_queries(100, client.get, live_chantier.url)
    for number in range(3):
        author = django_user_model.objects.create_user(username=f"membre{number}")
        PersonFactory(account=author, publication_consent=True)
        proposal_by(consultation, live_chantier, author)

    assert assert_max_queries(one, client.get, live_chantier.url) == one
