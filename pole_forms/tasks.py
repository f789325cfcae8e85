"""Background work of the forms: the mails that follow a submission."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)


def queue_notifications(submission_id):
    """Queue the mails of a submission once it is committed; a broken queue never loses the submission."""

    def enqueue():
        try:
            send_submission_mails.enqueue(submission_id)
        except Exception:
            logger.exception("Could not queue the mails of submission %s", submission_id)

    transaction.on_commit(enqueue)


@task()
def send_submission_mails(submission_id):
    """Tell the editors about a new submission and acknowledge it to the member who sent it."""
    from .models import Submission

    submission = Submission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return {"sent": 0}
    page = submission.page.specific
    context = {"page": page, "submission": submission, "answers": answers(page, submission)}
    sender = page.from_address or settings.DEFAULT_FROM_EMAIL
    mails = []
    editors = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if editors:
        mails.append(
            (
                page.subject or _("Nouvelle réponse à « %(title)s »") % {"title": page.title},
                render_to_string("pole_forms/mail/notification.txt", context),
                editors,
            )
        )
    if submission.email:
        context["thank_you"] = strip_tags(page.thank_you_text)
        mails.append(
            (
                _("Votre réponse à « %(title)s » est bien reçue") % {"title": page.title},
                render_to_string("pole_forms/mail/acknowledgement.txt", context),
                [submission.email],
            )
        )
    sent = 0
    for subject, body, recipients in mails:
        try:
            send_mail(subject, body, sender, recipients)
            sent += 1
        except OSError:
            # smtplib errors are OSErrors: a refused mail server must not stop the other mail.
            logger.exception("Could not send a mail about submission %s", submission_id)
    return {"sent": sent}


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
