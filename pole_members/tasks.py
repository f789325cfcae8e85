"""The accounts' mails (invitations, sign-in codes, password resets) leave the request through the queue.

A request never waits on the mail server: `queue_mail` hands the message to `send_account_mail` once
the transaction commits. A failed send is tried again after 1 then 2 minutes (a sign-in code lives a few
minutes: later attempts would deliver a dead code), then logged; the member can ask again.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from pole_core.tasks import deferred

logger = logging.getLogger(__name__)

ATTEMPTS = 3


def queue_mail(message):
    """Send `message` (an EmailMessage) from a worker, once the current transaction commits."""
    payload = {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }
    transaction.on_commit(lambda: enqueue(payload))


def enqueue(payload, attempt=1, run_after=None):
    to_run = send_account_mail if run_after is None else deferred(send_account_mail, run_after)
    if to_run is None:
        logger.error("Account mail to %s not sent: the task backend cannot retry later", payload["to"])
        return
    try:
        to_run.enqueue(payload, attempt)
    except Exception:
        logger.exception("Could not queue the account mail to %s", payload["to"])


@task()
def send_account_mail(payload, attempt=1):
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        headers=payload["headers"],
        alternatives=[tuple(alternative) for alternative in payload["alternatives"]],
    )
    try:
        message.send()
    except Exception as error:
        if attempt >= ATTEMPTS:
            logger.error("Account mail to %s failed after %d attempts: %s", payload["to"], attempt, error)
            return False
        logger.warning("Account mail to %s failed (attempt %d), retrying: %s", payload["to"], attempt, error)
        enqueue(payload, attempt + 1, run_after=timezone.now() + timedelta(minutes=attempt))
        return False
    return True
