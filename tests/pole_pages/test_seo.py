"""Search engines and link previews: titles, descriptions, Open Graph, JSON-LD, robots.txt, sitemap.xml."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from pole_pages.choices import Recurrence
from pole_pages.models import NetworkSettings
from pole_pages.seo import json_ld_script
from tests.api.test_privacy import HIDINGS
from tests.factories import (
    ChantierIndexPageFactory,
    ChantierPageFactory,
    ContentPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    MapPageFactory,
    PlaceFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# `{% page_seo %}` reads nothing more once the page and its hero image with its renditions are read.
SEO_RENDER_MAX_QUERIES = 0


class Head(HTMLParser):
    """The <meta> and <link> tags and the JSON-LD documents of a page's <head>."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_json_ld = {}, {}, [], False
        self.feed(html.split("</head>")[0])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name")] = attrs["content"]
        elif tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
            self.links.setdefault(attrs["rel"], []).append(attrs)
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))
            self._in_json_ld = False


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.content.decode())


@pytest.fixture
def network(home):
    settings = NetworkSettings.for_site(home.get_site())
    settings.organisation_name = "Pôle Tiers-Lieux"
    settings.contact_email = "contact@pole.example"
    settings.mastodon_url = "https://mastodon.example/@pole"
    settings.linkedin_url = "https://www.linkedin.com/company/pole"
    settings.save()
    return settings


@pytest.fixture
def place():
    return PlaceFactory(name="La Cantine du Bas-Chantenay")


@pytest.fixture
def map_page(home, place):
    return MapPageFactory(parent=home, title="La carte", slug="carte")


def build_page(kind, home):
    """A published page of each type under the default site's home, with its URL."""
    if kind == "home":
        return home
    if kind == "content":
        return ContentPageFactory(parent=home)
    if kind == "chantier":
        return ChantierPageFactory(parent=ChantierIndexPageFactory(parent=home), image=ImageFactory())
    if kind == "resource":
        return ResourcePageFactory(parent=ResourceIndexPageFactory(parent=home))
    if kind == "event_index":
        return EventIndexPageFactory(parent=home)
    return EventPageFactory(parent=EventIndexPageFactory(parent=home))


# Titles, descriptions, Open Graph


@pytest.mark.parametrize("kind", ["home", "content", "chantier", "resource", "event_index", "event"])
def test_each_page_type_has_description_canonical_and_open_graph(client, home, kind):
    page = build_page(kind, home)

    head = head_of(client, page.url)

    url = f"http://testserver{page.url}"
    assert head.links["canonical"] == [{"rel": "canonical", "href": url}]
    assert head.meta["og:url"] == url
    assert head.meta["og:title"] == page.title
    assert head.meta["description"] and head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:site_name"] == "Pôle"
    assert head.meta["og:locale"] == "fr_FR"
    assert head.meta["og:type"] == ("website" if kind in ("home", "event_index") else "article")
    assert head.meta["twitter:card"] in ("summary", "summary_large_image")


def test_title_prefers_the_seo_title(client, home):
    page = ContentPageFactory(parent=home, title="Les chantiers", seo_title="Chantiers thématiques du réseau")

    html = client.get(page.url).content.decode()

    assert "<title>Chantiers thématiques du réseau – Pôle</title>" in html
    assert Head(html).meta["og:title"] == "Chantiers thématiques du réseau"


def test_search_description_wins_over_the_intro(client, home):
    page = ContentPageFactory(parent=home, search_description="Pour les moteurs de recherche.")

    assert head_of(client, page.url).meta["description"] == "Pour les moteurs de recherche."


def test_rich_text_intro_becomes_a_plain_truncated_description(client, home):
    intro = "<p>Rencontres &amp; <b>apéros</b> du réseau.</p>" + "<p>" + "Une longue phrase. " * 20 + "</p>"
    index = EventIndexPageFactory(parent=home, intro=intro)

    description = head_of(client, index.url).meta["description"]

    assert description.startswith("Rencontres & apéros du réseau. Une longue phrase.")
    assert "<" not in description and len(description) <= 160 and description.endswith("…")


