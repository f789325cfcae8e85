"""The map page: a filterable list of places that works without JavaScript, a page per place, and
the Leaflet map on top of them, served from the site's own copy of Leaflet."""

import hashlib
import json
import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from pole_core.api.urls import api_url_name
from pole_directory.forms import PlaceForm
from pole_directory.models import PlaceKind, PlaceStatus
from tests.factories import ImageFactory, MapPageFactory, OrganisationFactory, PlaceFactory

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "pole_pages" / "static" / "pole_pages" / "vendor"
# Where `make vendor` copies each vendored file from, inside node_modules/.
NPM_SOURCES = {
    "leaflet": "leaflet/dist",
    "leaflet.markercluster": "leaflet.markercluster/dist",
}
NPM_ROOT_FILES = {"LICENSE", "MIT-LICENCE.txt"}


@pytest.fixture
def map_page(home):
    return MapPageFactory(parent=home, title="Carte des tiers-lieux", slug="carte")


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def listed_places(html):
    """The names of the places in the server-rendered list, in their order."""
    section = html.split('<section id="liste-des-lieux"', 1)[1]
    return re.findall(r'<li class="card place"[^>]*>\s*<h3><a href="[^"]+">([^<]+)</a>', section)


def selected_option(html, name):
    select = re.search(rf'<select [^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    return re.findall(r'<option value="([^"]*)" selected>', select)


def options(html, name):
    select = re.search(rf'<select [^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    return re.findall(r'<option value="([^"]*)"', select)


# The list, without JavaScript


def test_filter_form_has_labelled_kind_and_city_selects_and_a_submit_button(client, map_page):
    PlaceFactory(name="La Cantine", kind=PlaceKind.FABLAB, address_locality="Nantes")

    html = html_of(client, map_page.url)

    form = re.search(r'<form class="map-filters" method="get"[^>]*>(.*?)</form>', html, re.S)[1]
    for name, label in (("kind", "Type de lieu"), ("city", "Ville")):
        field_id = re.search(rf'<select id="([^"]+)" name="{name}">', form)[1]
        assert f'<label for="{field_id}">{label}</label>' in form
    assert '<button type="submit" class="button">Filtrer</button>' in form


def test_list_filters_by_kind(client, map_page):
    PlaceFactory(name="Atelier Bois", kind=PlaceKind.FABLAB)
    PlaceFactory(name="Bureau Partagé", kind=PlaceKind.COWORKING)

    html = html_of(client, f"{map_page.url}?kind=fablab")

    assert listed_places(html) == ["Atelier Bois"]
    assert selected_option(html, "kind") == ["fablab"]


def test_list_filters_by_city_whatever_its_case(client, map_page):
    PlaceFactory(name="La Cantine", address_locality="Nantes")
    PlaceFactory(name="La Coop", address_locality="Rennes")

    html = html_of(client, f"{map_page.url}?city=rennes")

    assert listed_places(html) == ["La Coop"]
    assert selected_option(html, "city") == ["Rennes"]


def test_kind_and_city_filters_combine(client, map_page):
    PlaceFactory(name="Fablab Nantes", kind=PlaceKind.FABLAB, address_locality="Nantes")
    PlaceFactory(name="Fablab Rennes", kind=PlaceKind.FABLAB, address_locality="Rennes")
    PlaceFactory(name="Coworking Rennes", kind=PlaceKind.COWORKING, address_locality="Rennes")

    html = html_of(client, f"{map_page.url}?kind=fablab&city=Rennes")

    assert listed_places(html) == ["Fablab Rennes"]


