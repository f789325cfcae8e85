"""Chantiers: the list and the detail with roles, framing, actions and their progress."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router
from wagtail.rich_text import expand_db_html

from pole_core.api.choices import choice_of
from pole_core.api.errors import ERROR_RESPONSES, NOT_FOUND
from pole_core.api.images import image_outs
from pole_core.api.listing import check_parameters, filter_parameters, list_page
from pole_core.api.params import Id
from pole_core.api.rendering import unvalidated_json
from pole_directory.schemas import (
    axis_out,
    consenting_people,
    organisation_ref,
    person_ref,
    person_refs,
    person_refs_of,
)

from .. import lifecycle
from ..choices import (
    ActionStatus,
    Audience,
    DeliverableStatus,
    EventKind,
    MeetingFrequency,
    MemberRole,
    MissionHolder,
    Priority,
    ProgressSource,
    TargetPeriod,
)
from ..filters import ChantierFilterSet
from ..models import ChantierPage
from .common import (
    ORDERING_PARAMETER,
    PAGE_ORDERINGS,
    PAGE_ROW_FIELDS,
    PAGE_SEARCH_FIELDS,
    SEARCH_PARAMETER,
    axes_by_page,
    count_public_pages,
    form_ref,
    page_head,
    page_ref,
    page_row,
    page_url_builder,
    public_pages,
    stream_out,
)
from .events import event_dates_ref
from .schemas import (
    ChantierListOut,
    ChantierOut,
)

router = Router(tags=["chantiers"])

# The listing reads these columns only, as `.values()` rows: no page instances, and none of the
# long content (StreamFields, rich text) read or decoded.
SUMMARY_FIELDS = (*PAGE_ROW_FIELDS, "status", "intro", "image_id", "co_president_referent_id")

# Chantiers


def chantier_summaries(rows, request):
    """ChantierSummaryOut of `rows` (dicts of SUMMARY_FIELDS), their relations read in bulk."""
    full_url = page_url_builder(request)
    axes = axes_by_page(ChantierPage, [row["id"] for row in rows])
    people = consenting_people([row["co_president_referent_id"] for row in rows])
    # The chantiers' images and the referents' photos, in one query.
    images = image_outs(
        [*(row["image_id"] for row in rows), *(person.photo_id for person in people)], request
    )
    referents = person_refs_of(people, images)
    return [
        {
            **page_head(row, full_url),
            "status": choice_of(lifecycle.ChantierStatus, row["status"]),
            # Counted from 1, as the site's timeline numbers the steps.
            "step": lifecycle.step_index(row["status"]) + 1,
            "intro": row["intro"],
            "axes": axes.get(row["id"], []),
            "image": images.get(row["image_id"]),
            "co_president_referent": referents.get(row["co_president_referent_id"]),
        }
        for row in rows
    ]


def chantier_detail(page, request):
    progress_by_action = page.action_progress()
    events = list(page.public_events())
    now = timezone.now()
    board_members, board_members_withheld = page.public_board_members()
    working_group, working_group_withheld = page.public_working_group()
    return {
        **chantier_summaries([page_row(page, SUMMARY_FIELDS)], request)[0],
        "body": stream_out(page.body, request),
        "status_dates": [
            {"status": choice_of(lifecycle.ChantierStatus, status), "date": day}
            for status, day in page.status_dates()
        ],
        "roles": {
            "co_president_referent": person_ref(page.co_president_referent, request),
            "co_president_referent_withheld": bool(
                page.co_president_referent and not page.co_president_referent.is_published
            ),
            "board_members": person_refs(board_members, request),
            "board_members_withheld": board_members_withheld,
            "staff_referent": person_ref(page.staff_referent, request),
            "staff_referent_withheld": bool(page.staff_referent and not page.staff_referent.is_published),
            "members": [
                {
                    "person": person_ref(member.person, request),
                    "organisation": organisation_ref(member.organisation),
                    "role": choice_of(MemberRole, member.role),
                }
                for member in working_group
            ],
            "members_withheld": working_group_withheld,
        },
        "framing": {
            "objectives": [
                {
                    "title": v["title"],
                    "priority": choice_of(Priority, v["priority"]),
                    "description": v["description"],
                }
                for v in (block.value for block in page.objectives)
            ],
            "expected_results": expand_db_html(page.expected_results),
            "deliverables": [
                {
                    "title": v["title"],
                    "priority": choice_of(Priority, v["priority"]),
                    "due_date": v["due_date"],
                    "status": choice_of(DeliverableStatus, v["status"]),
                    "resource": page_ref(
                        v["resource"] if v["resource"] and v["resource"].live else None, request
                    ),
                }
                for v in (block.value for block in page.deliverables)
            ],
            "meeting_plan": {
                "duration_months": page.duration_months,
                "meeting_count": page.meeting_count,
                "frequency": choice_of(MeetingFrequency, page.meeting_frequency),
                "meeting_duration_minutes": page.meeting_duration_minutes,
            },
            "missions": [
                {
                    "holder": choice_of(MissionHolder, v["holder"]),
                    "person": person_ref(v["person"], request),
                    "mission": v["mission"],
                }
                for v in (block.value for block in page.missions)
            ],
        },
        "actions": [action_out(action, progress, request, events) for action, progress in progress_by_action],
        "restitution": {
            "summary": expand_db_html(page.restitution_summary),
            "recommendations": [
                {
                    "text": block.block.child_blocks["text"].get_api_representation(
                        block.value["text"], {"request": request}
                    ),
                    "audiences": [choice_of(Audience, audience) for audience in block.value["audiences"]],
                }
                for block in page.recommendations
            ],
        },
        "events": [event_dates_ref(event, request, now) for event in events],
        "resources": [
            page_ref(resource, request) for resource in page.resources.live().public().order_by("title")
        ],
        "forms": [form_ref(form, request) for form in page.linked_forms()],
    }


def action_out(action, progress, request, public_events):
    """An action; its meetings are among the chantier's published, public events (`public_events`)."""
    target = action["target"] or {}
    meeting_ids = {event.pk for event in action.get("events") or ()}
    return {
        "title": action["title"],
        "axis": axis_out(action["axis"]) if action["axis"] else None,
        "owner": person_ref(action["owner"], request),
        "status": choice_of(ActionStatus, action["status"]),
        "description": action["description"] or "",
        "events": [page_ref(event, request) for event in public_events if event.pk in meeting_ids],
        "target": progress
        and {
            "minimum": progress.minimum,
            "maximum": progress.maximum,
            "unit": progress.unit,
            "period": choice_of(TargetPeriod, progress.period),
            "source": choice_of(ProgressSource, target["source"]),
            "event_kind": choice_of(EventKind, target.get("event_kind")),
            "achieved": progress.achieved,
            "percent": progress.percent,
            "is_reached": progress.is_reached,
        },
    }


