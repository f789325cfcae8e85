"""Visitors asking to join (when POLE_MEMBERS_JOIN_REQUESTS is on), and the team's decisions.

The public form stores a pending request and tells the team; the team approves it (the person is found
or created in the directory, then invited) or declines it with a reason, which the visitor receives.
The rule of a decision lives in `approve` and `decline`; the admin views only call them.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from pole_directory.models import Person
from pole_forms import throttle
from pole_forms.conf import throttle_rate
from pole_forms.submitting import client_key
from pole_pages.workflow import EDITORS_GROUP

from .conf import setting
from .invitations import AlreadyMember, invite, site_url
from .models import JoinRequest, JoinRequestStatus
from .tasks import queue_mail

HONEYPOT_FIELD = "site_web"


class DuplicateRequest(Exception):
    pass


class JoinRequestForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "J'accepte que l'équipe conserve ces informations le temps de traiter ma demande, "
            "puis avec ma fiche si je deviens adhérent·e."
        ),
        error_messages={"required": _("Cochez cette case pour que l'équipe puisse traiter votre demande.")},
    )
    # Out of sight for people (see forms.css): a robot that fills it is thanked and forgotten.
    site_web = forms.CharField(label=_("Laissez ce champ vide"), required=False)

    class Meta:
        model = JoinRequest
        fields = ["first_name", "last_name", "email", "organisation_name", "message"]
        help_texts = {
            "organisation_name": _("L'association, la compagnie ou le lieu pour lequel vous travaillez."),
            "message": _("Quelques mots sur vous et ce qui vous amène (facultatif)."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if pending_request_exists(email):
            raise forms.ValidationError(duplicate_message())
        return email

    @property
    def is_robot(self):
        return bool(self.data.get(HONEYPOT_FIELD))


def duplicate_message():
    # The same words whoever owns the address: nothing here tells whether it belongs to a member.
    return gettext(
        "Une demande avec ce courriel est déjà en attente : l'équipe vous répondra par courriel dès "
        "qu'elle l'aura examinée."
    )


def pending_request_exists(email):
    return JoinRequest.objects.filter(email__iexact=email, status=JoinRequestStatus.PENDING).exists()


def require_open_join_requests():
    if not setting("POLE_MEMBERS_JOIN_REQUESTS"):
        raise Http404


@require_http_methods(["GET", "HEAD", "POST"])
def join(request):
    """The public form: a valid request is stored, the team told, and the visitor sent to the thanks page."""
    require_open_join_requests()
    if request.method != "POST":
        return render_join(request, JoinRequestForm())
    limit, period = throttle_rate()
    verdict = throttle.attempt(f"join:{client_key(request)}", limit, period)
    form = JoinRequestForm(request.POST)
    if not verdict.allowed:
        form.add_error(None, gettext("Trop d'envois en peu de temps : réessayez dans quelques minutes."))
        response = render_join(request, form, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    if form.is_robot:
        return see_thanks()
    if not form.is_valid():
        return render_join(request, form, status=400)
    try:
        with transaction.atomic():
            join_request = form.save()
            notify_team(join_request)
    except IntegrityError:  # the same address sent twice at once: the database kept one pending request
        form.add_error("email", duplicate_message())
        return render_join(request, form, status=400)
    return see_thanks()


def see_thanks():
    # 303: reloading the thanks page does not send the form again.
    response = redirect("pole_members:join_thanks")
    response.status_code = 303
    return response


def join_thanks(request):
    require_open_join_requests()
    return TemplateResponse(request, "pole_members/join_thanks.html", {})


def render_join(request, form, status=200):
    return TemplateResponse(request, "pole_members/join.html", {"form": form}, status=status)


def team_addresses():
    """The addresses of the communication team, who review the requests."""
    users = get_user_model().objects.filter(groups__name=EDITORS_GROUP, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def render_mail(template, context, to):
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
        subject = render_to_string(f"pole_members/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"pole_members/mail/{template}_message.txt", context)
    return EmailMessage(subject=subject, body=body, to=to)


def notify_team(join_request):
    recipients = team_addresses()
    if not recipients:
        return
    review_url = site_url(reverse("join_requests:edit", args=[join_request.pk]))
    queue_mail(
        render_mail("join_request", {"join_request": join_request, "review_url": review_url}, recipients)
    )


class DecisionRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_pending(join_request):
    if not join_request.is_pending:
        raise DecisionRefused(gettext("Cette demande a déjà été traitée."))


def approve(join_request, decided_by):
    """Accept the request: find the person by address (or add them, unpublished), invite them.

    Returns the message for the team. Raises `DecisionRefused` when the request was already decided,
    or `InvitationRefused` when the person cannot be invited (nothing is then changed).
    """
    check_pending(join_request)
    with transaction.atomic():
        person = Person.objects.filter(email__iexact=join_request.email).select_related("account").first()
        if person is None:
            person = Person.objects.create(
                first_name=join_request.first_name,
                last_name=join_request.last_name,
                email=join_request.email,
                organisation=join_request.organisation,
                publication_consent=False,
            )
        try:
            invite(person, invited_by=decided_by)
        except AlreadyMember:
            message = gettext(
                "%(name)s a déjà un compte actif : la demande est acceptée sans nouvelle invitation."
            )
        else:
            message = gettext("Demande acceptée : %(name)s a reçu une invitation.")
        record_decision(join_request, JoinRequestStatus.APPROVED, decided_by, person=person)
    return message % {"name": person.full_name}


def decline(join_request, decided_by, reason):
    """Decline the request with `reason`, which the visitor receives in a polite mail."""
    check_pending(join_request)
    with transaction.atomic():
        record_decision(join_request, JoinRequestStatus.DECLINED, decided_by, decline_reason=reason)
        queue_mail(render_mail("join_declined", {"join_request": join_request}, [join_request.email]))
    return gettext("Demande refusée : %(name)s en est informé·e par courriel.") % {
        "name": join_request.full_name
    }


def record_decision(join_request, status, decided_by, **fields):
    join_request.status = status
    join_request.decided_at = timezone.now()
    join_request.decided_by = decided_by
    for name, value in fields.items():
        setattr(join_request, name, value)
    join_request.save()
