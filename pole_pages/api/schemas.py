"""Schemas of the pages API: what a front-end receives for each page type."""

from datetime import date as Day
from datetime import datetime
from typing import Any

from ninja import Field, Schema

from pole_core.api.choices import ChoiceOut
from pole_core.api.images import ImageOut
from pole_core.api.listing import ListOut
from pole_directory.schemas import AxisOut, OrganisationRef, PersonRef, PlaceRef


class PageRef(Schema):
    """A compact reference to a page: enough to link to it."""

    id: int = Field(description="Page id.")
    type: str = Field(description="Page type, the model name: `chantierpage`, `eventpage`, `contentpage`…")
    title: str = Field(description="Page title.")
    url: str | None = Field(description="Full URL of the page on the site, or null when it has none.")


class BlockOut(Schema):
    """One StreamField block: its type, a stable id and its value (shape depends on the type)."""

    type: str = Field(description="Block type: `heading`, `paragraph`, `image`, `quote`, `steps`…")
    id: str | None = Field(description="Stable id of the block within its page.")
    value: Any = Field(description="The block's value; its shape depends on `type` (rich text as HTML).")


class PageMetaOut(Schema):
    """A page's address and search-engine fields."""

    slug: str = Field(description="Last segment of the page's path.")
    url_path: str = Field(description="Wagtail's path of the page from the root of the page tree.")
    seo_title: str = Field(description="Title for search engines and the browser tab (may be empty).")
    search_description: str = Field(description="Description for search engines (may be empty).")
    first_published_at: datetime | None = Field(description="When the page was first published.")
    last_published_at: datetime | None = Field(description="When the page was last published.")


class PageSummaryOut(Schema):
    """What every listed page starts with: its reference without the type, and its meta."""

    id: int = Field(description="Page id.")
    title: str = Field(description="Page title.")
    url: str | None = Field(description="Full URL of the page on the site.")
    meta: PageMetaOut = Field(description="Address and search-engine fields.")


class StatusDateOut(Schema):
    """One step of a chantier's life cycle and the day it was reached."""

    status: ChoiceOut = Field(description="The step (a chantier status).")
    date: Day | None = Field(description="The day the chantier reached it, or null.")


class MemberOut(Schema):
    """A member of a chantier's working group: a person who may be shown, or an organisation."""

    person: PersonRef | None = Field(description="The person, or null (organisation, or not published).")
    organisation: OrganisationRef | None = Field(description="The organisation taking part, or null.")
    role: ChoiceOut = Field(description="Role in the working group.")


class RolesOut(Schema):
    """Who carries a chantier. People who did not consent to publication are left out."""

    co_president_referent: PersonRef | None = Field(description="The referent co-president, or null.")
    co_president_referent_withheld: bool = Field(
        description="Whether a referent co-president is named but not published (the page says so)."
    )
    board_members: list[PersonRef] = Field(description="Board members involved who may be shown.")
    board_members_withheld: int = Field(description="How many other board members stay unnamed.")
    staff_referent: PersonRef | None = Field(description="The staff referent, or null.")
    staff_referent_withheld: bool = Field(
        description="Whether a staff referent is named but not published (the page says so)."
    )
    members: list[MemberOut] = Field(description="The working group members who may be shown.")
    members_withheld: int = Field(description="How many other members of the working group stay unnamed.")


class ObjectiveOut(Schema):
    """An objective of a chantier, with its priority."""

    title: str = Field(description="The objective.")
    priority: ChoiceOut = Field(description="Its priority.")
    description: str = Field(description="Details (plain text, may be empty).")


class DeliverableOut(Schema):
    """An expected deliverable of a chantier."""

    title: str = Field(description="The deliverable.")
    priority: ChoiceOut = Field(description="Its priority.")
    due_date: Day | None = Field(description="Due day, or null when not fixed yet.")
    status: ChoiceOut = Field(description="Where it stands.")
    resource: PageRef | None = Field(description="The published resource that delivers it, or null.")


