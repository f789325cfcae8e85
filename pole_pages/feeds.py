"""RSS 2.0 feeds of the site answering the request: the coming events and the latest resources.

Only the published pages of that site outside view-restricted sections are listed, as in the API.
"""

from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.utils import dateformat, timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from pole_core.site_urls import request_origin

from .api.common import page_url_builder, public_pages
from .choices import EventKind, ResourceKind
from .ical import location_of
from .models import EventIndexPage, EventPage, ResourceIndexPage, ResourcePage
from .recurrence import HORIZON, expand
from .seo import plain_text
from .templatetags.pole_tags import event_dates

MAX_ITEMS = 50
ITEM_DESCRIPTION_LENGTH = 500


class FeedSource(NamedTuple):
    """What a feed needs of the request; a Feed instance is shared by all requests."""

    site_name: str
    link: str
    items: list


class FeedItem(NamedTuple):
    title: str
    link: str
    guid: str
    description: str
    pubdate: datetime | None
    updateddate: datetime | None
    categories: list


class SiteFeed(Feed):
    """A feed whose channel and items are built once per request, in `source()`."""

    index_model = None
    title_text = ""
    description_text = ""

    def get_object(self, request):
        site = Site.find_for_request(request)
        name = (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", "")
        full_url = page_url_builder(request)
        index = public_pages(request, self.index_model).only("url_path").order_by("path").first()
        link = (index and full_url(index.url_path)) or request_origin(request) + "/"
        return FeedSource(name, link, self.build_items(request, full_url))

    def build_items(self, request, full_url):
        raise NotImplementedError

    def title(self, source):
        return f"{self.title_text} – {source.site_name}" if source.site_name else str(self.title_text)

    def link(self, source):
        return source.link

    def description(self, source):
        return str(self.description_text)

    def items(self, source):
        return source.items

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    def item_guid_is_permalink(self, item):
        return item.guid == item.link

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.pubdate

    def item_updateddate(self, item):
        return item.updateddate

    def item_categories(self, item):
        return item.categories


class EventFeed(SiteFeed):
    """The occurrences of the coming year, soonest first; a recurring event gives one item per date."""

    index_model = EventIndexPage

    title_text = gettext_lazy("Événements à venir")
    description_text = gettext_lazy("Les rencontres, formations et réunions du réseau pour l'année à venir.")

    def build_items(self, request, full_url):
        now = timezone.now()
        events = public_pages(request, EventPage).select_related("place")
        occurrences = expand(events, now, now + HORIZON)[:MAX_ITEMS]
        return [self.item(event, start, full_url(event.url_path)) for start, event in occurrences]

    def item(self, event, start, url):
        local_start = start.astimezone(event.recurrence_rule.time_zone)
        when = strip_tags(event_dates(event, start))
        lines = [when.capitalize(), location_of(event), plain_text(event.intro, ITEM_DESCRIPTION_LENGTH)]
        return FeedItem(
            title=_("%(title)s, le %(day)s")
            % {"title": event.title, "day": dateformat.format(local_start, "j F Y")},
            link=url,
            guid=f"{url}#{local_start:%Y-%m-%dT%H:%M}",
            description="\n".join(line for line in lines if line),
            pubdate=event.first_published_at,
            updateddate=event.last_published_at,
            categories=[str(EventKind(event.kind).label)],
        )


class ResourceFeed(SiteFeed):
    """The resources most recently published, newest first."""

    index_model = ResourceIndexPage

    title_text = gettext_lazy("Dernières ressources")
    description_text = gettext_lazy(
        "Guides, outils, données et ressources mutualisées publiés par le réseau."
    )

    def build_items(self, request, full_url):
        resources = (
            public_pages(request, ResourcePage)
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
            .prefetch_related("axes")[:MAX_ITEMS]
        )
        return [self.item(resource, full_url(resource.url_path)) for resource in resources]

    def item(self, resource, url):
        description = plain_text(resource.search_description or resource.intro, ITEM_DESCRIPTION_LENGTH)
        return FeedItem(
            title=resource.title,
            link=url,
            guid=url,
            description=description,
            pubdate=resource.first_published_at,
            updateddate=resource.last_published_at,
            categories=[str(ResourceKind(resource.kind).label), *(axis.name for axis in resource.axes.all())],
        )
