"""The API's copies of Wagtail internals, kept for speed, answer as Wagtail does.

`image_outs` reads rendition rows instead of `Image.get_rendition`; `request_site` applies the rules
of `Site.find_for_request` to plain rows; `visible_pages` and `count_public_pages` stand for
`Page.objects.live().public().in_site(site)`; `page_url_builder` builds what `Page.get_full_url`
gives for a request the site's middleware has seen (the answering site at the request's origin,
`pole_core.site_urls`). Each is compared here with Wagtail's own answer, on several sites and hostnames.
"""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from pole_core.api import images
from pole_core.api.images import image_outs
from pole_core.site_urls import follow_request
from pole_pages.api.common import count_public_pages, page_url_builder, request_site, visible_pages
from pole_pages.models import ChantierPage
from tests.factories import (
    ChantierIndexPageFactory,
    ChantierPageFactory,
    ContentPageFactory,
    HomePageFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db

# (hostname, port) of the requests: each site, another port of a known host, an unknown host.
REQUESTS = [
    ("localhost", "80"),
    ("localhost", "8000"),
    ("autre.example", "80"),
    ("autre.example", "8080"),
    ("autre.example", "9999"),
    ("reseau-b.example", "80"),
    ("inconnu.example", "80"),
]


def new_request(hostname, port):
    return RequestFactory().get(
        "/", HTTP_HOST=hostname if port == "80" else f"{hostname}:{port}", SERVER_PORT=port
    )


# Renditions


@pytest.fixture(params=["max", "fill"])
def rendition_specs(request, monkeypatch):
    """The API's rendition specs, and a variant whose crop follows the focal point (`fill-`)."""
    if request.param == "fill":
        monkeypatch.setattr(images, "RENDITION_SPECS", {**images.RENDITION_SPECS, "medium": "fill-300x100"})
    images.rendition_filters.cache_clear()
    yield images.RENDITION_SPECS
    images.rendition_filters.cache_clear()


def wagtail_image_out(image, specs, request):
    """What `image_outs` should give for `image`, from `Image.get_rendition`."""
    image = type(image).objects.get(pk=image.pk)
    sizes = {}
    for name, spec in specs.items():
        rendition = image.get_rendition(spec)
        sizes[name] = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
    return {"id": image.pk, "alt": image.default_alt_text, **sizes["medium"], "renditions": sizes}


@pytest.mark.parametrize("description", ["", "Des vélos devant la Cantine"])
def test_image_outs_read_the_renditions_wagtail_gives(rendition_specs, assert_max_queries, description):
    image = ImageFactory(title="Vélos", description=description, file__width=1200, file__height=900)
    request = new_request("localhost", "80")

    # One query: the rendition rows, the copy under test (the first call made the renditions).
    assert_max_queries(1, image_outs, [image.pk], request)

    assert image_outs([image.pk], request) == {image.pk: wagtail_image_out(image, rendition_specs, request)}


def test_image_outs_follow_the_focal_point_as_wagtail_does(rendition_specs, assert_max_queries):
    image = ImageFactory(file__width=1200, file__height=900)
    request = new_request("localhost", "80")
    image_outs([image.pk], request)

    image.focal_point_x, image.focal_point_y = 1000, 800
    image.focal_point_width, image.focal_point_height = 100, 80
    image.save()

    assert image_outs([image.pk], request) == {image.pk: wagtail_image_out(image, rendition_specs, request)}
    assert_max_queries(1, image_outs, [image.pk], request)
    assert image_outs([image.pk], request) == {image.pk: wagtail_image_out(image, rendition_specs, request)}


# Sites, visible pages and page URLs


@pytest.fixture(params=["with a default site", "without a default site"])
def sites(request, home, other_site, settings):
    """Four sites: the default one (localhost), another network (autre.example), the same host on
    port 8080 with its own home, and a network whose root is a section of the default site's."""
    settings.ALLOWED_HOSTS = ["*"]
    Site.objects.create(
        hostname="autre.example",
        port=8080,
        root_page=HomePageFactory(parent=Page.get_first_root_node(), title="Port 8080", slug="port-8080"),
    )
    section = ChantierIndexPageFactory(parent=home, title="Chantiers", slug="chantiers")
    Site.objects.create(hostname="reseau-b.example", port=80, root_page=section)
    if request.param == "without a default site":
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    return {"home": home, "other": other_site, "section": section}


@pytest.fixture
def pages(sites):
    """Pages of every site, with a draft, a section behind a password and a slug outside ASCII."""
    chantiers = [
        ChantierPageFactory(parent=sites["section"], title="Le chantier mobilité", slug="mobilité-douce"),
        ChantierPageFactory(parent=sites["section"], title="Un brouillon", live=False),
        ChantierPageFactory(parent=ChantierIndexPageFactory(parent=sites["other"]), title="Ailleurs"),
    ]
    private = ContentPageFactory(parent=sites["home"], title="Espace des adhérent·es", slug="adherents")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    chantiers.append(ChantierPageFactory(parent=ChantierIndexPageFactory(parent=private), title="Réservé"))
    ContentPageFactory(parent=sites["home"], title="Été 2025", slug="été-2025")
    return chantiers


@pytest.mark.parametrize(("hostname", "port"), REQUESTS)
def test_request_site_is_the_site_wagtail_finds(sites, hostname, port):
    found = request_site(new_request(hostname, port))
    wagtail_site = Site.find_for_request(new_request(hostname, port))

    assert (found and found.id) == (wagtail_site and wagtail_site.pk)
    if wagtail_site:
        assert (found.root_path, found.root_depth) == (
            wagtail_site.root_page.path,
            wagtail_site.root_page.depth,
        )


@pytest.mark.parametrize(("hostname", "port"), REQUESTS)
def test_visible_pages_are_wagtails_live_public_pages_of_the_site(pages, hostname, port):
    site = Site.find_for_request(new_request(hostname, port))
    expected = Page.objects.live().public().in_site(site) if site else Page.objects.none()

    visible = visible_pages(new_request(hostname, port))

    assert sorted(visible.values_list("pk", flat=True)) == sorted(expected.values_list("pk", flat=True))


@pytest.mark.parametrize(("hostname", "port"), REQUESTS)
def test_count_public_pages_counts_what_wagtail_counts(pages, hostname, port):
    site = Site.find_for_request(new_request(hostname, port))
    expected = ChantierPage.objects.live().public().in_site(site).count() if site else 0

    assert count_public_pages(new_request(hostname, port), ChantierPage) == expected


def served_request(hostname, port):
    """A request as `SiteRootUrlMiddleware` hands it to the views."""
    request = new_request(hostname, port)
    follow_request(request)
    return request


@pytest.mark.parametrize(("hostname", "port"), REQUESTS)
def test_listing_urls_are_the_urls_of_page_get_full_url(pages, hostname, port):
    full_url = page_url_builder(new_request(hostname, port))

    for page in Page.objects.exclude(depth=1):
        assert full_url(page.url_path) == page.get_full_url(served_request(hostname, port)), page.url_path


def test_listing_urls_put_the_answering_site_at_the_request_origin(pages):
    private = Page.objects.get(slug="adherents")
    elsewhere = Page.objects.get(title="Ailleurs")

    full_url = page_url_builder(new_request("localhost", "8000"))
    assert full_url(private.url_path) == "http://localhost:8000/adherents/"
    # Another site keeps its stored address, as without a request.
    assert full_url(elsewhere.url_path) == elsewhere.full_url
    assert elsewhere.full_url.startswith("http://autre.example/")

    secure = RequestFactory().get("/", HTTP_HOST="localhost", secure=True)
    assert page_url_builder(secure)(private.url_path) == "https://localhost/adherents/"
