"""What belongs to a member: the querysets « Mon espace », the data export and /api/v1/me/ share.

Each takes the signed-in account (or its request) and never widens to another account: a
submission is the member's when it was made signed in with the account, or given with one of the
account's *verified* addresses (before the account existed); an unverified address proves nothing.
"""

from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone

from pole_directory.models import Person
from pole_forms.api import form_summaries, visible_forms
from pole_forms.models import Submission
from pole_pages.models import ChantierMember


def verified_emails(user):
    """The account's verified addresses (allauth's EmailAddress rows), lowercased."""
    return sorted(
        {
            email.lower()
            for email in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
        }
    )


def member_submissions(user, emails=None):
    """The member's submissions to every form, newest first, with their form and chantier.

    `emails` are the account's verified addresses when the caller has read them already.
    """
    emails = verified_emails(user) if emails is None else emails
    mine = reduce(or_, (Q(email__iexact=email) for email in emails), Q(user=user))
    return Submission.objects.filter(mine).select_related("page", "chantier").order_by("-submit_time", "-pk")


def member_person(user):
    """The account's directory card (`Person`), or None before its first save."""
    return Person.objects.filter(account=user).select_related("photo", "organisation").first()


def member_chantiers(person, *, live_only=True):
    """The person's places in chantiers' working groups, with the chantier page, by chantier title."""
    if person is None:
        return ChantierMember.objects.none()
    memberships = ChantierMember.objects.filter(person=person).select_related("page")
    if live_only:
        memberships = memberships.filter(page__live=True)
    return memberships.order_by("page__title", "pk")


def open_forms(request):
    """Live forms of the request's site open now that the request may fill in (public ones, and the
    members-only ones its account opens), as the forms API summarises them, by title."""
    now = timezone.now()
    pages = (
        visible_forms(request)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("title")
    )
    return form_summaries(list(pages), request)