def test_filter_options_come_from_the_places_shown(client, map_page):
    PlaceFactory(kind=PlaceKind.FABLAB, address_locality="Rennes")
    PlaceFactory(kind=PlaceKind.CULTURAL, address_locality="Nantes")
    PlaceFactory(kind=PlaceKind.CULTURAL, address_locality="nantes")
    PlaceFactory(kind=PlaceKind.VENUE, address_locality="Brest", status=PlaceStatus.CLOSED)

    html = html_of(client, map_page.url)

    assert options(html, "kind") == ["", "cultural", "fablab"]
    assert options(html, "city") == ["", "Nantes", "Rennes"]
    assert selected_option(html, "kind") == [] and selected_option(html, "city") == []


def test_closed_places_are_not_listed(client, map_page):
    PlaceFactory(name="Ouvert", status=PlaceStatus.OPEN)
    PlaceFactory(name="En projet", status=PlaceStatus.PROJECT)
    PlaceFactory(name="Fermé", status=PlaceStatus.CLOSED)

    assert sorted(listed_places(html_of(client, map_page.url))) == ["En projet", "Ouvert"]


def test_an_unknown_kind_is_ignored(client, map_page):
    PlaceFactory(name="La Cantine")

    assert listed_places(html_of(client, f"{map_page.url}?kind=volcan")) == ["La Cantine"]


def test_no_match_says_so(client, map_page):
    PlaceFactory(address_locality="Nantes")

    html = html_of(client, f"{map_page.url}?city=Lyon")

    assert listed_places(html) == []
    assert "Aucun lieu ne correspond à ces critères." in html


def test_each_listed_place_links_to_its_page(client, map_page):
    place = PlaceFactory(name="La Cantine", slug="la-cantine")

    html = html_of(client, map_page.url)

    assert map_page.place_url(place) == "/carte/lieux/la-cantine/"
    assert '<li class="card place" data-kind="cultural">' in html
    assert '<h3><a href="/carte/lieux/la-cantine/">La Cantine</a></h3>' in html


# A place's page


def test_place_page_shows_the_place(client, map_page):
    organisation = OrganisationFactory(name="Coopérative Ouest", website="https://coop.example/")
    place = PlaceFactory(
        name="La Cantine",
        slug="la-cantine",
        kind=PlaceKind.FABLAB,
        status=PlaceStatus.PROJECT,
        description="Un atelier ouvert à tous.",
        street_address="5 rue des Olivettes",
        postal_code="44000",
        address_locality="Nantes",
        url="https://cantine.example/",
        organisation=organisation,
        image=ImageFactory(),
    )

    html = html_of(client, map_page.place_url(place))

    assert re.findall(r"<h1>(.*?)</h1>", html) == ["La Cantine"]
    assert "<title>La Cantine – Carte des tiers-lieux" in html
    for text in ("Fablab / makerspace", "En projet", "Un atelier ouvert à tous.", "5 rue des Olivettes"):
        assert text in html
    assert "44000 Nantes" in html
    assert '<a href="https://coop.example/">Coopérative Ouest</a>' in html
    assert '<a href="https://cantine.example/">https://cantine.example/</a>' in html
    assert re.search(r'<img [^>]*class="place-detail__image"', html)
    assert 'data-marker-name="La Cantine"' in html
    assert 'data-latitude="47.218371" data-longitude="-1.553621"' in html
    assert '<a href="/carte/">Retour à la carte des lieux</a>' in html


def test_place_page_breadcrumbs_end_with_the_map_then_the_place(client, map_page):
    place = PlaceFactory(name="La Cantine")

    html = html_of(client, map_page.place_url(place))

    trail = html.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/carte/">Carte des tiers-lieux</a>' in trail
    assert '<span aria-current="page">La Cantine</span>' in trail


def test_unknown_place_answers_404(client, map_page):
    PlaceFactory(slug="la-cantine")

    assert client.get(f"{map_page.url}lieux/nulle-part/").status_code == 404


def test_place_under_an_unpublished_map_answers_404(client, map_page):
    place = PlaceFactory()
    url = map_page.place_url(place)
    map_page.unpublish()

    assert client.get(url).status_code == 404


# The map, on top of the list


