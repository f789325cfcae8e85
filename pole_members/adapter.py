"""How allauth behaves for Pôle: accounts come from invitations (or approved join requests), not sign-ups;
its mails leave through the queue, under the site's name; rate limits see the client through our proxies."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from wagtail.models import Site

from pole_core.clients import client_ip

from .tasks import queue_mail

# The header already says who is signed in, or offers to sign in: these messages would only linger in
# the session until the next accounts' page (the public pages do not show messages).
SILENT_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


class MailSite:
    """What allauth's mail templates call `current_site`: the Wagtail site's name and the request's host."""

    def __init__(self, request):
        if request is not None:
            site = Site.find_for_request(request)
        else:
            site = Site.objects.filter(is_default_site=True).first()
        self.name = (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", "")
        self.domain = request.get_host() if request is not None else (site.hostname if site else "")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # An account is created by the team (an invitation, an approved join request), never by a visitor.
        return False

    def send_mail(self, template_prefix, email, context):
        # allauth's own send_mail, except that the mail is queued: a request never waits on the mail server.
        request = allauth_context.request
        mail_context = {"request": request, "email": email, "current_site": MailSite(request)}
        mail_context.update(context)
        queue_mail(self.render_mail(template_prefix, email, mail_context))

    def format_email_subject(self, subject):
        return f"[{MailSite(allauth_context.request).name}] {subject}"

    def get_client_ip(self, request):
        # The per-address rate limits count the client, not the reverse proxy in front of us.
        return client_ip(request)

    def add_message(
        self, request, level, message_template=None, message_context=None, extra_tags="", message=None
    ):
        if message_template in SILENT_MESSAGES:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)
