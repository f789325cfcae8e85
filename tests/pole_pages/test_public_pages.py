"""The public site's listings and details: filters, timeline, calendar links, anchors, privacy, queries.

The site is the one of test_rendering.py (pages built as editors build them); these tests add what
a visitor does with it: filter a list, follow a tab, download a calendar, jump to an article.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from test_rendering import MAX_QUERIES, add_items, get_html, publish, republish

from pole_directory.models import Axis, PersonRole
from pole_pages.choices import Audience, EventKind, ResourceKind
from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import ChantierPage, EventPage, NetworkSettings, ResourcePage


def get_filtered(client, page, query):
    response = client.get(f"{page.url}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def card_links(html):
    """The links of the cards' titles of a listing, in order."""
    return re.findall(r'<h3><a href="([^"]+)">', html)


def card_titles(html):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


# Queries: the same count with 2 or 10 items in every list, filters applied

FILTERED = {
    "chantier_index": "status=ongoing&axis=mutualiser-les-ressources",
    "resource_index": "kind=tool&audience=sector&axis=mutualiser-les-ressources",
    "trombinoscope": "role=staff",
    "event_index": "periode=passes",
}
# The page's ceiling, + 1 where a filter looks its value up in the database (the axis by its slug).
FILTERED_MAX_QUERIES = {kind: MAX_QUERIES[kind] + ("axis=" in query) for kind, query in FILTERED.items()}


@pytest.mark.parametrize("kind", FILTERED)
def test_filtered_page_queries_do_not_grow_with_items(client, scene, kind, assert_max_queries):
    url = f"{scene[kind].url}?{FILTERED[kind]}"
    with_two = assert_max_queries(FILTERED_MAX_QUERIES[kind], client.get, url)
    add_items(scene, 8)
    assert_max_queries(with_two, client.get, url)


# Chantiers


def test_chantier_index_has_a_labelled_get_filter_form(client, scene):
    html = get_html(client, scene["chantier_index"])
    form = html.split('<form class="filters" method="get"')[1].split("</form>")[0]
    assert '<label for="filtre-status">Étape</label>' in form
    assert '<select id="filtre-status" name="status">' in form
    assert '<label for="filtre-axis">Axe</label>' in form
    assert '<select id="filtre-axis" name="axis">' in form
    assert '<option value="mutualiser-les-ressources">Mutualiser les ressources</option>' in form
    assert '<button type="submit" class="button">Filtrer</button>' in form


def test_chantier_index_cards_link_to_each_chantier(client, scene):
    html = get_html(client, scene["chantier_index"])
    chantiers = [scene["chantier"], *scene["chantiers"]]
    assert sorted(card_links(html)) == sorted(chantier.url for chantier in chantiers)
    assert '<h2 id="resultats" class="result-count" aria-live="polite">3 chantiers</h2>' in html


def test_chantier_index_filters_by_status_and_keeps_the_choice(client, scene):
    ChantierPage.objects.filter(pk=scene["chantiers"][0].pk).update(status=ChantierStatus.RESTITUTION)
    html = get_filtered(client, scene["chantier_index"], "status=restitution")
    assert card_titles(html) == ["Chantier 1"]
    assert ">1 chantier</h2>" in html
    assert '<option value="restitution" selected>Restitution</option>' in html
    assert 'href="/chantiers/">Effacer les filtres</a>' in html


def test_chantier_index_filters_by_axis(client, scene):
    axis = Axis.objects.create(name="Observer la filière")
    chantier = ChantierPage.objects.get(pk=scene["chantiers"][1].pk)
    chantier.axes.add(axis)
    chantier.save()
    html = get_filtered(client, scene["chantier_index"], f"axis={axis.slug}")
    assert card_titles(html) == ["Chantier 2"]
    assert f'<option value="{axis.slug}" selected>Observer la filière</option>' in html


def test_chantier_index_says_when_no_chantier_matches(client, scene):
    html = get_filtered(client, scene["chantier_index"], "status=closed")
    assert re.search(r">0 chantiers?</h2>", html)  # the plural form of 0 is the catalogue's
    assert "Aucun chantier ne correspond à ces critères." in html


def test_chantier_index_ignores_an_unknown_filter_value(client, scene):
    html = get_filtered(client, scene["chantier_index"], "status=inconnu&axis=inconnu")
    assert ">3 chantiers</h2>" in html


def test_chantier_timeline_marks_the_current_step_with_each_reached_date(client, scene):
    html = get_html(client, scene["chantier"])
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    steps = re.findall(r'<li class="is-(\w+)"( aria-current="step")?>', timeline)
    assert steps == [
        ("done", ""),
        ("done", ""),
        ("done", ""),
        ("current", ' aria-current="step"'),
        ("upcoming", ""),
    ]
    assert '<time datetime="2025-03-12">12 mars 2025</time>' in timeline
    assert "Étape actuelle" in timeline


def test_chantier_closed_early_shows_the_steps_it_never_reached(client, scene):
    chantier = scene["chantier"]
    chantier.status, chantier.started_on, chantier.closed_on = ChantierStatus.CLOSED, None, date(2025, 4, 1)
    chantier.call_opened_on = None
    html = get_html(client, republish(chantier))
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    states = re.findall(r'<li class="is-(\w+)"', timeline)
    assert states == ["done", "done", "skipped", "skipped", "skipped", "current"]
    assert "Étape non atteinte" in timeline
    assert re.search(r'aria-current="step">\s*<span class="timeline__label">Clôturé</span>', timeline)


def test_chantier_action_progress_is_a_progress_bar_with_its_text(client, scene):
    html = get_html(client, scene["chantier"])
    assert re.search(r'<progress max="5" value="3"[^>]*>60 %</progress>', html)
    assert "3 sur 5 à 6 meet-up par an" in html


