"""The default templates: every page type renders, accessibly, with its key content, in bounded queries.

The site is built here with the models directly (no factories), as editors would: pages added under
a HomePage that is the root of the default Site, each one published from a revision.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site

from pole_directory.models import Axis, Organisation, Person, Place
from pole_pages.blocks import article_anchor
from pole_pages.choices import (
    ActionStatus,
    Audience,
    DeliverableStatus,
    DocumentKind,
    EventKind,
    MemberRole,
    MissionHolder,
    Priority,
    ProgressSource,
    Recurrence,
    ResourceKind,
    TargetPeriod,
)
from pole_pages.lifecycle import ChantierStatus
from pole_pages.models import (
    ChantierIndexPage,
    ChantierMember,
    ChantierPage,
    ContentPage,
    EventIndexPage,
    EventPage,
    GovernanceDocumentPage,
    HomePage,
    MapPage,
    NetworkSettings,
    ResourceIndexPage,
    ResourcePage,
    TrombinoscopePage,
)

PARIS = ZoneInfo("Europe/Paris")
CITIES = ["Nantes", "Rezé", "Saint-Herblain"]

# Most queries a page may take, whatever the number of items it lists (measured with 2 and 10).
MAX_QUERIES = {
    "home": 12,
    "content": 12,
    # + 1 for the listings with a filter form: the axes offered by its select; + 1 for the paginated
    # querysets: the COUNT of the whole list, then its page (the agenda's list is built in Python).
    "chantier_index": 16,
    # + 3 since pole_forms is installed: the chantier's calls for participation and their privacy, and
    # the members' proposals it comes from.
    "chantier": 34,
    "resource_index": 15,
    "resource": 14,
    "event_index": 12,
    "event": 12,
    "governance": 12,
    "trombinoscope": 13,
    # + 1: the options of the filter form (kinds and cities of the places shown).
    "map": 12,
}


# Building the site


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_live(parent, page):
    """A live page without a revision, as imported content is: quicker for the items of long lists."""
    return parent.add_child(instance=page)


def republish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def new_image(title):
    return get_image_model().objects.create(title=title, file=get_test_image_file(size=(300, 300)))


def new_person(first_name, last_name, consent=True, photo=True, **fields):
    return Person.objects.create(
        first_name=first_name,
        last_name=last_name,
        publication_consent=consent,
        photo=new_image(f"Portrait de {first_name} {last_name}") if photo else None,
        **fields,
    )


def streamfield(block_type, values):
    return [{"type": block_type, "value": value} for value in values]


def build_site(count):
    """A whole Pôle site with `count` items in every list, the way the seeds describe it."""
    root = Page.get_first_root_node()
    home = publish(
        root,
        HomePage(
            title="Tiers-lieux de la Métropole",
            slug="accueil-rendu",
            intro="Le réseau des tiers-lieux de la Métropole.",
        ),
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.site_name = "Pôle Tiers-Lieux"
    site.save()
    NetworkSettings.objects.update_or_create(
        site=site,
        defaults={
            "organisation_name": "Pôle Tiers-Lieux",
            "contact_email": "contact@pole.example",
            "address": "2 rue de la Coopération\n44000 Nantes",
            "mastodon_url": "https://mastodon.example/@pole",
        },
    )
    scene = {
        "home": home,
        "axes": [
            Axis.objects.create(name="Mailler le territoire et animer le réseau"),
            Axis.objects.create(name="Mutualiser les ressources"),
        ],
    }
    scene["organisation"] = Organisation.objects.create(name="La Fabrique", city="Nantes")
    scene["co_president"] = new_person("Awa", "Diallo", role_title="Co-présidente, référente du chantier")
    scene["staff"] = new_person("Jules", "Martin", role_title="Coordinateur du réseau")
    scene["secret"] = new_person("Bérénice", "Cachée", consent=False, email="berenice@prive.example")
    scene["private_email"] = new_person("Hugo", "Discret", email="hugo@prive.example")
    scene["public_email"] = new_person("Lina", "Ouverte", email="lina@pole.example", email_is_public=True)
    scene["content"] = publish(
        home, ContentPage(title="Le réseau", slug="le-reseau", show_in_menus=True, intro="Qui nous sommes.")
    )
    scene["governance"] = publish(
        scene["content"],
        GovernanceDocumentPage(
            title="Statuts de l'association",
            slug="statuts",
            kind=DocumentKind.STATUTES,
            adopted_on=date(2024, 6, 15),
            version="2024-1",
        ),
    )
    scene["chantier_index"] = publish(
        home, ChantierIndexPage(title="Les chantiers", slug="chantiers", show_in_menus=True)
    )
    scene["chantier"] = publish(
        scene["chantier_index"],
        ChantierPage(
            title="Le chantier mobilité",
            slug="mobilite",
            status=ChantierStatus.ONGOING,
            intro="Comment se rendre dans les tiers-lieux sans voiture ?",
            proposed_on=date(2025, 1, 10),
            validated_on=date(2025, 2, 3),
            call_opened_on=date(2025, 2, 20),
            started_on=date(2025, 3, 12),
            image=new_image("Vélos devant un tiers-lieu"),
            co_president_referent=scene["co_president"],
            staff_referent=scene["staff"],
            duration_months=12,
            meeting_count=6,
            meeting_duration_minutes=120,
        ),
    )
    scene["resource_index"] = publish(
        home, ResourceIndexPage(title="Ressources", slug="ressources", show_in_menus=True)
    )
    scene["resource"] = publish(
        scene["resource_index"],
        ResourcePage(
            title="Guide de la mobilité douce",
            slug="guide-mobilite",
            kind=ResourceKind.GUIDE,
            audiences=[Audience.MEMBERS, Audience.PUBLIC_AUTHORITIES],
            intro="Le guide issu du chantier.",
        ),
    )
    scene["event_index"] = publish(home, EventIndexPage(title="Agenda", slug="agenda", show_in_menus=True))
    scene["event"] = publish(
        scene["event_index"],
        EventPage(
            title="Apéro tiers-lieux",
            slug="apero",
            kind=EventKind.APERO,
            start=datetime(2030, 1, 3, 18, 30, tzinfo=PARIS),
            end=datetime(2030, 1, 3, 21, 0, tzinfo=PARIS),
            recurrence=Recurrence.MONTHLY_NTH_WEEKDAY,
            recurrence_until=date(2030, 12, 31),
            address="Le Solilab, 8 rue de Saint-Domingue, Nantes",
            registration_url="https://inscription.example/apero",
        ),
    )
    scene["trombinoscope"] = publish(home, TrombinoscopePage(title="Trombinoscope", slug="trombinoscope"))
    scene["map"] = publish(home, MapPage(title="Carte des tiers-lieux", slug="carte"))
    scene.update(people=[], places=[], resources=[], events=[], documents=[], chantiers=[])
    add_items(scene, count)
    return scene


def add_items(scene, count):
    """Add `count` items to every list of the site, then republish the pages that hold them."""
    for _ in range(count):
        i = len(scene["people"]) + 1
        scene["people"].append(new_person(f"Prénom{i}", f"Nom{i}", organisation=scene["organisation"]))
        scene["places"].append(
            Place.objects.create(
                name=f"Tiers-lieu {i}",
                address_locality=CITIES[i % len(CITIES)],
                postal_code="44000",
                latitude=47.2 + i / 100,
                longitude=-1.55,
                organisation=scene["organisation"],
            )
        )
        chantier = ChantierPage(
            title=f"Chantier {i}",
            slug=f"chantier-{i}",
            status=ChantierStatus.ONGOING,
            intro=f"Problématique {i}.",
            image=new_image(f"Illustration du chantier {i}"),
        )
        chantier.axes.set(scene["axes"])
        scene["chantiers"].append(add_live(scene["chantier_index"], chantier))
        resource = ResourcePage(
            title=f"Ressource {i}",
            slug=f"ressource-{i}",
            kind=ResourceKind.TOOL,
            audiences=[Audience.SECTOR],
            chantier=scene["chantier"],
        )
        resource.axes.set(scene["axes"])
        scene["resources"].append(add_live(scene["resource_index"], resource))
        scene["events"].append(
            add_live(
                scene["event_index"],
                EventPage(
                    title=f"Meet-up {i}",
                    slug=f"meet-up-{i}",
                    kind=EventKind.MEETUP,
                    place=scene["places"][-1],
                    start=timezone.now() + timedelta(days=i),
                    chantier=scene["chantier"],
                ),
            )
        )
        scene["documents"].append(
            get_document_model().objects.create(
                title=f"Annexe {i}", file=get_test_image_file(filename=f"annexe-{i}.png")
            )
        )
        add_live(scene["content"], ContentPage(title=f"Sous-page {i}", slug=f"sous-page-{i}"))
    fill_chantier(scene)
    fill_governance(scene)
    fill_resource(scene)


def fill_chantier(scene):
    chantier, people, n = scene["chantier"], scene["people"], len(scene["people"])
    chantier.axes.set(scene["axes"])
    chantier.board_members.set([*people, scene["secret"]])
    chantier.members = [ChantierMember(person=person, role=MemberRole.MEMBER) for person in people] + [
        ChantierMember(person=scene["secret"], role=MemberRole.PILOT),
        ChantierMember(organisation=scene["organisation"], role=MemberRole.CONTRIBUTOR),
    ]
    chantier.objectives = streamfield(
        "objective",
        [{"title": f"Objectif {i}", "priority": Priority.HIGH, "description": ""} for i in range(n)],
    )
    chantier.deliverables = streamfield(
        "deliverable",
        [
            {
                "title": f"Livrable {i}",
                "priority": Priority.MEDIUM,
                "due_date": "2025-12-01",
                "status": DeliverableStatus.IN_PROGRESS,
                "resource": resource.pk,
            }
            for i, resource in enumerate(scene["resources"])
        ],
    )
    chantier.missions = streamfield(
        "mission",
        [
            {"holder": MissionHolder.MEMBERS, "person": person.pk, "mission": "Animer les meet-up."}
            for person in people
        ]
        + [{"holder": MissionHolder.BOARD, "person": scene["secret"].pk, "mission": "Relire le guide."}],
    )
    chantier.actions = streamfield(
        "action",
        [
            {
                "title": "Organiser 5 à 6 meet-up annuels",
                "axis": scene["axes"][0].pk,
                "owner": scene["secret"].pk,
                "status": ActionStatus.IN_PROGRESS,
                "description": "",
                "target": {
                    "minimum": 5,
                    "maximum": 6,
                    "unit": "meet-up",
                    "period": TargetPeriod.YEAR,
                    "source": ProgressSource.MANUAL,
                    "event_kind": "",
                    "achieved": 3,
                },
            },
        ]
        + [
            {
                "title": f"Action {i}",
                "axis": None,
                "owner": person.pk,
                "status": ActionStatus.TODO,
                "description": "",
                "target": {
                    "minimum": 1,
                    "maximum": None,
                    "unit": "apéro",
                    "period": TargetPeriod.MONTH,
                    "source": ProgressSource.EVENTS,
                    "event_kind": EventKind.APERO,
                    "achieved": None,
                },
            }
            for i, person in enumerate(people)
        ],
    )
    chantier.recommendations = streamfield(
        "recommendation",
        [
            {
                "text": "<p>Ouvrir les tiers-lieux le soir.</p>",
                "audiences": [Audience.MEMBERS, Audience.SECTOR],
            }
        ],
    )
    scene["chantier"] = republish(chantier)


def fill_governance(scene):
    document = scene["governance"]
    document.articles = streamfield(
        "article",
        [
            {
                "number": "1",
                "title": "Dénomination",
                "anchor": "",
                "body": "<p>Il est fondé une association.</p>",
            },
            {"number": "4 bis", "title": "Objet", "anchor": "objet", "body": "<p>Animer le réseau.</p>"},
        ]
        + [
            {"number": str(10 + i), "title": f"Article numéro {i}", "anchor": "", "body": "<p>Texte.</p>"}
            for i in range(len(scene["people"]))
        ],
    )
    scene["governance"] = republish(document)


def fill_resource(scene):
    resource = scene["resource"]
    resource.axes.set(scene["axes"])
    resource.attachments = streamfield("document", [document.pk for document in scene["documents"]])
    scene["resource"] = republish(resource)


def page_of(scene, kind):
    return scene["home"] if kind == "home" else scene[kind]


def get_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


# Every page type


@pytest.mark.parametrize("kind", MAX_QUERIES)
def test_page_renders_with_landmarks_and_one_h1(client, scene, kind):
    page = page_of(scene, kind)
    html = get_html(client, page)
    assert '<html lang="fr">' in html
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    title = escape(page.title)
    assert re.findall(r"<h1>(.*?)</h1>", html) == [title]
    assert f"<title>{title} – Pôle Tiers-Lieux</title>" in html
    assert "<header" in html and "<footer" in html and 'aria-label="Menu principal"' in html


@pytest.mark.parametrize("kind", MAX_QUERIES)
def test_page_queries_do_not_grow_with_items(client, scene, kind, assert_max_queries):
    with_two = assert_max_queries(MAX_QUERIES[kind], client.get, page_of(scene, kind).url)
    add_items(scene, 8)
    assert_max_queries(with_two, client.get, page_of(scene, kind).url)


# Layout


def test_menu_lists_the_pages_shown_in_menus_and_marks_the_current_section(client, scene):
    html = get_html(client, scene["chantier"])
    menu = html.split('aria-label="Menu principal"')[1].split("</nav>")[0]
    assert re.findall(r">([^<>]+)</a>", menu) == ["Le réseau", "Les chantiers", "Ressources", "Agenda"]
    assert '<a href="/chantiers/" aria-current="true">Les chantiers</a>' in menu


def test_breadcrumbs_lead_from_home_to_the_current_page(client, scene):
    html = get_html(client, scene["governance"])
    trail = html.split("Fil d'Ariane")[1].split("</nav>")[0]
    assert re.findall(r">([^<>]+)</(?:a|span)>", trail) == [
        "Tiers-lieux de la Métropole",
        "Le réseau",
        "Statuts de l&#x27;association",
    ]


def test_footer_shows_the_network_settings(client, scene):
    html = get_html(client, scene["home"])
    assert '<a href="mailto:contact@pole.example">' in html
    assert "2 rue de la Coopération<br>44000 Nantes" in html
    assert 'rel="me"' in html


def test_search_description_becomes_the_meta_description(client, scene):
    page = scene["content"]
    page.search_description = "Présentation du réseau."
    page = republish(page)
    assert '<meta name="description" content="Présentation du réseau.">' in get_html(client, page)


# Chantiers


def test_chantier_marks_its_current_step(client, scene):
    html = get_html(client, scene["chantier"])
    current = re.findall(
        r'<li class="is-current" aria-current="step">\s*<span class="timeline__label">([^<]+)</span>', html
    )
    assert current == ["En cours"]
    assert html.count('class="is-done"') == 3
    assert "Clôturé" not in html


def test_chantier_shows_action_progress_toward_its_target(client, scene):
    html = get_html(client, scene["chantier"])
    assert '<progress max="5" value="3"' in html
    assert "3 sur 5 à 6 meet-up par an" in html
    assert "0 sur 1 apéro par mois" in html


def test_chantier_lists_roles_deliverables_and_recommendations(client, scene):
    html = get_html(client, scene["chantier"])
    assert "Awa Diallo" in html and "Jules Martin" in html and "Prénom1 Nom1" in html
    assert "La Fabrique" in html
    assert "Priorité haute" in html
    assert f'<a href="{scene["resources"][0].url}">Livrable 0</a>' in html
    assert "Destinataires&nbsp;: Adhérent·es, Filière" in html
    assert scene["events"][0].title in html and scene["resources"][0].title in html


def test_chantier_leaves_out_people_without_consent(client, scene):
    html = get_html(client, scene["chantier"])
    assert "Cachée" not in html and "Bérénice" not in html
    assert "1 membre du CA dont le nom n'est pas publié." in html
    assert "1 membre du groupe de travail dont le nom n'est pas publié." in html


def test_chantier_portraits_have_the_image_alt_text(client, scene):
    html = get_html(client, scene["chantier"])
    assert 'alt="Portrait de Awa Diallo"' in html


def test_chantier_index_lists_published_chantiers_with_status_and_axes(client, scene):
    draft = scene["chantier_index"].add_child(
        instance=ChantierPage(title="Chantier brouillon", slug="brouillon", live=False)
    )
    html = get_html(client, scene["chantier_index"])
    assert "Le chantier mobilité" in html and "Chantier 2" in html
    assert draft.title not in html
    assert "En cours" in html and "Mutualiser les ressources" in html


def test_new_chantier_can_be_previewed_before_it_is_saved(scene):
    index = scene["chantier_index"]
    # The admin's preview of a page being created places it in the tree without saving it.
    page = ChantierPage(
        title="Chantier en préparation",
        slug="en-preparation",
        status=ChantierStatus.PROPOSED,
        depth=index.depth + 1,
        path=index.get_last_child()._inc_path(),
        co_president_referent=scene["co_president"],
        image=scene["chantiers"][0].image,
    )
    page.axes = scene["axes"]
    page.board_members = [scene["people"][1], scene["secret"]]
    page.members = [ChantierMember(person=scene["people"][0], role=MemberRole.PILOT)]
    response = page.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Chantier en préparation</h1>" in html
    assert "Prénom1 Nom1" in html and "Prénom2 Nom2" in html and "Awa Diallo" in html
    assert "Cachée" not in html


@pytest.mark.parametrize("kind", MAX_QUERIES)
def test_page_can_be_previewed(scene, kind):
    response = page_of(scene, kind).make_preview_request()
    assert response.status_code == 200
    assert '<a class="skip-link" href="#contenu">' in response.content.decode()


# Resources, events, governance


def test_resource_shows_its_facts_and_attachments(client, scene):
    html = get_html(client, scene["resource"])
    assert "Adhérent·es, Pouvoirs publics" in html
    assert f'<a href="{scene["documents"][0].url}">Annexe 1</a>' in html


def test_event_index_lists_upcoming_events_soonest_first(client, scene):
    past = publish(
        scene["event_index"],
        EventPage(
            title="Rencontre passée",
            slug="passee",
            kind=EventKind.MEETUP,
            address="Nantes",
            start=timezone.now() - timedelta(days=3),
        ),
    )
    html = get_html(client, scene["event_index"])
    assert past.title not in html
    assert html.index("Meet-up 1") < html.index("Meet-up 2") < html.index("Apéro tiers-lieux")


def test_event_dates_are_in_french_in_the_event_time_zone(client, scene):
    html = get_html(client, scene["event"])
    assert "jeudi 3 janvier 2030, de" in html
    assert '<time datetime="2030-01-03T18:30:00+01:00">18h30</time>' in html
    assert "Chaque mois, le premier jeudi, jusqu&#x27;au 31 décembre 2030" in html
    assert "jeudi 7 février 2030" in html  # the next occurrences
    assert 'href="https://inscription.example/apero"' in html


def test_event_in_another_time_zone_says_so(client, scene):
    event = scene["events"][0]
    event.time_zone = "America/Montreal"
    event.start = datetime(2030, 5, 1, 10, 0, tzinfo=ZoneInfo("America/Montreal"))
    event = republish(event)
    html = get_html(client, event)
    assert '<time datetime="2030-05-01T10:00:00-04:00">10h00</time> (heure de America/Montreal)' in html


def test_governance_document_contents_link_to_the_article_anchors(client, scene):
    document = scene["governance"]
    html = get_html(client, document)
    anchors = [article_anchor(block.value) for block in document.articles]
    assert anchors[:2] == ["article-1", "objet"]
    toc = html.split('id="sommaire"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == anchors
    assert re.findall(r'<section class="article" id="([^"]+)"', html) == anchors
    assert "15 juin 2024" in html


# People and places


def test_trombinoscope_shows_only_consenting_people(client, scene):
    html = get_html(client, scene["trombinoscope"])
    assert "Awa Diallo" in html and "Prénom2 Nom2" in html
    assert "Cachée" not in html and "berenice@prive.example" not in html


def test_trombinoscope_shows_an_email_only_when_it_is_public(client, scene):
    html = get_html(client, scene["trombinoscope"])
    assert "Hugo Discret" in html and "hugo@prive.example" not in html
    assert '<a href="mailto:lina@pole.example">' in html


def test_map_page_lists_places_by_city_with_a_map_container(client, scene):
    html = get_html(client, scene["map"])
    assert 'id="map" class="map"' in html
    assert 'data-geojson-url="/api/v1/places.geojson?status=open&amp;status=project"' in html
    assert 'data-latitude="47.218371"' in html
    cities = re.findall(r'<h2 id="ville-\d+">([^<]+)</h2>', html)
    assert cities == sorted({place.address_locality for place in scene["places"]})
    assert "Tiers-lieu 1" in html and "Tiers-lieu 2" in html