class MeetingPlanOut(Schema):
    """The meeting calendar fixed at a chantier's first meeting."""

    duration_months: int | None = Field(description="Planned duration of the chantier, in months.")
    meeting_count: int | None = Field(description="Planned number of meetings.")
    frequency: ChoiceOut | None = Field(description="Meeting frequency, or null.")
    meeting_duration_minutes: int | None = Field(description="Duration of one meeting, in minutes.")


class MissionOut(Schema):
    """A mission of the chantier and who holds it."""

    holder: ChoiceOut = Field(description="Who holds it: members, board, staff…")
    person: PersonRef | None = Field(description="The person holding it, if named and published.")
    mission: str = Field(description="The mission (plain text).")


class FramingOut(Schema):
    """A chantier's framing (cadrage): objectives, results, deliverables, meetings and missions."""

    objectives: list[ObjectiveOut] = Field(description="Objectives with their priorities.")
    expected_results: str = Field(description="Expected results (HTML).")
    deliverables: list[DeliverableOut] = Field(description="Deliverables, prioritised.")
    meeting_plan: MeetingPlanOut = Field(description="Number, rhythm and duration of the meetings.")
    missions: list[MissionOut] = Field(description="The split of missions.")


class TargetOut(Schema):
    """An action's quantified target and its progress, as the page's progress bar shows it."""

    minimum: int = Field(description="The target (its lower bound for a range such as « 5 à 6 »).")
    maximum: int | None = Field(description="Upper bound of a range target, or null.")
    unit: str = Field(description="What is counted: « meet-up », « apéro »…")
    period: ChoiceOut = Field(description="Over which period the target is counted.")
    source: ChoiceOut = Field(description="How progress is counted: by hand or from the chantier's events.")
    event_kind: ChoiceOut | None = Field(description="The kind of events counted, when counted from events.")
    achieved: int = Field(description="How many have been achieved in the current period.")
    percent: int = Field(description="`achieved` over `minimum`, in percent, capped at 100.")
    is_reached: bool = Field(description="Whether the target is reached.")


class ActionOut(Schema):
    """An action of a chantier."""

    title: str = Field(description="The action.")
    axis: AxisOut | None = Field(description="The axis it belongs to, or null.")
    owner: PersonRef | None = Field(description="The person leading it, if published.")
    status: ChoiceOut = Field(description="Where it stands.")
    description: str = Field(description="Details (plain text, may be empty).")
    events: list[PageRef] = Field(description="Its meetings, among the chantier's published events.")
    target: TargetOut | None = Field(description="Its quantified target and progress, or null.")


class RecommendationOut(Schema):
    """A recommendation (préconisation) issued at the chantier's restitution."""

    text: str = Field(description="The recommendation (HTML).")
    audiences: list[ChoiceOut] = Field(
        description="To whom it is addressed: members, the sector, authorities."
    )


class RestitutionOut(Schema):
    """What a chantier reports back to the members."""

    summary: str = Field(description="Summary of the work (HTML).")
    recommendations: list[RecommendationOut] = Field(description="Recommendations, in order.")


class RecurrenceOut(Schema):
    """How an event repeats."""

    value: str = Field(description="The repetition: `weekly` or `monthly_nth_weekday`.")
    label: str = Field(description="French label of `value`.")
    interval: int = Field(description="Every how many weeks or months (1: every week or month).")
    until: Day | None = Field(description="Last day an occurrence may start on (included).")
    rule_text: str = Field(
        description="The repetition as the page says it: « Chaque mois, le premier jeudi, jusqu'au 30 juin 2026 »."
    )


class OccurrenceOut(Schema):
    """One occurrence of an event, in the event's time zone."""

    start: datetime = Field(description="Start of the occurrence.")
    end: datetime | None = Field(description="End of the occurrence, or null for an event without duration.")


class FormRefOut(PageRef):
    """A form (call for participation, consultation) and its opening window."""

    opens_at: datetime | None = Field(description="When the form opens, or null.")
    closes_at: datetime | None = Field(description="When the form closes, or null.")
    is_open: bool = Field(description="Whether it takes answers now.")
    api_url: str | None = Field(description="The form's schema in this API, to fill it in.")


