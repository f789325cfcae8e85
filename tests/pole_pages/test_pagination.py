"""The public listings by pages of 24: the total count, links that keep the filters, a forgiving
`?page=`, and as many queries on every page whatever the length of the list.

The site is the one of test_rendering.py; the lists are lengthened here with light items (one
shared image) so that a test can reach a third page quickly.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from test_rendering import MAX_QUERIES, add_live, get_html

from pole_directory.models import Person, Place
from pole_pages.choices import EventKind, Recurrence, ResourceKind
from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import ChantierPage, EventPage, ResourcePage
from pole_pages.models.listing import ListingPage

PER_PAGE = ListingPage.per_page


def add_chantiers(scene, count):
    index, image = scene["chantier_index"], scene["chantiers"][0].image
    for _ in range(count):
        n = ChantierPage.objects.count() + 1
        chantier = ChantierPage(
            title=f"Chantier en plus {n}", slug=f"en-plus-{n}", status=ChantierStatus.ONGOING, image=image
        )
        chantier.axes.set(scene["axes"])
        add_live(index, chantier)


def add_resources(scene, count):
    for _ in range(count):
        n = ResourcePage.objects.count() + 1
        resource = ResourcePage(title=f"Ressource en plus {n}", slug=f"en-plus-{n}", kind=ResourceKind.TOOL)
        resource.axes.set(scene["axes"])
        add_live(scene["resource_index"], resource)


def add_events(scene, count, days_from_now=30):
    for _ in range(count):
        n = EventPage.objects.count() + 1
        add_live(
            scene["event_index"],
            EventPage(
                title=f"Rencontre {n}",
                slug=f"rencontre-{n}",
                kind=EventKind.MEETUP,
                place=scene["places"][0],
                start=timezone.now() + timedelta(days=days_from_now, hours=n),
            ),
        )


def add_people(scene, count):
    photo = scene["staff"].photo
    for _ in range(count):
        n = Person.objects.count() + 1
        Person.objects.create(
            first_name="Personne", last_name=f"En plus {n:03}", publication_consent=True, photo=photo
        )


ADD_ITEMS = {
    "chantier_index": add_chantiers,
    "resource_index": add_resources,
    "event_index": add_events,
    "trombinoscope": add_people,
}


def item_titles(html):
    """The titles of a listing's cards (pages) or portraits (people), in order."""
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html) or re.findall(
        r'<h3 class="person__name">([^<]+)</h3>', html
    )


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def pagination(html):
    """The pagination <nav> of a page, or ""."""
    found = re.search(r'<nav class="pagination".*?</nav>', html, re.DOTALL)
    return found.group(0) if found else ""


# The pages of a list


@pytest.mark.parametrize("kind", ADD_ITEMS)
def test_second_page_lists_the_items_the_first_leaves_out(client, scene, kind):
    url = scene[kind].url
    ADD_ITEMS[kind](scene, PER_PAGE + 5)
    first, second = get_page(client, url), get_page(client, f"{url}?page=2")
    first_titles, second_titles = item_titles(first), item_titles(second)
    assert len(first_titles) == PER_PAGE
    assert second_titles and not set(first_titles) & set(second_titles)
    assert get_page(client, f"{url}?page=3") == second  # past the end: the last page


def test_result_count_is_the_whole_list_on_every_page(client, scene):
    add_chantiers(scene, 27)  # 30 with the scene's 3
    url = scene["chantier_index"].url
    for html in (get_page(client, url), get_page(client, f"{url}?page=2")):
        assert '<h2 id="resultats" class="result-count" aria-live="polite">30 chantiers</h2>' in html
    assert len(item_titles(get_page(client, f"{url}?page=2"))) == 30 - PER_PAGE


def test_short_list_has_no_pagination(client, scene):
    html = get_html(client, scene["chantier_index"])
    assert pagination(html) == ""
    assert len(item_titles(html)) == 3


def test_map_lists_every_place_without_pagination(client, scene):
    for n in range(PER_PAGE + 5):
        Place.objects.create(
            name=f"Lieu en plus {n}",
            address_locality="Nantes",
            postal_code="44000",
            latitude=47.2,
            longitude=-1.5,
        )
    html = get_html(client, scene["map"])
    assert pagination(html) == ""
    assert all(f">Lieu en plus {n}<" in html for n in range(PER_PAGE + 5))


# The links


