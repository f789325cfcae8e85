"""Absolute URLs follow the request: the same site reached at another host or port (`make run
HOST=0.0.0.0:9000`, a second name, a proxy) links to itself there, wherever a full URL is written."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import EventIndexPageFactory, EventPageFactory, ResourcePageFactory

# Neither is the default site's stored address (localhost, port 80).
HOSTS = ["127.0.0.1:9000", "localhost:8123"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.parametrize("host", HOSTS)


@pytest.fixture
def resource(home, resource_index):
    return ResourcePageFactory(parent=resource_index, title="Guide des achats groupés", slug="guide")


@pytest.fixture
def event(home):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    return EventPageFactory(
        parent=EventIndexPageFactory(parent=home, slug="agenda"), start=start, end=start + timedelta(hours=2)
    )


def test_canonical_and_open_graph_urls_follow_the_request(client, resource, host):
    html = client.get(resource.url, HTTP_HOST=host).content.decode()

    assert f'<link rel="canonical" href="http://{host}/ressources/guide/">' in html
    assert f'<meta property="og:url" content="http://{host}/ressources/guide/">' in html


def test_canonical_url_follows_the_scheme_of_the_request(client, resource, host):
    html = client.get(resource.url, HTTP_HOST=host, secure=True).content.decode()

    assert f'<link rel="canonical" href="https://{host}/ressources/guide/">' in html


def test_sitemap_and_robots_txt_follow_the_request(client, resource, host):
    sitemap = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST=host).content)
    robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()

    assert f"http://{host}/ressources/guide/" in [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    assert f"Sitemap: http://{host}/sitemap.xml" in robots.splitlines()


def test_feeds_follow_the_request(client, resource, event, host):
    resources = ET.fromstring(client.get("/flux/ressources.rss", HTTP_HOST=host).content).find("channel")
    events = ET.fromstring(client.get("/flux/evenements.rss", HTTP_HOST=host).content).find("channel")

    assert resources.findtext("link") == f"http://{host}/ressources/"
    assert resources.find("item").findtext("link") == f"http://{host}/ressources/guide/"
    assert events.find("item").findtext("link") == f"http://{host}{event.url}"


def test_api_urls_follow_the_request(client, resource, event, host):
    listing = client.get("/api/v1/resources/", HTTP_HOST=host).json()
    detail = client.get(f"/api/v1/resources/{resource.pk}/", HTTP_HOST=host).json()
    events = client.get("/api/v1/events/", HTTP_HOST=host).json()
    site = client.get("/api/v1/site/", HTTP_HOST=host).json()

    assert listing["items"][0]["url"] == detail["url"] == f"http://{host}/ressources/guide/"
    assert events["items"][0]["url"] == f"http://{host}{event.url}"
    assert events["items"][0]["ical_url"] == f"http://{host}/api/v1/events/{event.pk}.ics"
    assert site["root_url"] == f"http://{host}"


def test_icalendar_urls_follow_the_request(client, event, host):
    calendar = client.get(f"/api/v1/events/{event.pk}.ics", HTTP_HOST=host).content.decode()

    # Long lines are folded at 75 octets (RFC 5545): unfold before reading.
    assert f"URL:http://{host}{event.url}" in re.sub(r"\r\n[ \t]", "", calendar).splitlines()
