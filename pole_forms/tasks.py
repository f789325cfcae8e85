"""Background work of the forms: the mails that follow a submission, each sent once.

Each mail (the editors' notification, the member's acknowledgement, then the author's decision mails)
is a `MailDelivery` row, planned with the submission (or with the change of its status) and sent by
its own task, `deliver_mail`. One attempt goes:

1. claim: the delivery goes from due to "sending" with a fresh token, in one conditional UPDATE, so
   of two tasks for one delivery (a retry and a recovery, say) only one sends;
2. send: with `pole_forms.mail.EmailBackend` (the production default), just before the final "." of
   SMTP DATA, the moment the server takes the message, `handed_over_at` is recorded, if the claim is
   still ours (else the send stops there and the server drops the message);
3. record: sent; or, on a failure the server reported or a broken connection before the handover,
   a retry after 2, 4, 8 then 16 minutes (POLE_FORMS_MAIL_…), then failed, shown to the editors.

A worker killed during 2 leaves a stale claim that `recover_mails` takes back: without a handover the
server never had the whole message, so it is sent again; after the handover the server may have it,
so it shows as failed, to be resent by an editor, never by itself: at most once in that window (the
server's answer to the dot and one UPDATE), exactly once everywhere else. With any other mail backend
(console, a mail API) no handover is recorded: a send that raises or is killed is retried, at least once.
"""

import logging
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_tasks import task

from pole_core.tasks import deferred, unfinished

from .choices import SubmissionStatus
from .mail import Handover
from .models.mail import ClaimLost, MailDelivery, MailKind, MailState, stale_before
from .models.submission import CHANTIER_DECISION

logger = logging.getLogger(__name__)

DECISION_SUBJECTS = {
    SubmissionStatus.RETAINED: gettext_lazy("Votre proposition à « %(title)s » est retenue"),
    CHANTIER_DECISION: gettext_lazy("Votre proposition à « %(title)s » devient un chantier"),
    SubmissionStatus.ACCEPTED: gettext_lazy("Votre candidature à « %(title)s » est acceptée"),
    SubmissionStatus.WAITING_LIST: gettext_lazy("Votre candidature à « %(title)s » est sur liste d'attente"),
    SubmissionStatus.DECLINED: gettext_lazy("Votre réponse à « %(title)s » n'est pas retenue"),
}


def queue_notifications(submission_id):
    """Plan the mails of a stored submission and queue their sending once the transaction commits.

    The deliveries are written in the caller's transaction: called in the one that stores the
    submission, no mail can be lost between the two. A broken queue loses nothing either:
    `recover_mails` queues the deliveries no worker picked up.
    """
    from .models import Submission

    submission = Submission.objects.select_related("page").get(pk=submission_id)
    ids = [delivery.pk for delivery in plan_mails(submission)]
    transaction.on_commit(lambda: enqueue(ids))


def plan_mails(submission):
    """Create the deliveries of a submission: to the form's editors, and to the member if known."""
    page = submission.page.specific
    recipients = {
        MailKind.NOTIFICATION: ", ".join(
            address.strip() for address in page.to_address.split(",") if address.strip()
        ),
        MailKind.ACKNOWLEDGEMENT: submission.email,
    }
    languages = {MailKind.ACKNOWLEDGEMENT: get_language() or ""}
    deliveries = [
        MailDelivery(
            submission=submission,
            kind=kind,
            recipients=addresses,
            language=languages.get(kind, ""),
            next_attempt_at=submission.submit_time,
        )
        for kind, addresses in recipients.items()
        if addresses
    ]
    MailDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    return MailDelivery.objects.filter(submission=submission)


def queue_decisions(submissions):
    """Plan the mail telling each author the decision on their submission, and queue it on commit.

    Called in the transaction that changes the status (`SubmissionQuerySet.change_status`).
    """
    ids = [delivery.pk for delivery in plan_decisions(submissions)]
    transaction.on_commit(lambda: enqueue(ids))


def plan_decisions(submissions):
    """Create the deliveries of the authors' decision mails: one per submission and decision.

    A submission without email gets none. A decision already announced keeps its delivery and gets no
    other (the unique constraint on submission, kind and decision): a status that comes back after a
    change is not mailed twice. The mail is in the language of the submission's acknowledgement.
    """
    submissions = [submission for submission in submissions if submission.email]
    if not submissions:
        return []
    languages = dict(
        MailDelivery.objects.filter(submission__in=submissions, kind=MailKind.ACKNOWLEDGEMENT).values_list(
            "submission_id", "language"
        )
    )
    now = timezone.now()
    deliveries = [
        MailDelivery(
            submission=submission,
            kind=MailKind.DECISION,
            decision=submission.decision,
            recipients=submission.email,
            language=languages.get(submission.pk, ""),
            next_attempt_at=now,
        )
        for submission in submissions
    ]
    MailDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    planned = Q()
    for delivery in deliveries:
        planned |= Q(submission_id=delivery.submission_id, decision=delivery.decision)
    return list(MailDelivery.objects.filter(planned, kind=MailKind.DECISION))


def enqueue(ids, run_after=None):
    """Queue the sending of these deliveries, at once or at `run_after`.

    Each delivery keeps the id of its task, so that `recover_mails` leaves it alone while the task
    waits or runs. A failing queue is logged, and a backend that cannot defer (immediate) queues
    nothing for later: either way `recover_mails` queues them once they are due.
    """
    task = deliver_mail if run_after is None else deferred(deliver_mail, run_after)
    if task is None:
        return
    for delivery_id in ids:
        try:
            result = task.enqueue(delivery_id)
        except Exception:
            logger.exception("Could not queue mail delivery %s", delivery_id)
        else:
            MailDelivery.objects.filter(pk=delivery_id).update(task_id=result.id)