def test_chantier_card_images_are_decorative(client, scene):
    html = get_html(client, scene["chantier_index"])
    images = re.findall(r"<img [^>]*>", html)
    assert images and all('alt=""' in image for image in images)


# People


def test_trombinoscope_filters_by_role(client, scene):
    staff = scene["staff"]
    staff.roles = [PersonRole.STAFF]
    staff.save()
    scene["secret"].roles = [PersonRole.STAFF]
    scene["secret"].save()
    html = get_filtered(client, scene["trombinoscope"], "role=staff")
    assert re.findall(r'<h3 class="person__name">([^<]+)</h3>', html) == ["Jules Martin"]
    assert '<option value="staff" selected>Équipe salariée</option>' in html
    assert '<label for="filtre-role">Rôle</label>' in html
    assert "Cachée" not in html


def test_trombinoscope_never_shows_people_without_consent(client, scene):
    pages = {
        query: get_filtered(client, scene["trombinoscope"], query)
        for query in ("", "role=staff", "organisation=" + str(scene["organisation"].pk))
    }
    assert "Jules Martin" in pages[""]
    for html in pages.values():
        assert "Bérénice" not in html and "berenice@prive.example" not in html


def test_trombinoscope_portraits_have_an_alt_text(client, scene):
    html = get_html(client, scene["trombinoscope"])
    assert 'alt="Portrait de Jules Martin"' in html


# Resources


def test_resource_library_filters_by_kind(client, scene):
    html = get_filtered(client, scene["resource_index"], f"kind={ResourceKind.GUIDE}")
    assert card_titles(html) == ["Guide de la mobilité douce"]
    assert f'<option value="{ResourceKind.GUIDE}" selected>' in html


def test_resource_library_filters_by_audience_and_axis(client, scene):
    html = get_filtered(client, scene["resource_index"], f"audience={Audience.PUBLIC_AUTHORITIES}")
    assert card_titles(html) == ["Guide de la mobilité douce"]
    axis = Axis.objects.create(name="Former")
    resource = ResourcePage.objects.get(pk=scene["resources"][1].pk)
    resource.axes.add(axis)
    resource.save()
    html = get_filtered(client, scene["resource_index"], f"axis={axis.slug}")
    assert card_titles(html) == ["Ressource 2"]
    for name in ("kind", "audience", "axis"):
        assert f'<label for="filtre-{name}">' in html and f'<select id="filtre-{name}" name="{name}">' in html


# Events


def test_event_page_links_to_its_ics_file(client, scene):
    event = scene["event"]
    html = get_html(client, event)
    url = f"/api/v1/events/{event.pk}.ics"
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")


def test_event_index_links_to_the_feed_and_to_each_event_ics(client, scene):
    html = get_html(client, scene["event_index"])
    assert 'href="/api/v1/events.ics"' in html
    for event in [scene["event"], *scene["events"]]:
        assert f'href="/api/v1/events/{event.pk}.ics"' in html
    assert client.get("/api/v1/events.ics").status_code == 200


def test_event_index_groups_upcoming_events_by_month_with_times(client, scene):
    html = get_html(client, scene["event_index"])
    months = re.findall(r'<h2 id="mois-(\d{4}-\d{2})"><time datetime="\1">([^<]+)</time></h2>', html)
    assert months[-1] == ("2030-01", "Janvier 2030")
    assert [month for month, _label in months] == sorted(month for month, _label in months)
    assert '<time datetime="2030-01-03T18:30:00+01:00">18h30</time>' in html
    assert '<a href="/agenda/" aria-current="page">À venir</a>' in html


def test_event_index_past_tab_lists_past_events_latest_first(client, scene):
    index = scene["event_index"]
    for days, title in ((40, "Rencontre ancienne"), (3, "Rencontre récente")):
        publish(
            index,
            EventPage(
                title=title,
                slug=f"passee-{days}",
                kind=EventKind.MEETUP,
                address="Nantes",
                start=timezone.now() - timedelta(days=days),
            ),
        )
    upcoming_html = get_html(client, index)
    assert "Rencontre récente" not in upcoming_html
    html = get_filtered(client, index, "periode=passes")
    assert card_titles(html) == ["Rencontre récente", "Rencontre ancienne"]
    assert '<a href="/agenda/?periode=passes" aria-current="page">Passés</a>' in html
    assert "2 événements passés" in html and "Meet-up 1" not in html


# Governance documents


def test_governance_contents_anchors_match_the_api(client, scene):
    document = scene["governance"]
    html = get_html(client, document)
    api_anchors = [
        article["anchor"] for article in client.get(f"/api/v1/documents/{document.pk}/").json()["articles"]
    ]
    toc = html.split('id="sommaire"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == api_anchors
    assert re.findall(r'<section class="article" id="([^"]+)"', html) == api_anchors


# Layout


def test_menu_and_breadcrumbs_mark_the_current_page(client, scene):
    html = get_html(client, scene["chantier_index"])
    assert '<a href="/chantiers/" aria-current="page">Les chantiers</a>' in html
    trail = html.split("Fil d'Ariane")[1].split("</nav>")[0]
    assert '<span aria-current="page">Les chantiers</span>' in trail


def test_footer_links_to_the_legal_notice(client, scene):
    NetworkSettings.objects.filter(site__root_page=scene["home"]).update(legal_notice=scene["content"])
    html = get_html(client, scene["home"])
    legal = html.split('aria-label="Informations légales"')[1].split("</nav>")[0]
    assert '<a href="/le-reseau/">Mentions légales</a>' in legal