class ChantierEventOut(PageRef):
    """An event of a chantier with its dates, as the chantier's page lists it."""

    kind: ChoiceOut = Field(description="Kind of event.")
    start: datetime = Field(
        description="Start of the next occurrence under way or to come; of the last one when all are over."
    )
    end: datetime | None = Field(description="End of that occurrence, or null.")
    all_day: bool = Field(description="Whether it lasts whole days (then only dates matter).")
    time_zone: str = Field(description="The event's time zone (IANA name); datetimes are given in it.")
    recurrence: RecurrenceOut | None = Field(description="How it repeats, or null for a single occurrence.")
    next_occurrences: list[OccurrenceOut] = Field(
        description="The next occurrences (at most 12), soonest first."
    )


STEP_DESCRIPTION = (
    "Position of `status` in the life cycle, counted from 1 as the site's timeline does: "
    "1 proposed, 2 validated, 3 call for participation, 4 ongoing, 5 restitution, 6 closed."
)


class ChantierSummaryOut(PageSummaryOut):
    """A chantier as lists show it."""

    status: ChoiceOut = Field(description="Current step of its life cycle.")
    step: int = Field(description=STEP_DESCRIPTION)
    intro: str = Field(description="Short presentation (plain text).")
    axes: list[AxisOut] = Field(description="Axes it works along.")
    image: ImageOut | None = Field(description="Illustration, or null.")
    co_president_referent: PersonRef | None = Field(description="The referent co-president, if published.")


class ChantierListOut(ListOut[ChantierSummaryOut]):
    pass


class ChantierOut(ChantierSummaryOut):
    """A chantier with everything its page shows."""

    body: list[BlockOut] = Field(description="Free content (StreamField blocks).")
    status_dates: list[StatusDateOut] = Field(
        description="Every step of the life cycle, in order, with its day."
    )
    roles: RolesOut = Field(description="Who carries it.")
    framing: FramingOut = Field(description="Its framing.")
    actions: list[ActionOut] = Field(description="Its actions, with target progress.")
    restitution: RestitutionOut = Field(description="Its restitution and recommendations.")
    events: list[ChantierEventOut] = Field(description="Its published events with their dates, oldest first.")
    resources: list[PageRef] = Field(description="Its published resources, by title.")
    forms: list[FormRefOut] = Field(
        description="Its published calls for participation; the page shows those with `is_open`."
    )


class ResourceSummaryOut(PageSummaryOut):
    """A resource as lists show it."""

    kind: ChoiceOut = Field(description="Kind of resource: guide, data, tool, training, pooled resource…")
    intro: str = Field(description="Short presentation (plain text).")
    audiences: list[ChoiceOut] = Field(description="For whom: members, the sector, public authorities.")
    axes: list[AxisOut] = Field(description="Axes it belongs to.")
    access: ChoiceOut = Field(description="Who may access it.")
    chantier: PageRef | None = Field(description="The chantier it comes from, if published.")
    owner_organisation: OrganisationRef | None = Field(description="The organisation providing it, or null.")


class ResourceListOut(ListOut[ResourceSummaryOut]):
    pass


class AttachmentOut(Schema):
    """A file or link attached to a resource."""

    type: str = Field(description="`document` (a file of the site) or `link`.")
    title: str = Field(description="Its title.")
    url: str = Field(description="Absolute URL of the file or the link.")


class ResourceOut(ResourceSummaryOut):
    """A resource with everything its page shows."""

    body: list[BlockOut] = Field(description="Content (StreamField blocks).")
    attachments: list[AttachmentOut] = Field(description="Files and links, in order.")
    sharing_conditions: str = Field(description="Access and sharing conditions (HTML, may be empty).")