def test_map_container_carries_the_geojson_url_the_tiles_and_the_place_url_pattern(client, map_page):
    html = html_of(client, map_page.url)

    container = unescape(re.search(r'<div id="map"[^>]*>', html)[0])
    assert (
        f'data-geojson-url="{reverse(api_url_name("places_geojson"))}?status=open&status=project"'
        in container
    )
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in container
    assert "openstreetmap.org/copyright" in container
    assert 'data-place-url="/carte/lieux/__slug__/"' in container
    assert 'aria-label="Carte des lieux' in container
    assert '<a class="map-skip" href="#liste-des-lieux">Passer la carte</a>' in html
    assert '<section id="liste-des-lieux"' in html


def test_map_is_hidden_until_its_script_runs(client, map_page):
    html = html_of(client, map_page.url)

    assert '<div class="map-area" data-map-area hidden>' in html
    assert re.search(r'<p class="map-notice" data-map-notice role="status" hidden>[^<]*fond de carte', html)


def test_geojson_of_the_map_leaves_closed_places_out_and_takes_the_form_filters(client, map_page):
    shown = PlaceFactory(kind=PlaceKind.FABLAB, address_locality="Nantes", status=PlaceStatus.PROJECT)
    PlaceFactory(kind=PlaceKind.FABLAB, address_locality="Nantes", status=PlaceStatus.CLOSED)
    PlaceFactory(kind=PlaceKind.COWORKING, address_locality="Nantes")
    html = html_of(client, map_page.url)
    url = unescape(re.search(r'data-geojson-url="([^"]+)"', html)[1])

    features = client.get(f"{url}&kind=fablab&city=nantes").json()["features"]

    assert [feature["id"] for feature in features] == [shown.pk]
    assert {"name", "slug", "kind_label", "address_locality"} <= features[0]["properties"].keys()


@pytest.mark.parametrize("setting, value", [("POLE_MAP_TILE_URL", "https://tuiles.example/{z}/{x}/{y}.png")])
def test_tile_url_setting_reaches_both_pages(client, map_page, settings, setting, value):
    setattr(settings, setting, value)
    settings.POLE_MAP_TILE_ATTRIBUTION = "Tuiles du réseau"
    place = PlaceFactory()

    for url in (map_page.url, map_page.place_url(place)):
        html = html_of(client, url)
        assert f'data-tile-url="{value}"' in html
        assert 'data-tile-attribution="Tuiles du réseau"' in html


ASSET = re.compile(r"<script[^>]*\ssrc=\"([^\"]+)\"|<link[^>]*\shref=\"([^\"]+)\"[^>]*>")


def assets_of(html):
    """script src and the href of stylesheet, icon and preload links (not canonical or alternate ones)."""
    found = []
    for match in ASSET.finditer(html):
        tag = match[0]
        if match[1]:
            found.append(match[1])
        elif re.search(r'rel="(stylesheet|icon|preload|modulepreload)"', tag):
            found.append(match[2])
    return found


def test_map_and_place_pages_load_only_local_assets(client, map_page):
    place = PlaceFactory()

    for url in (map_page.url, map_page.place_url(place)):
        html = html_of(client, url)
        assets = assets_of(html)
        assert "/static/pole_pages/vendor/leaflet/leaflet.js" in assets
        assert "/static/pole_pages/js/map.js" in assets
        assert all(asset.startswith("/static/") for asset in assets), assets
        assert re.search(r'<script defer src="/static/pole_pages/js/map.js">', html)
        assert not re.search(r"<(img|iframe|source|embed|video|audio)[^>]*\ssrc=\"https?://", html)
        assert not re.search(r"unpkg\.com|jsdelivr|cdnjs", html)


def test_map_assets_are_loaded_only_where_there_is_a_map(client, map_page, home):
    place = PlaceFactory()

    assert "leaflet.markercluster.js" in html_of(client, map_page.url)
    assert "leaflet.markercluster.js" not in html_of(client, map_page.place_url(place))
    home_html = html_of(client, home.url)
    assert "leaflet" not in home_html and "map.js" not in home_html