def test_page_image_becomes_an_absolute_open_graph_image(client, home):
    chantier = build_page("chantier", home)

    head = head_of(client, chantier.url)

    assert re.fullmatch(r"http://testserver/media/images/.+\.fill-1200x630\.\w+", head.meta["og:image"])
    rendition = chantier.image.get_rendition("fill-1200x630")
    assert head.meta["og:image"] == f"http://testserver{rendition.url}"
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == (
        str(rendition.width),
        str(rendition.height),
    )
    assert head.meta["twitter:card"] == "summary_large_image"


def test_page_without_image_gives_a_summary_card(client, home):
    assert "og:image" not in head_of(client, home.url).meta
    assert head_of(client, home.url).meta["twitter:card"] == "summary"


def test_head_links_to_both_feeds(client, home):
    feeds = head_of(client, home.url).links["alternate"]

    assert [(link["type"], link["href"], link["title"]) for link in feeds] == [
        ("application/rss+xml", "/flux/evenements.rss", "Événements à venir – Pôle"),
        ("application/rss+xml", "/flux/ressources.rss", "Dernières ressources – Pôle"),
    ]


def test_open_graph_image_reuses_the_prefetched_renditions(rf, home, assert_max_queries):
    with_image = build_page("chantier", home)
    without_image = ChantierPageFactory(parent=with_image.get_parent())
    template = Template("{% load pole_seo %}{% page_seo as seo %}{{ seo.image_url }}")

    def context_of(page):
        context = {"request": rf.get(page.url), "page": page, "hero_image": page.image_with_renditions()}
        template.render(Context(context))  # the rendition is created on the first visit
        return Context({**context, "hero_image": page.image_with_renditions()})

    without = assert_max_queries(SEO_RENDER_MAX_QUERIES, template.render, context_of(without_image))
    assert_max_queries(without, template.render, context_of(with_image))


# JSON-LD


def test_event_json_ld_has_dates_with_offset_place_and_organizer(client, home, network, place):
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        place=place,
        start=datetime(2030, 6, 13, 18, 30, tzinfo=PARIS),
        end=datetime(2030, 6, 13, 21, 0, tzinfo=PARIS),
    )

    (data,) = head_of(client, event.url).json_ld

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert (data["startDate"], data["endDate"]) == ("2030-06-13T18:30:00+02:00", "2030-06-13T21:00:00+02:00")
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["url"] == f"http://testserver{event.url}"
    assert data["description"] == event.intro
    location = data["location"]
    assert location["@type"] == "Place" and location["name"] == "La Cantine du Bas-Chantenay"
    assert location["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "5 boulevard de Chantenay",
        "postalCode": "44100",
        "addressLocality": "Nantes",
        "addressRegion": "Pays de la Loire",
        "addressCountry": "FR",
    }
    assert location["geo"] == {"@type": "GeoCoordinates", "latitude": 47.218371, "longitude": -1.553621}
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["name"] == "Pôle Tiers-Lieux"


def test_online_and_on_site_event_is_mixed_with_a_virtual_location(client, home):
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home), online_url="https://visio.example/apero"
    )

    (data,) = head_of(client, event.url).json_ld

    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == [
        {"@type": "Place", "name": event.address, "address": event.address},
        {"@type": "VirtualLocation", "url": "https://visio.example/apero"},
    ]


def test_recurring_event_is_dated_by_its_next_occurrence_and_describes_its_schedule(client, home):
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        start=datetime(2025, 1, 2, 18, 30, tzinfo=PARIS),
        end=datetime(2025, 1, 2, 21, 0, tzinfo=PARIS),
        recurrence=Recurrence.MONTHLY_NTH_WEEKDAY,
        recurrence_until=date(2099, 12, 31),
    )

    (data,) = head_of(client, event.url).json_ld

    next_start = event.next_occurrences(1)[0].astimezone(PARIS)
    assert data["startDate"] == next_start.isoformat()
    assert data["eventSchedule"] == {
        "@type": "Schedule",
        "repeatFrequency": "P1M",
        "byDay": "https://schema.org/Thursday",
        "byMonthWeek": 1,
        "startDate": "2025-01-02",
        "endDate": "2099-12-31",
        "startTime": "18:30:00",
        "endTime": "21:00:00",
        "scheduleTimezone": "Europe/Paris",
    }