class EventSummaryOut(PageSummaryOut):
    """An event, or in the list one occurrence of it; datetimes in the event's time zone."""

    kind: ChoiceOut = Field(description="Kind of event.")
    intro: str = Field(description="Short presentation (plain text).")
    start: datetime = Field(
        description="Start of this occurrence (in the detail: the next one under way or to come, else the first)."
    )
    end: datetime | None = Field(description="End of this occurrence, or null for an event without duration.")
    all_day: bool = Field(description="Whether it lasts whole days (then only dates matter).")
    time_zone: str = Field(description="The event's time zone (IANA name).")
    is_recurring: bool = Field(description="Whether the event repeats.")
    recurrence: RecurrenceOut | None = Field(description="How it repeats, or null for a single occurrence.")
    place: PlaceRef | None = Field(description="The place of the directory where it happens, or null.")
    address: str = Field(description="Address when not at a place of the directory (may be empty).")
    online_url: str = Field(description="Video-conference link (may be empty).")
    chantier: PageRef | None = Field(description="The chantier it belongs to, if published.")
    registration_url: str = Field(description="Registration link (may be empty).")
    capacity: int | None = Field(description="Number of seats, or null.")
    ical_url: str = Field(description="The event as iCalendar (`/api/v1/events/{id}.ics`).")


class EventListOut(ListOut[EventSummaryOut]):
    pass


class EventOut(EventSummaryOut):
    """An event with everything its page shows."""

    body: list[BlockOut] = Field(description="Description (StreamField blocks).")
    registration_details: str = Field(description="Registration details (HTML, may be empty).")
    next_occurrences: list[OccurrenceOut] = Field(
        description="The occurrences under way or to come within a year (at most 12), soonest first."
    )


class ArticleOut(Schema):
    """An article of a governance document."""

    anchor: str = Field(description="Anchor of the article on the document's page (`#…`).")
    number: str = Field(description="Article number, as written (« 1 », « 3 bis »…).")
    title: str = Field(description="Article title (may be empty).")
    body: str = Field(description="Article text (HTML).")


class DocumentSummaryOut(PageSummaryOut):
    """A governance document as lists show it."""

    kind: ChoiceOut = Field(description="Statutes, internal rules or charter.")
    adopted_on: Day | None = Field(description="Day of adoption, or null.")
    version: str = Field(description="Version label (may be empty).")
    signed_pdf_url: str | None = Field(description="Absolute URL of the signed PDF, or null.")


class DocumentListOut(ListOut[DocumentSummaryOut]):
    pass


class DocumentOut(DocumentSummaryOut):
    """A governance document and its articles."""

    intro: str = Field(description="Preamble (HTML, may be empty).")
    articles: list[ArticleOut] = Field(description="Articles, in order.")


class SubpageOut(PageRef):
    """A page listed under a content page (« Dans cette rubrique »)."""

    search_description: str = Field(description="Its description (may be empty).")


class FilterOptionOut(Schema):
    """One option of a filter of the site's filter form."""

    value: str = Field(description="Value to pass to the filter parameter.")
    label: str = Field(description="French label of the option.")


class FilterOut(Schema):
    """A filter the page's form offers, as a select: pass `value` of an option as `name`."""

    name: str = Field(description="Name of the query parameter of the list endpoint (`list_url`).")
    label: str = Field(description="French label of the filter.")
    options: list[FilterOptionOut] = Field(description="Its options, in the order the site shows them.")


class PageDetailOut(PageSummaryOut):
    """What every page of `/api/v1/pages/{id}/` gives."""

    type: str = Field(description="Page type, the model name; it tells which of the shapes this is.")


class PageOut(PageDetailOut):
    """A page type this API has no shape for (previews only): its title and its blocks, if it has a body."""

    body: list[BlockOut] = Field(description="Content (StreamField blocks), empty without a body.")


class HomePageOut(PageDetailOut):
    """The home page: its tagline and content, then the selections it shows."""

    intro: str = Field(description="Tagline (plain text).")
    body: list[BlockOut] = Field(description="Content (StreamField blocks).")
    ongoing_chantiers: list[ChantierSummaryOut] = Field(description="Published chantiers at work, by title.")
    upcoming_events: list[EventSummaryOut] = Field(
        description="The next 3 events under way or to come, each at its next occurrence."
    )


class ContentPageOut(PageDetailOut):
    """A free content page."""

    intro: str = Field(description="Standfirst (plain text).")
    body: list[BlockOut] = Field(description="Content (StreamField blocks).")
    subpages: list[SubpageOut] = Field(description="Its published child pages, in menu order.")


