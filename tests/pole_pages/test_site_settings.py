"""NetworkSettings on every page: the logo in the header, the RGAA accessibility mention in the footer."""

import re

import pytest
from test_rendering import MAX_QUERIES, get_html, new_image, page_of

from pole_pages.choices import AccessibilityStatus
from pole_pages.models import NetworkSettings


def network_of(scene):
    return NetworkSettings.objects.get(site__root_page=scene["home"])


def configure(scene, **fields):
    NetworkSettings.objects.filter(site__root_page=scene["home"]).update(**fields)


def header(html):
    return html.split('<header class="site-header">')[1].split("</header>")[0]


def legal_nav(html):
    return html.split('aria-label="Informations légales"')[1].split("</nav>")[0]


# The accessibility mention


def test_footer_says_non_compliant_until_an_audit(client, scene):
    assert network_of(scene).accessibility_status == AccessibilityStatus.NON_COMPLIANT
    nav = legal_nav(get_html(client, scene["home"]))
    assert "<li>Accessibilité&nbsp;: non conforme</li>" in nav


@pytest.mark.parametrize("kind", MAX_QUERIES)
def test_every_page_links_the_accessibility_mention_to_the_statement(client, scene, kind):
    configure(
        scene,
        accessibility_status=AccessibilityStatus.PARTIALLY_COMPLIANT,
        accessibility_statement=scene["content"],
    )
    nav = legal_nav(get_html(client, page_of(scene, kind)))
    assert re.search(
        r'<a href="/le-reseau/"( aria-current="page")?>Accessibilité&nbsp;: partiellement conforme</a>', nav
    )


def test_statement_page_marks_its_link_as_current(client, scene):
    configure(scene, accessibility_statement=scene["content"])
    nav = legal_nav(get_html(client, scene["content"]))
    assert '<a href="/le-reseau/" aria-current="page">Accessibilité&nbsp;: non conforme</a>' in nav


def test_unpublished_statement_leaves_the_mention_without_link(client, scene):
    scene["content"].unpublish()
    configure(
        scene, accessibility_status=AccessibilityStatus.COMPLIANT, accessibility_statement=scene["content"]
    )
    nav = legal_nav(get_html(client, scene["home"]))
    assert "<li>Accessibilité&nbsp;: totalement conforme</li>" in nav
    assert "/le-reseau/" not in nav


# The logo


def test_header_shows_the_logo_next_to_the_site_name(client, scene):
    configure(scene, logo=new_image("Logo du Pôle"))
    html = header(get_html(client, scene["chantier_index"]))
    link = re.search(r'<a class="site-name" href="/">(.*?)</a>', html).group(1)
    # The name next to it names the link: the logo itself is decorative.
    assert re.fullmatch(
        r'<img class="site-logo" src="/media/images/[^"]+\.max-480x160\.png" width="\d+" height="\d+" alt="">'
        r"<span>Pôle Tiers-Lieux</span>",
        link,
    )


def test_header_without_logo_has_the_site_name_only(client, scene):
    html = header(get_html(client, scene["home"]))
    assert "<img" not in html
    assert "<span>Pôle Tiers-Lieux</span></a>" in html


@pytest.mark.parametrize("kind", ["home", "event", "chantier_index"])
def test_logo_adds_at_most_one_query(client, scene, kind, assert_max_queries):
    url = page_of(scene, kind).url
    without_logo = assert_max_queries(MAX_QUERIES[kind], client.get, url)
    configure(scene, logo=new_image("Logo du Pôle"))
    assert_max_queries(without_logo + 1, client.get, url)
