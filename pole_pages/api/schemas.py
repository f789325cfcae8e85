"""Schemas of the pages API: what a front-end receives for each page type."""

from datetime import date, datetime
from typing import Any

from ninja import Schema

from pole_core.api.choices import ChoiceOut
from pole_core.api.images import ImageOut
from pole_core.api.listing import ListOut
from pole_directory.schemas import AxisOut, OrganisationRef, PersonRef, PlaceRef


class PageRef(Schema):
    """A compact reference to a page: enough to link to it."""

    id: int
    type: str
    title: str
    url: str | None


class BlockOut(Schema):
    """One StreamField block: its type, a stable id and its value (shape depends on the type)."""

    type: str
    id: str | None
    value: Any


class PageMetaOut(Schema):
    slug: str
    url_path: str
    seo_title: str
    search_description: str
    first_published_at: datetime | None
    last_published_at: datetime | None


class PageSummaryOut(Schema):
    """What every listed page starts with: its reference without the type, and its meta."""

    id: int
    title: str
    url: str | None
    meta: PageMetaOut


class StatusDateOut(Schema):
    status: ChoiceOut
    date: date | None


class MemberOut(Schema):
    person: PersonRef | None
    organisation: OrganisationRef | None
    role: ChoiceOut


class RolesOut(Schema):
    co_president_referent: PersonRef | None
    board_members: list[PersonRef]
    staff_referent: PersonRef | None
    members: list[MemberOut]


class ObjectiveOut(Schema):
    title: str
    priority: ChoiceOut
    description: str


class DeliverableOut(Schema):
    title: str
    priority: ChoiceOut
    due_date: date | None
    status: ChoiceOut
    resource: PageRef | None


class MeetingPlanOut(Schema):
    duration_months: int | None
    meeting_count: int | None
    frequency: ChoiceOut | None
    meeting_duration_minutes: int | None


class MissionOut(Schema):
    holder: ChoiceOut
    person: PersonRef | None
    mission: str


class FramingOut(Schema):
    objectives: list[ObjectiveOut]
    expected_results: str
    deliverables: list[DeliverableOut]
    meeting_plan: MeetingPlanOut
    missions: list[MissionOut]


class TargetOut(Schema):
    minimum: int
    maximum: int | None
    unit: str
    period: ChoiceOut
    source: ChoiceOut
    event_kind: ChoiceOut | None
    achieved: int
    percent: int
    is_reached: bool


class ActionOut(Schema):
    title: str
    axis: AxisOut | None
    owner: PersonRef | None
    status: ChoiceOut
    description: str
    events: list[PageRef]
    target: TargetOut | None


class RecommendationOut(Schema):
    text: str
    audiences: list[ChoiceOut]


class RestitutionOut(Schema):
    summary: str
    recommendations: list[RecommendationOut]


class ChantierSummaryOut(PageSummaryOut):
    status: ChoiceOut
    step: int
    intro: str
    axes: list[AxisOut]
    image: ImageOut | None
    co_president_referent: PersonRef | None


class ChantierListOut(ListOut[ChantierSummaryOut]):
    pass


class ChantierOut(ChantierSummaryOut):
    body: list[BlockOut]
    status_dates: list[StatusDateOut]
    roles: RolesOut
    framing: FramingOut
    actions: list[ActionOut]
    restitution: RestitutionOut
    events: list[PageRef]
    resources: list[PageRef]
    forms: list[PageRef]


class ResourceSummaryOut(PageSummaryOut):
    kind: ChoiceOut
    intro: str
    audiences: list[ChoiceOut]
    axes: list[AxisOut]
    access: ChoiceOut
    chantier: PageRef | None
    owner_organisation: OrganisationRef | None


class ResourceListOut(ListOut[ResourceSummaryOut]):
    pass


class AttachmentOut(Schema):
    type: str
    title: str
    url: str


class ResourceOut(ResourceSummaryOut):
    body: list[BlockOut]
    attachments: list[AttachmentOut]
    sharing_conditions: str


class EventSummaryOut(PageSummaryOut):
    kind: ChoiceOut
    intro: str
    start: datetime
    end: datetime | None
    all_day: bool
    time_zone: str
    is_recurring: bool
    recurrence: ChoiceOut | None
    occurrence_start: datetime
    occurrence_end: datetime | None
    place: PlaceRef | None
    address: str
    online_url: str
    chantier: PageRef | None
    registration_url: str
    capacity: int | None
    ical_url: str


class EventListOut(ListOut[EventSummaryOut]):
    pass


class EventOut(EventSummaryOut):
    body: list[BlockOut]
    registration_details: str
    next_occurrences: list[datetime]


class ArticleOut(Schema):
    anchor: str
    number: str
    title: str
    body: str


class DocumentSummaryOut(PageSummaryOut):
    kind: ChoiceOut
    adopted_on: date | None
    version: str
    signed_pdf_url: str | None


class DocumentListOut(ListOut[DocumentSummaryOut]):
    pass


class DocumentOut(DocumentSummaryOut):
    intro: str
    articles: list[ArticleOut]


class PageOut(Schema):
    """A page type without an endpoint of its own: its title and its blocks, if it has a body."""

    id: int
    type: str
    title: str
    url: str | None
    meta: PageMetaOut
    body: list[BlockOut]


class FoundPageOut(PageRef):
    """The page at a path, and where the API gives its full content."""

    api_url: str | None


class SearchResultOut(Schema):
    type: str
    id: int
    title: str
    url: str | None
    summary: str


class SearchListOut(ListOut[SearchResultOut]):
    pass


class ContactOut(Schema):
    organisation_name: str
    email: str
    phone: str
    address: str
    links: dict[str, str]


class AccessibilityOut(Schema):
    """The site's RGAA compliance, as its footer states it, and the page of its accessibility statement."""

    status: ChoiceOut
    statement: PageRef | None


class SiteOut(Schema):
    name: str
    root_url: str
    logo: ImageOut | None
    menu: list[PageRef]
    contact: ContactOut
    accessibility: AccessibilityOut