def test_all_day_event_gives_dates(client, home):
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        all_day=True,
        start=datetime(2030, 6, 13, 0, 0, tzinfo=PARIS),
        end=datetime(2030, 6, 14, 23, 59, tzinfo=PARIS),
    )

    (data,) = head_of(client, event.url).json_ld

    assert (data["startDate"], data["endDate"]) == ("2030-06-13", "2030-06-14")


def test_home_json_ld_is_the_network_organization(client, home, network):
    (data,) = head_of(client, home.url).json_ld

    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Pôle Tiers-Lieux",
        "url": "http://testserver/",
        "email": "contact@pole.example",
        "sameAs": ["https://mastodon.example/@pole", "https://www.linkedin.com/company/pole"],
    }


def test_home_json_ld_gives_the_network_logo_as_an_absolute_url(client, home, network):
    network.logo = ImageFactory(title="Logo du Pôle")
    network.save()

    (data,) = head_of(client, home.url).json_ld

    assert re.fullmatch(r"http://testserver/media/images/[^/]+\.max-480x160\.\w+", data["logo"])


def test_place_page_has_place_json_ld_and_its_own_canonical_url(client, home, map_page, place):
    url = f"{map_page.url}lieux/{place.slug}/"

    head = head_of(client, url)

    (data,) = head.json_ld
    assert data["@type"] == "Place"
    assert data["name"] == place.name
    assert data["url"] == f"http://testserver{url}"
    assert data["sameAs"] == place.url
    assert data["address"]["addressLocality"] == "Nantes"
    assert data["geo"]["latitude"] == 47.218371
    assert head.links["canonical"][0]["href"] == f"http://testserver{url}"
    assert head.meta["og:title"] == place.name
    assert head.meta["description"] == place.description


def test_json_ld_tag_renders_a_place_given_to_it(rf, home, place):
    request = rf.get("/")
    html = Template("{% load pole_seo %}{% json_ld place %}{% json_ld other %}").render(
        Context({"request": request, "place": place, "other": "pas un objet connu"})
    )

    (data,) = Head(f"<head>{html}</head>").json_ld
    assert data["@type"] == "Place" and data["name"] == place.name


def test_json_ld_cannot_close_its_script_element():
    html = json_ld_script({"name": "</script><script>alert(1)</script> & <!--"})

    assert html.count("</script>") == 1 and "<!--" not in html
    assert json.loads(html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")) == {
        "name": "</script><script>alert(1)</script> & <!--"
    }


# robots.txt


def test_robots_txt_keeps_crawlers_out_of_private_paths_and_gives_the_sitemap(client, home):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/django-admin/", "/api/v1/preview/", "/_util/authenticate_with_password/"):
        assert f"Disallow: {path}" in lines
    assert "Allow: /" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


# sitemap.xml


def sitemap_locations(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_sitemap_lists_published_pages_and_place_pages(client, home, map_page, place):
    resource = ResourcePageFactory(parent=ResourceIndexPageFactory(parent=home))

    locations = sitemap_locations(client)

    assert f"http://testserver{resource.url}" in locations
    assert f"http://testserver{map_page.url}" in locations
    assert f"http://testserver{map_page.url}lieux/{place.slug}/" in locations


@pytest.mark.parametrize("hiding", sorted(HIDINGS))
def test_sitemap_leaves_out_hidden_pages(client, home, hiding):
    shown = ResourcePageFactory(parent=ResourceIndexPageFactory(parent=home), title="Visible")
    hidden = ResourcePageFactory(parent=shown.get_parent(), title="Cachée")
    HIDINGS[hiding](hidden)

    locations = sitemap_locations(client)

    assert f"http://testserver{shown.url}" in locations
    assert not [location for location in locations if "cachee" in location]


def test_sitemap_leaves_out_other_sites_pages(client, home, other_site):
    ContentPageFactory(parent=other_site, title="Page de l'autre réseau", slug="autre-page")

    assert not [location for location in sitemap_locations(client) if "autre" in location]
    assert "http://autre.example/autre-page/" in sitemap_locations(client, HTTP_HOST="autre.example")
