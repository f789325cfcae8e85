"""An SMTP backend that tells the moment a mail server takes responsibility for a message.

An SMTP server takes a message when it receives the final "." of the DATA command, and says so with
its answer. `EmailBackend` is Django's SMTP backend that, given a `Handover`, calls it just before
sending that dot, then notes whether the server accepted: a worker that records the handover knows
whether a message it was sending when it stopped may have gone out (see `pole_forms.tasks`). Without
a handover it is Django's backend unchanged, so it can be the project's EMAIL_BACKEND for every mail.
"""

import smtplib

from django.core.mail.backends import smtp

# The end of the DATA command's payload: the message's last line break, then a line holding a dot.
END_OF_DATA = b"\r\n.\r\n"
FINAL_DOT = b".\r\n"


class Handover:
    """What one send tells of the mail server's responsibility for its message.

    `record` is called just before the message becomes the server's; if it raises, the message is
    not sent (the server drops a DATA without its final dot). `done` and `accepted` say how far the
    send went: handed over, then accepted by the server.
    """

    def __init__(self, record):
        self.record = record
        self.done = False
        self.accepted = False


class _HandoverMixin:
    handover = None

    def send(self, s):
        if self.handover is None or not (isinstance(s, bytes) and s.endswith(END_OF_DATA)):
            return super().send(s)
        super().send(s[: -len(FINAL_DOT)])
        try:
            self.handover.record()
        except BaseException:
            # Close at once: a QUIT now would be read as a line of the message.
            self.close()
            raise
        self.handover.done = True
        super().send(FINAL_DOT)

    def data(self, msg):
        reply = super().data(msg)
        # smtplib raises on any answer but 250, so here the server has the message.
        if self.handover is not None:
            self.handover.accepted = True
        return reply


class HandoverSMTP(_HandoverMixin, smtplib.SMTP):
    pass


class HandoverSMTPSSL(_HandoverMixin, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    """Django's SMTP backend, telling `handover` (a Handover) when the server takes each message."""

    reports_handover = True

    def __init__(self, *args, handover=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.handover = handover

    @property
    def connection_class(self):
        return HandoverSMTPSSL if self.use_ssl else HandoverSMTP

    def open(self):
        opened = super().open()
        if self.connection is not None:
            self.connection.handover = self.handover
        return opened