def test_pagination_is_a_labelled_nav_marking_the_current_page(client, scene):
    add_chantiers(scene, 2 * PER_PAGE)
    url = scene["chantier_index"].url
    nav = pagination(get_page(client, f"{url}?page=2"))
    assert nav.startswith('<nav class="pagination" aria-label="Pagination">')
    assert "Page 2 sur 3" in nav
    assert f'<a href="{url}" rel="prev">Page précédente</a>' in nav
    assert f'<a href="{url}?page=3" rel="next">Page suivante</a>' in nav
    assert re.findall(r'aria-current="page"><span class="visually-hidden">Page </span>(\d+)</a>', nav) == [
        "2"
    ]


def test_first_page_has_no_previous_link_and_the_last_no_next_link(client, scene):
    add_chantiers(scene, PER_PAGE)
    url = scene["chantier_index"].url
    first, last = pagination(get_page(client, url)), pagination(get_page(client, f"{url}?page=2"))
    assert "Page suivante" in first and "Page précédente" not in first
    assert "Page précédente" in last and "Page suivante" not in last


def test_pagination_links_keep_the_filters(client, scene):
    add_chantiers(scene, PER_PAGE)
    url = scene["chantier_index"].url
    query = "status=ongoing&axis=mutualiser-les-ressources"
    html = get_page(client, f"{url}?{query}&page=2")
    nav = pagination(html)
    assert f'<a href="{url}?status=ongoing&amp;axis=mutualiser-les-ressources" rel="prev">' in nav
    assert '<option value="ongoing" selected>' in html
    assert len(item_titles(html)) == 3  # the scene's 3 chantiers match too


def test_page_number_alone_is_not_a_filter(client, scene):
    add_chantiers(scene, PER_PAGE)
    url = scene["chantier_index"].url
    html = get_page(client, f"{url}?page=2")
    assert item_titles(html) and "Effacer les filtres" not in html
    assert "Effacer les filtres" in get_page(client, f"{url}?status=ongoing&page=2")


def test_event_pages_keep_the_period(client, scene):
    add_events(scene, PER_PAGE + 2, days_from_now=-60)
    url = scene["event_index"].url
    html = get_page(client, f"{url}?periode=passes")
    assert f"{PER_PAGE + 2} événements passés" in html
    assert f'<a href="{url}?periode=passes&amp;page=2" rel="next">' in pagination(html)
    assert len(item_titles(get_page(client, f"{url}?periode=passes&page=2"))) == 2


def test_recurring_event_is_listed_once_across_the_pages(client, scene):
    add_events(scene, PER_PAGE)
    url = scene["event_index"].url
    titles = item_titles(get_page(client, url)) + item_titles(get_page(client, f"{url}?page=2"))
    assert scene["event"].recurrence == Recurrence.MONTHLY_NTH_WEEKDAY
    assert titles.count(scene["event"].title) == 1
    assert len(titles) == len(set(titles)) == PER_PAGE + 3


@pytest.mark.parametrize("page", ["abc", "0", "-1", "2.5", ""])
def test_page_that_is_not_a_page_number_gives_a_page_of_the_list(client, scene, page):
    add_chantiers(scene, PER_PAGE)
    url = scene["chantier_index"].url
    html = get_page(client, f"{url}?page={page}")
    assert len(item_titles(html)) in (PER_PAGE, 3)


def test_page_past_the_end_gives_the_last_page(client, scene):
    add_chantiers(scene, PER_PAGE)
    url = scene["chantier_index"].url
    assert item_titles(get_page(client, f"{url}?page=99")) == item_titles(get_page(client, f"{url}?page=2"))


def test_filter_leaving_one_page_of_results_shows_it_whatever_the_page_asked(client, scene):
    add_chantiers(scene, PER_PAGE)
    html = get_page(client, f"{scene['chantier_index'].url}?status=closed&page=2")
    assert "Aucun chantier ne correspond à ces critères." in html
    assert pagination(html) == ""


# Queries: the same on the first and the second page, with 30 or 60 items


@pytest.mark.parametrize("kind", ADD_ITEMS)
def test_pages_queries_do_not_grow_with_the_list(client, scene, kind, assert_max_queries):
    urls = [scene[kind].url, f"{scene[kind].url}?page=2"]
    ADD_ITEMS[kind](scene, 30)
    with_30 = [assert_max_queries(MAX_QUERIES[kind], client.get, url) for url in urls]
    ADD_ITEMS[kind](scene, 30)
    with_60 = [
        assert_max_queries(ceiling, client.get, url) for url, ceiling in zip(urls, with_30, strict=True)
    ]
    assert with_60[0] == with_60[1]
