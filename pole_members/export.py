"""Everything the site keeps about a member, in one structure: the JSON download, its readable page
and /api/v1/me/ all render `member_data`."""

from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.db.models import Prefetch, Q
from django.utils import timezone

from pole_forms.models import MailDelivery

from .models import Invitation, JoinRequest
from .queries import member_chantiers, member_person, member_submissions


def member_data(user, request=None):
    """The member's data as plain JSON-ready values (dates as `datetime`), in a fixed number of queries.

    With `request`, page URLs are absolute (as the request's site answers them); without, None.
    The team's internal note on a submission is not the member's data and is left out.
    """
    addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    emails = sorted({address.email.lower() for address in addresses if address.verified})
    person = member_person(user)
    submissions = member_submissions(user, emails).prefetch_related(
        Prefetch("mail_deliveries", queryset=MailDelivery.objects.order_by("pk"))
    )
    return {
        "generated_at": timezone.now(),
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in addresses
            ],
        },
        "card": card_data(person),
        "memberships": [
            {
                "chantier": membership.page.title,
                "url": _page_url(membership.page, request),
                "role": membership.role,
                "role_label": membership.get_role_display(),
            }
            for membership in member_chantiers(person, live_only=False)
        ],
        "submissions": [submission_data(submission, request) for submission in submissions],
        "invitations": [
            {"email": invitation.email, "sent_at": invitation.sent_at}
            for invitation in _of_member(Invitation.objects.all(), person, emails).order_by("-sent_at")
        ],
        "join_requests": [
            {
                "first_name": join_request.first_name,
                "last_name": join_request.last_name,
                "email": join_request.email,
                "organisation": join_request.organisation_name,
                "message": join_request.message,
                "status": join_request.status,
                "status_label": join_request.get_status_display(),
                "created_at": join_request.created_at,
                "decided_at": join_request.decided_at,
                "decline_reason": join_request.decline_reason,
            }
            for join_request in _of_member(JoinRequest.objects.all(), person, emails).order_by("-created_at")
        ],
    }


def card_data(person):
    if person is None:
        return None
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "role_title": person.role_title,
        "roles": [str(label) for label in person.role_labels()],
        "organisation": person.organisation.name if person.organisation else None,
        "bio": person.bio,
        "email": person.email,
        "email_is_public": person.email_is_public,
        "phone": person.phone,
        "phone_is_public": person.phone_is_public,
        "publication_consent": person.publication_consent,
        "consent_date": person.consent_date,
        "photo": {"title": person.photo.title, "file": person.photo.file.url} if person.photo else None,
    }


def submission_data(submission, request=None):
    chantier = submission.chantier
    return {
        "id": submission.pk,
        "form": submission.page.title,
        "submitted_at": submission.submit_time,
        "email": submission.email,
        "status": submission.status,
        "status_label": submission.get_status_display(),
        "decision_reason": getattr(submission, "decision_reason", ""),
        "chantier": (
            {"title": chantier.title, "url": _page_url(chantier, request)}
            if chantier is not None and chantier.live
            else None
        ),
        "answers": submission.form_data,
        "mails": [
            {
                "kind": delivery.kind,
                "kind_label": delivery.get_kind_display(),
                "state": delivery.state,
                "state_label": delivery.get_state_display(),
                "attempts": delivery.attempts,
                "last_attempt_at": delivery.claimed_at,
                "sent_at": delivery.sent_at,
            }
            for delivery in submission.mail_deliveries.all()
        ],
    }


def _of_member(queryset, person, emails):
    mine = reduce(or_, (Q(email__iexact=email) for email in emails), Q(pk__in=[]))
    if person is not None:
        mine |= Q(person=person)
    return queryset.filter(mine)


def _page_url(page, request):
    return page.get_full_url(request) if page.live else None
