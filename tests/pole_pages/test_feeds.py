"""The RSS feeds: valid RSS 2.0, the requesting site's public pages only, in bounded queries."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from pole_pages.choices import EventKind, Recurrence
from tests.api.test_privacy import HIDINGS
from tests.factories import (
    AxisFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

EVENTS = "/flux/evenements.rss"
RESOURCES = "/flux/ressources.rss"
# Most queries of each feed, whatever the number of items.
FEED_MAX_QUERIES = {EVENTS: 5, RESOURCES: 6}


def soon(days, hours=18):
    start = timezone.localtime().replace(hour=hours, minute=30, second=0, microsecond=0) + timedelta(
        days=days
    )
    return {"start": start, "end": start + timedelta(hours=2)}


def channel(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    (feed,) = rss.findall("channel")
    return feed


def item_titles(feed):
    return [item.findtext("title") for item in feed.findall("item")]


def test_event_feed_lists_coming_occurrences_soonest_first(client, event_index):
    later = EventPageFactory(parent=event_index, title="Assemblée générale", **soon(30))
    EventPageFactory(parent=event_index, title="Meet-up passé", **soon(-30))
    apero = EventPageFactory(
        parent=event_index,
        title="Apéro du réseau",
        recurrence=Recurrence.WEEKLY,
        recurrence_until=(timezone.localdate() + timedelta(days=20)),
        **soon(1),
    )

    feed = channel(client, EVENTS)

    assert feed.findtext("title") == "Événements à venir – Pôle"
    assert feed.findtext("link") == "http://testserver/agenda/"
    assert feed.findtext("language") == "fr"
    titles = item_titles(feed)
    assert [title.split(",")[0] for title in titles] == ["Apéro du réseau"] * 3 + ["Assemblée générale"]
    items = feed.findall("item")
    assert items[0].findtext("link") == f"http://testserver{apero.url}"
    assert len({item.findtext("guid") for item in items}) == 4
    assert items[3].findtext("category") == EventKind.MEETUP.label
    description = items[3].findtext("description")
    assert later.address in description and later.intro in description
    assert not feed.findall("item/enclosure")


def test_event_feed_leaves_out_events_beyond_a_year(client, event_index):
    EventPageFactory(parent=event_index, title="Dans deux ans", **soon(730))

    assert item_titles(channel(client, EVENTS)) == []


def test_resource_feed_lists_the_latest_resources_first(client, resource_index):
    older = ResourcePageFactory(parent=resource_index, title="Guide de la mobilité")
    newer = ResourcePageFactory(parent=resource_index, title="Fiche outil : la mutualisation")
    for page, days_ago in ((older, 3), (newer, 1)):
        page.first_published_at = timezone.now() - timedelta(days=days_ago)
        page.save(update_fields=["first_published_at"])
    newer.axes.add(AxisFactory(name="Mutualiser les ressources"))
    newer.save()

    feed = channel(client, RESOURCES)

    assert feed.findtext("title") == "Dernières ressources – Pôle"
    assert feed.findtext("link") == "http://testserver/ressources/"
    assert item_titles(feed) == [newer.title, older.title]
    first = feed.find("item")
    assert first.findtext("link") == f"http://testserver{newer.url}"
    assert first.findtext("description") == newer.intro
    assert [category.text for category in first.findall("category")] == ["Guide", "Mutualiser les ressources"]
    assert first.findtext("pubDate")


@pytest.mark.parametrize("hiding", sorted(HIDINGS))
def test_feeds_leave_out_hidden_pages(client, event_index, resource_index, hiding):
    EventPageFactory(parent=event_index, title="Rencontre publique", **soon(5))
    HIDINGS[hiding](EventPageFactory(parent=event_index, title="Rencontre cachée", **soon(6)))
    ResourcePageFactory(parent=resource_index, title="Ressource publique")
    HIDINGS[hiding](ResourcePageFactory(parent=resource_index, title="Ressource cachée"))

    events, resources = item_titles(channel(client, EVENTS)), item_titles(channel(client, RESOURCES))

    assert [title.split(",")[0] for title in events] == ["Rencontre publique"]
    assert resources == ["Ressource publique"]


def test_feeds_list_only_the_requesting_sites_pages(client, event_index, resource_index, other_site):
    other_agenda = EventIndexPageFactory(parent=other_site)
    EventPageFactory(parent=other_agenda, title="Rencontre de l'autre réseau", **soon(5))
    ResourcePageFactory(
        parent=ResourceIndexPageFactory(parent=other_site), title="Ressource de l'autre réseau"
    )
    EventPageFactory(parent=event_index, title="Rencontre d'ici", **soon(5))

    assert [title.split(",")[0] for title in item_titles(channel(client, EVENTS))] == ["Rencontre d'ici"]
    assert item_titles(channel(client, RESOURCES)) == []
    other = channel(client, EVENTS, HTTP_HOST="autre.example")
    assert other.findtext("title") == "Événements à venir – Autre réseau"
    assert [title.split(",")[0] for title in item_titles(other)] == ["Rencontre de l'autre réseau"]
    assert item_titles(channel(client, RESOURCES, HTTP_HOST="autre.example")) == [
        "Ressource de l'autre réseau"
    ]


@pytest.mark.parametrize("url", [EVENTS, RESOURCES])
def test_feed_queries_do_not_grow_with_items(client, event_index, resource_index, url, assert_max_queries):
    def add(count):
        for n in range(count):
            EventPageFactory(parent=event_index, place=None, **soon(n + 1))
            ResourcePageFactory(parent=resource_index).axes.add(AxisFactory())

    def feed(items):
        response = client.get(url)
        assert len(ET.fromstring(response.content).findall("channel/item")) == items
        return response

    add(2)
    with_two = assert_max_queries(FEED_MAX_QUERIES[url], feed, 2)
    add(8)
    assert_max_queries(with_two, feed, 10)