@router.get(
    "/chantiers/",
    response={200: ChantierListOut, **ERROR_RESPONSES},
    openapi_extra=filter_parameters(
        ChantierFilterSet,
        extra=[SEARCH_PARAMETER, ORDERING_PARAMETER],
        descriptions={
            "status": "Life-cycle step(s); repeat the parameter for several.",
            "axis": "Slug of an axis (`/api/v1/axes/`).",
        },
    ),
    summary="Chantiers thématiques",
)
def list_chantiers(request):
    page = list_page(
        request,
        public_pages(request, ChantierPage).values(*SUMMARY_FIELDS),
        ChantierFilterSet,
        search_fields=PAGE_SEARCH_FIELDS,
        orderings=PAGE_ORDERINGS,
        default_ordering="title",
        items=lambda rows: chantier_summaries(rows, request),
        # Without filters nor search the count needs no chantier column: it is read from the pages.
        unfiltered_count=lambda: count_public_pages(request, ChantierPage),
    )
    return unvalidated_json(request, page)


@router.get(
    "/chantiers/{page_id}/",
    response={200: ChantierOut, **ERROR_RESPONSES, **NOT_FOUND},
    summary="Un chantier, en détail",
)
def get_chantier(request, page_id: Id):
    check_parameters(request, [])
    queryset = public_pages(request, ChantierPage).select_related(
        "co_president_referent__photo",
        "co_president_referent__organisation",
        "staff_referent__photo",
        "staff_referent__organisation",
    )
    return chantier_detail(get_object_or_404(queryset, pk=page_id), request)