class ListingPageOut(PageDetailOut):
    """An index page (chantiers, resources, agenda, trombinoscope): its introduction above a list
    that `list_url` gives, filtered as `filters` offer."""

    intro: str = Field(description="Introduction (HTML).")
    list_url: str | None = Field(description="The API list of the page's items, or null.")
    ical_url: str | None = Field(description="The agenda's iCalendar feed (agenda only), or null.")
    filters: list[FilterOut] = Field(description="The filters the page's form offers.")


class CentreOut(Schema):
    """Where the map opens."""

    latitude: float = Field(description="Latitude (WGS 84).")
    longitude: float = Field(description="Longitude (WGS 84).")


class TilesOut(Schema):
    """The map's base layer."""

    url: str = Field(description="Tile URL template (`{z}/{x}/{y}`); empty for no base layer.")
    attribution: str = Field(description="Attribution to show on the map (HTML).")


class MapPageOut(PageDetailOut):
    """The map of places: its settings and where its places come from."""

    intro: str = Field(description="Introduction (HTML).")
    centre: CentreOut = Field(description="The centre of the map's initial view.")
    zoom: int = Field(description="Initial zoom level.")
    tiles: TilesOut = Field(description="The base layer.")
    geojson_url: str | None = Field(
        description="The places the map shows (`/api/v1/places.geojson` filtered on open and project places); "
        "add the `kind` and `city` filters."
    )
    filters: list[FilterOut] = Field(description="The filters the page's form offers (`kind`, `city`).")


class FoundPageOut(PageRef):
    """The page at a path, and where the API gives its full content."""

    api_url: str | None = Field(description="Where this API gives the page's full content.")
    breadcrumbs: list[PageRef] = Field(
        description="The page's ancestors from the site's home (included), for a breadcrumb trail; "
        "empty for the home page."
    )


class SearchResultOut(Schema):
    """One search result."""

    type: str = Field(
        description="What was found: a page type (`chantierpage`, `resourcepage`, `eventpage`, "
        "`governancedocumentpage`, a form page type), `person` or `place`."
    )
    id: int = Field(description="Its id in its own endpoint.")
    title: str = Field(description="Its title or name.")
    url: str | None = Field(
        description="Its page on the site (a place's page under the map); null for people, who have none."
    )
    summary: str = Field(description="Plain-text summary; paragraphs separated by a blank line.")


class SearchListOut(ListOut[SearchResultOut]):
    pass


class ContactOut(Schema):
    """The network's contact details, as the footer shows them."""

    organisation_name: str = Field(description="Name of the association.")
    email: str = Field(description="Contact email (may be empty).")
    phone: str = Field(description="Phone number (may be empty).")
    address: str = Field(description="Postal address, lines separated by newlines (may be empty).")
    links: dict[str, str] = Field(
        description="Links to follow the network: `newsletter`, `mastodon`, `linkedin` (only those set)."
    )


class AccessibilityOut(Schema):
    """The site's RGAA compliance, as its footer states it, and the page of its accessibility statement."""

    status: ChoiceOut = Field(description="Compliance status (non conforme, partiellement, totalement).")
    statement: PageRef | None = Field(description="The accessibility statement page, if published.")


class SiteOut(Schema):
    """What every page of the site shows around its content: header, menu and footer."""

    name: str = Field(description="Site name.")
    root_url: str = Field(description="Origin of the site (scheme and host).")
    logo: ImageOut | None = Field(description="Logo as renditions, or null.")
    home: PageRef = Field(description="The home page, target of the site name in the header.")
    menu: list[PageRef] = Field(description="The main menu: the home's children shown in menus, in order.")
    legal_notice: PageRef | None = Field(description="The legal notice page (footer), if published.")
    contact: ContactOut = Field(description="Contact details (footer).")
    accessibility: AccessibilityOut = Field(description="Accessibility mention (footer).")
    feeds: dict[str, str] = Field(
        description="Feeds the site links to: `events_rss`, `resources_rss`, `events_ical` (only those served)."
    )