@task()
def deliver_mail(delivery_id):
    """Make one attempt at one mail, if it is due and no other worker has it; returns its state."""
    delivery = MailDelivery.objects.claim(delivery_id)
    if delivery is None:
        return None
    handover = Handover(delivery.record_handover)
    try:
        get_connection(handover=handover).send_messages([build_message(delivery)])
    except ClaimLost:
        return None
    except Exception as error:
        return record_error(delivery, handover, error)
    delivery.record_sent()
    return MailState.SENT


def record_error(delivery, handover, error):
    """Record how an attempt ended when the send raised, and queue the retry if there is one."""
    if handover.accepted:
        # Only the goodbye failed: the server has the message.
        delivery.record_sent()
        return MailState.SENT
    # Only pole_forms.mail.EmailBackend hands over; a broken connection after the dot is no answer.
    if handover.done and not isinstance(error, smtplib.SMTPResponseException):
        delivery.record_uncertain(error)
        return MailState.FAILED
    next_attempt_at = delivery.record_failure(error, permanent=is_permanent(error))
    if next_attempt_at is None:
        logger.warning(
            "Mail delivery %s: no retry after %d attempt(s): %s", delivery.pk, delivery.attempts, error
        )
        return MailState.FAILED
    enqueue([delivery.pk], run_after=next_attempt_at)
    return MailState.RETRYING


def is_permanent(error):
    """True when the server refused the mail for good (5xx): another attempt would get the same answer."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600


def build_message(delivery):
    """The EmailMessage of a delivery, rendered now from its submission and form, in its language."""
    with translation.override(delivery.language or settings.LANGUAGE_CODE):
        return _build_message(delivery)


def _build_message(delivery):
    submission = delivery.submission
    page = submission.page.specific
    context = {"page": page, "submission": submission, "answers": answers(page, submission)}
    sender = page.from_address or settings.DEFAULT_FROM_EMAIL
    if delivery.kind == MailKind.NOTIFICATION:
        subject = page.subject or _("Nouvelle réponse à « %(title)s »") % {"title": page.title}
        body = render_to_string("pole_forms/mail/notification.txt", context)
    elif delivery.kind == MailKind.DECISION:
        subject = DECISION_SUBJECTS[delivery.decision] % {"title": page.title}
        body = render_to_string("pole_forms/mail/decision.txt", decision_context(delivery, page))
    else:
        context["thank_you"] = strip_tags(page.thank_you_text)
        subject = _("Votre réponse à « %(title)s » est bien reçue") % {"title": page.title}
        body = render_to_string("pole_forms/mail/acknowledgement.txt", context)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    # The same Message-ID at every attempt: a mailbox that already has the message can tell.
    message_id = ".".join(filter(None, [str(delivery.submission_id), delivery.kind, delivery.decision]))
    headers = {"Message-ID": f"<pole-forms.{message_id}@{domain}>"}
    return EmailMessage(subject, body, sender, delivery.recipient_list, headers=headers)


def decision_context(delivery, page):
    """What a decision mail says: the decision, the team's message if declined, the chantier, « Mon espace »."""
    submission = delivery.submission
    if delivery.decision in (CHANTIER_DECISION, SubmissionStatus.RETAINED):
        chantier = submission.chantier
    else:
        chantier = getattr(page, "chantier", None)
    declined = delivery.decision == SubmissionStatus.DECLINED
    return {
        "page": page,
        "decision": delivery.decision,
        "reason": submission.decision_reason if declined else "",
        "chantier": chantier,
        "chantier_url": chantier.get_full_url() if chantier is not None and chantier.live else "",
        "space_url": member_space_url(page),
        "has_account": submission.user_id is not None,
    }


def member_space_url(page):
    """The full address of « Mon espace » on the form's site, or "" when pole_members is not installed."""
    site = page.get_site()
    try:
        path = reverse("pole_members:space")
    except NoReverseMatch:
        return ""
    return f"{site.root_url}{path}" if site is not None else ""


def answers(page, submission):
    """[(label, value)] of a submission, in the order of the form."""
    data = submission.form_data
    labels = [(field.clean_name, field.label) for field in page.get_form_fields()]
    return [(label, format_answer(data.get(name))) for name, label in labels if name in data]


def format_answer(value):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    return "" if value is None else str(value)


def resend(delivery):
    """Send a failed mail again at an editor's request; False if it is not failed."""
    if not delivery.resend():
        return False
    transaction.on_commit(lambda: enqueue([delivery.pk]))
    return True


def recover_mails():
    """Take back the mails of stopped workers, and queue them with the due mails whose task is lost.

    A mail due for POLE_FORMS_MAIL_STALE_SECONDS whose task still waits (behind a long queue, say) or
    runs is left to that task: recovery never adds a second task for a mail (`pole_core.tasks`).
    """
    released = MailDelivery.objects.release_stale()
    overdue = dict(MailDelivery.objects.overdue().values_list("pk", "task_id"))
    alive = unfinished(filter(None, overdue.values()), started_after=stale_before())
    lost = [pk for pk, task_id in overdue.items() if task_id not in alive]
    enqueue(sorted({*released, *lost}))
