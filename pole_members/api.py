"""`/api/v1/me/…`: the signed-in member's own data, for a front-end holding their session token.

Every endpoint answers 401 to an anonymous request and `Cache-Control: private, no-store` always:
nothing here is ever shared with another member or kept by a cache. What belongs to the member is
decided by `pole_members.queries`, shared with « Mon espace » and the data export.
"""

import django_filters
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError

from pole_core.api.body import BODY_ERRORS, json_body
from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, ApiError
from pole_core.api.images import image_out
from pole_core.api.listing import PAGINATION_PARAMETERS, check_parameters, filter_parameters, paginate
from pole_core.api.openapi import members_only, own_cache_control
from pole_core.api.shapes import shape
from pole_directory.models import Person
from pole_directory.schemas import organisation_ref
from pole_forms.api import FormListOut
from pole_forms.choices import SubmissionStatus
from pole_pages.api.common import chantier_refs, page_url_builder
from pole_pages.choices import MemberRole

from .export import member_data
from .forms import CardForm
from .queries import member_chantiers, member_person, member_submissions, open_forms
from .schemas import CardIn, CardOut, MeOut, MyChantierListOut, MySubmissionListOut

router = Router(tags=["mon espace"])

PRIVATE = "`private, no-store`: the answer is the member's own."


class PaginationOnly(django_filters.FilterSet):
    """The listings of this router take no filter: `limit` and `offset` only."""


PAGINATION = filter_parameters(PaginationOnly)


def signed_in_user(request, response):
    """The request's member; 401 for an anonymous request. Marks the answer private either way."""
    response["Cache-Control"] = "private, no-store"
    if not request.user.is_authenticated:
        raise ApiError(401, _("Connectez-vous pour accéder à votre espace."))
    return request.user


def card_out(person, request):
    return shape(
        person,
        CardOut,
        organisation=organisation_ref(person.organisation),
        photo=image_out(person.photo, request),
    )


def submission_items(submissions, request):
    """MySubmissionOut of listed submissions; their forms and chantiers read with them."""
    full_url = page_url_builder(request)
    chantiers = chantier_refs(request, [submission.chantier_id for submission in submissions])
    return [
        {
            "id": submission.pk,
            "form": {
                "id": submission.page_id,
                "type": submission.page.specific_class._meta.model_name,
                "title": submission.page.title,
                "url": full_url(submission.page.url_path) if submission.page.live else None,
            },
            "submitted_at": submission.submit_time,
            "status": choice_of(SubmissionStatus, submission.status),
            "decision_reason": submission.decision_reason,
            "chantier": chantiers.get(submission.chantier_id),
        }
        for submission in submissions
    ]


def chantier_items(memberships, request):
    full_url = page_url_builder(request)
    return [
        {
            "chantier": {
                "id": membership.page_id,
                "type": "chantierpage",
                "title": membership.page.title,
                "url": full_url(membership.page.url_path),
            },
            "role": choice_of(MemberRole, membership.role),
        }
        for membership in memberships
    ]


def paginated(request, rows, items):
    check_parameters(request, PAGINATION_PARAMETERS)
    page = paginate(request, rows)
    page["items"] = items(page["items"])
    return page


@router.get(
    "/me/",
    response={200: MeOut, **ERROR_RESPONSES},
    summary="Mon compte",
    description="The signed-in member's account (email, names) and their card in the directory, with its "
    "private fields: consent to publication, and which contacts are public.",
)
@members_only
@own_cache_control(PRIVATE)
def me(request, response: HttpResponse):
    user = signed_in_user(request, response)
    check_parameters(request, [])
    person = member_person(user)
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "card": card_out(person, request) if person else None,
    }


@router.get(
    "/me/submissions/",
    response={200: MySubmissionListOut, **ERROR_RESPONSES},
    openapi_extra=PAGINATION,
    summary="Mes réponses aux formulaires",
    description="The member's answers to forms, newest first: those sent signed in, and those sent with one "
    "of the account's verified addresses. Each gives the team's review status, the reason of its decision "
    "and the chantier a retained proposal became.",
)
@members_only
@own_cache_control(PRIVATE)
def my_submissions(request, response: HttpResponse):
    user = signed_in_user(request, response)
    return paginated(request, member_submissions(user), lambda rows: submission_items(rows, request))


@router.get(
    "/me/chantiers/",
    response={200: MyChantierListOut, **ERROR_RESPONSES},
    openapi_extra=PAGINATION,
    summary="Mes chantiers",
    description="The published chantiers whose working group the member's card belongs to, with their role, "
    "by chantier title.",
)
@members_only
@own_cache_control(PRIVATE)
def my_chantiers(request, response: HttpResponse):
    user = signed_in_user(request, response)
    memberships = member_chantiers(member_person(user))
    return paginated(request, memberships, lambda rows: chantier_items(rows, request))


@router.get(
    "/me/forms/",
    response={200: FormListOut, **ERROR_RESPONSES},
    openapi_extra=PAGINATION,
    summary="Les formulaires ouverts pour moi",
    description="The forms open now that the member may fill in: the public ones and the members-only ones "
    "their account opens, by title. Each item links to its schema.",
)
@members_only
@own_cache_control(PRIVATE)
def my_forms(request, response: HttpResponse):
    signed_in_user(request, response)
    return paginated(request, open_forms(request), lambda rows: rows)


@router.get(
    "/me/export/",
    response={200: dict, **ERROR_RESPONSES},
    summary="Toutes mes données",
    description="Everything the site holds about the member, as « Mon espace » downloads it: account, "
    "card, invitations, submissions with their answers, working groups.",
)
@members_only
@own_cache_control(PRIVATE)
def my_export(request, response: HttpResponse):
    user = signed_in_user(request, response)
    check_parameters(request, [])
    return member_data(user, request)


@router.patch(
    "/me/card/",
    response={200: CardOut, **BODY_ERRORS},
    summary="Modifier ma fiche",
    description="Change the member's card as « Mon espace » does: role title, presentation, phone, which "
    "contacts are public, consent to publication (the photo is changed on the site). The body is a JSON "
    "object (`application/json`, 415 otherwise) with only the fields to change; the same rules as the "
    "site's form apply (400 naming the field otherwise). Withdrawing the consent removes the card from the "
    "site, the API and the search at once. A member without a card gets one in their name.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": CardIn.model_json_schema()}},
        },
    },
)
@members_only
def update_card(request, response: HttpResponse):
    user = signed_in_user(request, response)
    try:
        changes = CardIn.model_validate(json_body(request)).model_dump(exclude_none=True)
    except ValidationError as error:
        raise NinjaValidationError(error.errors()) from None
    # The site's form, its rules and its saving; a member without a card gets one, as on the site.
    person = member_person(user) or Person()
    unchanged = CardForm(instance=person, user=user).initial
    form = CardForm(instance=person, user=user, data={**unchanged, **changes})
    if not form.is_valid():
        errors = {name: list(messages) for name, messages in form.errors.items()}
        raise ApiError(400, _("La fiche n'a pas été enregistrée."), errors)
    return card_out(form.save(), request)
