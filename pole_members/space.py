"""« Mon espace »: what a signed-in member sees of their own data, their card, their data export and
the erasure of their account. Every answer is the member's own: `private, no-store`."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pole_forms.erasure import erase_account_data

from .export import member_data
from .forms import CardForm
from .models import JoinRequest
from .queries import member_chantiers, member_person, member_submissions, open_forms, verified_emails

SUBMISSIONS_PER_PAGE = 20


def private(view):
    """The view's answers are the member's alone: never stored by a browser or a cache in front."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@login_required
@private
def overview(request):
    """The member's submissions (paginated), working groups, the forms open to them, and their card."""
    person = member_person(request.user)
    submissions = Paginator(member_submissions(request.user), SUBMISSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "pole_members/space.html",
        {
            "person": person,
            "submissions": submissions,
            "memberships": member_chantiers(person),
            "forms": open_forms(request),
        },
    )


@login_required
@private
@require_http_methods(["GET", "POST"])
def card(request):
    """The member's trombinoscope card; their first save creates it, linked to their account."""
    person = member_person(request.user)
    form = CardForm(request.POST or None, request.FILES or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        if person.publication_consent:
            messages.success(request, _("Votre fiche est enregistrée."))
        else:
            messages.success(
                request,
                _("Votre fiche est enregistrée. Elle n'apparaît pas sur le site ni dans l'API publique."),
            )
        return _see_other("pole_members:card")
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "pole_members/card.html", {"form": form, "person": person}, status=status
    )


@login_required
@private
def data_json(request):
    """All the member's data, as a JSON file to download."""
    content = json.dumps(
        member_data(request.user, request), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@private
def data_page(request):
    """All the member's data, as a page to read or print."""
    return TemplateResponse(request, "pole_members/data.html", {"data": member_data(request.user, request)})


@login_required
@private
@reauthentication_required
@require_http_methods(["GET", "POST"])
def erase(request):
    """Erase the member's data and account, once they confirm (and have just given their password again)."""
    if request.method == "GET":
        return TemplateResponse(request, "pole_members/erase.html", {})
    user = request.user
    emails = verified_emails(user)
    with transaction.atomic():
        erase_account_data(user, emails)
        for email in emails:
            JoinRequest.objects.filter(email__iexact=email).delete()
        logout(request)
        user.delete()
    messages.success(request, _("Votre compte et vos données ont été effacés. Au revoir !"))
    return _see_other("/")


def _see_other(to):
    response = redirect(to)
    response.status_code = 303
    return response