def test_admin_map_picker_loads_leaflet_from_the_site(settings):
    media = str(PlaceForm.base_fields["map_location"].widget.media)

    assert "unpkg.com" not in media
    assert "/static/pole_pages/vendor/leaflet/leaflet.js" in media
    assert "/static/pole_pages/vendor/leaflet/leaflet.css" in media

    settings.POLE_LEAFLET_STATIC_DIR = ""
    assert "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js" in str(
        PlaceForm.base_fields["map_location"].widget.media
    )


def test_admin_place_form_has_no_cdn_asset(superuser_client):
    html = superuser_client.get(reverse("wagtailsnippets_pole_directory_place:add")).content.decode()

    assert "leaflet-field" in html
    assert "unpkg.com" not in html


# Query counts


def add_places(count):
    organisation = OrganisationFactory()
    for number in range(count):
        PlaceFactory(
            name=f"Lieu {number}",
            kind=[PlaceKind.FABLAB, PlaceKind.CULTURAL, PlaceKind.COWORKING][number % 3],
            address_locality=["Nantes", "Rennes", "Brest", "Angers"][number % 4],
            latitude=Decimal("47.2") + Decimal(number) / 100,
            organisation=organisation,
            image=ImageFactory() if number == 0 else None,
        )


@pytest.mark.parametrize("query", ["", "?kind=fablab&city=Nantes"])
def test_map_page_queries_do_not_grow_with_places(client, map_page, assert_max_queries, query):
    add_places(3)
    with_three = assert_max_queries(MAP_PAGE_MAX_QUERIES, client.get, map_page.url + query)
    add_places(27)
    assert_max_queries(with_three, client.get, map_page.url + query)


def test_place_page_queries_do_not_grow_with_places(client, map_page, assert_max_queries):
    add_places(3)
    place_url = map_page.place_url(map_page.places().get(name="Lieu 0"))
    with_three = assert_max_queries(PLACE_PAGE_MAX_QUERIES, client.get, place_url)
    add_places(27)
    assert_max_queries(with_three, client.get, place_url)


MAP_PAGE_MAX_QUERIES = 12
PLACE_PAGE_MAX_QUERIES = 12


# Provenance of the vendored files


def vendored_files():
    lines = (VENDOR / "SHA256SUMS").read_text().splitlines()
    return [(line.split("  ", 1)[1].removeprefix("./"), line.split("  ", 1)[0]) for line in lines]


def test_sha256sums_covers_every_vendored_file():
    on_disk = {
        str(path.relative_to(VENDOR))
        for path in VENDOR.rglob("*")
        if path.is_file() and path.name != "SHA256SUMS"
    }
    assert {name for name, _ in vendored_files()} == on_disk


@pytest.mark.parametrize("name, digest", vendored_files())
def test_vendored_file_matches_sha256sums(name, digest):
    assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest


def npm_source(name):
    package, relative = name.split("/", 1)
    if relative in NPM_ROOT_FILES:
        return ROOT / "node_modules" / package / relative
    return ROOT / "node_modules" / NPM_SOURCES[package] / relative


@pytest.mark.parametrize("name, digest", vendored_files())
def test_vendored_file_is_the_one_npm_installed(name, digest):
    source = npm_source(name)
    if not (ROOT / "node_modules").exists():
        pytest.skip("node_modules/ is absent: run `npm ci` (or `make vendor`) to compare")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("package", sorted(NPM_SOURCES))
def test_vendored_packages_are_pinned_in_package_lock(package):
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"][package]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"][f"node_modules/{package}"]
    assert locked["version"] == pinned
    assert locked["integrity"].startswith("sha512-")
    installed = ROOT / "node_modules" / package / "package.json"
    if installed.exists():
        assert json.loads(installed.read_text())["version"] == pinned
