"""What a visitor and a member do on the public site, in a real browser, on the demo content."""

import re
import time

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser_requirements` fixture skips these tests, or fails them on CI
    expect = None

from pole_site.demo import content

pytestmark = pytest.mark.browser

MAP_PATH = "/carte/"
CHANTIERS_PATH = "/chantiers/"
PARTICIPATION_CALL_PATH = "/appel-participation-mobilite/"
MARKERS = ".leaflet-marker-icon, .marker-cluster"
PLACES = "#liste-des-lieux li.place"
KIND = "fablab"
# Django's labels end with " :" in French; "Nom" must not match "Prénom".
LAST_NAME = re.compile(r"^Nom\b")


def places_of_kind(kind):
    """Names of the demo places of one kind shown on the map (closed places are not)."""
    return sorted(
        name
        for name, place_kind, status, *_rest in content.PLACES
        if place_kind == kind and status != "closed"
    )


def chantier_titles_with_axis(slug):
    return {chantier["title"] for chantier in content.CHANTIERS if slug in chantier["axes"]}


def listed_place_names(page):
    """The name of each place listed, from its link (the place detail page)."""
    return sorted(name.strip() for name in page.locator(f"{PLACES}:visible a").all_inner_texts())


def filter_places_by_kind(page, kind):
    page.locator("form.map-filters select[name=kind]").select_option(kind)
    button = page.locator("form.map-filters").get_by_role("button", name="Filtrer")
    # With JavaScript the list may follow the select at once; the button is there for the other case.
    if button.is_visible():
        button.click()


def test_a_visitor_filters_the_map_by_kind_and_opens_a_place(page, screenshot):
    page.goto(MAP_PATH)
    # The markers come from the GeoJSON feed even though no map tile can be loaded here.
    expect(page.locator(MARKERS).first).to_be_visible()
    everything = page.locator(f"{PLACES}:visible").count()
    expected = places_of_kind(KIND)
    assert 0 < len(expected) < everything

    filter_places_by_kind(page, KIND)

    expect(page.locator(f"{PLACES}:visible")).to_have_count(len(expected))
    assert listed_place_names(page) == expected
    expect(page.locator(MARKERS).first).to_be_visible()
    screenshot(page, "map-filtered-by-kind")

    name = expected[0]
    page.locator(f"{PLACES}:visible").filter(has_text=name).get_by_role("link", name=name).click()

    expect(page).to_have_url(re.compile(rf"{MAP_PATH}lieux/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert page.js_errors == []


def test_a_visitor_opens_a_place_from_a_marker_popup(page):
    page.goto(MAP_PATH)
    # Clusters open on click until single markers show; then a marker's popup links to its place.
    marker = show_single_markers(page)
    marker.first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link")).to_be_visible()
    names = [name for name in places_of_kind(KIND) if name in popup.inner_text()]
    assert len(names) == 1, f"the popup names one place of the kind: {popup.inner_text()!r}"
    popup.get_by_role("link").first.click()

    expect(page).to_have_url(re.compile(rf"{MAP_PATH}lieux/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(names[0])
    assert page.js_errors == []


def test_the_place_list_filters_by_kind_without_javascript(page_without_js, screenshot):
    page = page_without_js
    page.goto(MAP_PATH)
    everything = page.locator(PLACES).count()
    expected = places_of_kind(KIND)
    assert everything > len(expected)

    page.locator("form.map-filters select[name=kind]").select_option(KIND)
    page.locator("form.map-filters").get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(rf"[?&]kind={KIND}(&|$)"))
    expect(page.locator(PLACES)).to_have_count(len(expected))
    assert listed_place_names(page) == expected
    screenshot(page, "map-list-without-javascript")


def test_a_visitor_filters_chantiers_by_axis_and_opens_one(page, screenshot):
    page.goto(CHANTIERS_PATH)
    cards = page.locator("ul.cards > li")
    shown = set(page.locator("ul.cards > li h2, ul.cards > li h3").all_inner_texts())
    expected = chantier_titles_with_axis("observation") & shown
    assert 0 < len(expected) < cards.count()

    page.locator("form.filters select[name=axis]").select_option(label="Observation")
    page.locator("form.filters").get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(r"[?&]axis=[^&]+"))
    expect(cards).to_have_count(len(expected))
    assert set(page.locator("ul.cards > li h2, ul.cards > li h3").all_inner_texts()) == expected
    screenshot(page, "chantiers-filtered-by-axis")

    link = page.locator("ul.cards a").first
    title = link.inner_text().strip()
    link.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    timeline = page.locator("ol.timeline")
    expect(timeline).to_be_visible()
    # The seed's five steps (proposé … restitution), then "clôturé" once closed; one is the current step.
    assert timeline.locator("> li").count() >= 5
    expect(timeline.locator("> li[aria-current=step]")).to_have_count(1)


def as_if_typed_for_a_while(page):
    """The honeypot takes a form sent within seconds of its display for a robot's (and drops it,
    answering as if it were stored); a member takes longer: date the display back one minute."""
    page.locator("input[name=whf_time]").evaluate(
        "(input, sent) => { input.value = String(sent) }", int(time.time()) - 60
    )


def test_a_member_corrects_a_mistake_and_joins_a_working_group(page, server, screenshot):
    email = f"lou.martin.{time.time_ns()}@example.org"
    page.goto(PARTICIPATION_CALL_PATH)
    form = page.locator("form.pole-form")
    form.get_by_label("Prénom").fill("Lou")
    form.get_by_label(LAST_NAME).fill("Martin")
    form.get_by_label("Courriel").fill("lou.martin@")
    form.get_by_label("Structure").fill("Compagnie du Grand Large")
    form.get_by_label("Ce que vous pouvez apporter").fill("Des trajets partagés entre Angers et Saumur.")
    form.get_by_label("Le soir").check()
    form.locator("input[name=consent]").check()
    as_if_typed_for_a_while(page)
    form.get_by_role("button", name="Envoyer").click()

    # The mistake is named next to its field, in French; nothing typed is lost.
    email_field = page.locator(".form-field", has=page.get_by_label("Courriel"))
    expect(email_field.locator(".error")).to_have_text(re.compile(r"adresse.*valide", re.IGNORECASE))
    expect(page.get_by_role("alert")).to_be_visible()
    # …and told to screen readers: the field is invalid and described by its error.
    expect(form.get_by_label("Courriel")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("Courriel")).to_have_accessible_description(re.compile(r"valide", re.IGNORECASE))
    expect(form.get_by_label("Prénom")).to_have_value("Lou")
    expect(form.get_by_label(LAST_NAME)).to_have_value("Martin")
    expect(form.get_by_label("Structure")).to_have_value("Compagnie du Grand Large")
    expect(form.get_by_label("Ce que vous pouvez apporter")).to_have_value(
        "Des trajets partagés entre Angers et Saumur."
    )
    expect(form.get_by_label("Le soir")).to_be_checked()
    expect(form.locator("input[name=consent]")).to_be_checked()
    screenshot(page, "participation-call-with-an-error")

    form.get_by_label("Courriel").fill(email)
    as_if_typed_for_a_while(page)
    form.get_by_role("button", name="Envoyer").click()

    expect(page.get_by_role("status")).to_contain_text("Merci")
    expect(page.locator("form.pole-form")).to_have_count(0)
    screenshot(page, "participation-call-confirmation")
    assert server.fetch_all("SELECT status FROM pole_forms_submission WHERE email = %s", (email,)) == [
        ("received",)
    ]


# The map with a keyboard (pole_pages/static/pole_pages/js/map.js)


def press_tab_until_focused(page, target, presses=30):
    """Tab through the page until `target` has the focus; False if it never gets it."""
    for _press in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return True
    return False


# Leaflet's zoom and markercluster's (un)clustering animate; at their end, markers are drawn anew,
# which closes a popup opened a moment before or takes the focus away from a marker.
MAP_IS_STILL = """() => new Promise(resolve => {
    const moving = () => document.querySelector("#map .leaflet-zoom-anim, #map .leaflet-cluster-anim");
    const state = () => [document.querySelector("#map .leaflet-map-pane").style.transform,
        ...[...document.querySelectorAll("#map .leaflet-marker-icon")].map(m => m.className + m.style.transform),
    ].join("|");
    const before = state();
    setTimeout(() => resolve(!moving() && state() === before), 400);
})"""


def wait_until_the_map_is_still(page):
    page.wait_for_function(MAP_IS_STILL)


def show_single_markers(page):
    """Markers of the filtered kind; clusters open on click until single markers show."""
    filter_places_by_kind(page, KIND)
    expect(page.locator(f"{PLACES}:visible")).to_have_count(len(places_of_kind(KIND)))
    single = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
    for _attempt in range(10):
        wait_until_the_map_is_still(page)
        if single.count():
            break
        page.locator(".marker-cluster").first.click()
    expect(single.first).to_be_visible()
    return single


def test_a_keyboard_user_opens_a_marker_popup_and_closes_it_with_escape(page, screenshot):
    page.goto(MAP_PATH)
    markers = show_single_markers(page)

    # From the map itself, Tab reaches the markers (Leaflet's keyboard option: tabindex="0").
    page.locator("#map").focus()
    marker = markers.first
    assert press_tab_until_focused(page, marker), "Tab never reaches a marker"
    name = marker.get_attribute("title")
    assert name in places_of_kind(KIND)

    # Enter opens its popup, and the focus moves to the popup's link.
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(name)
    link = popup.get_by_role("link", name="Voir la fiche du lieu")
    expect(link).to_be_focused()
    expect(popup.locator(".leaflet-popup-close-button")).to_have_attribute("aria-label", "Fermer")
    # Leaflet fades the popup in: the screenshot waits until it is opaque.
    popup.evaluate(
        "popup => popup.getAnimations().length && Promise.all(popup.getAnimations().map(a => a.finished))"
    )
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    screenshot(page, "map-popup-opened-with-the-keyboard")

    # Escape closes it and gives the focus back to the marker.
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(page.locator(".leaflet-marker-icon:focus")).to_have_attribute("title", name)

    # The same marker opens it again with Enter, and its link leads to the place.
    page.keyboard.press("Enter")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"{MAP_PATH}lieux/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert page.js_errors == []


def test_the_skip_link_shows_on_focus_and_moves_the_focus_to_the_list(page, screenshot):
    page.goto(MAP_PATH)
    expect(page.locator(MARKERS).first).to_be_visible()
    skip = page.get_by_role("link", name="Passer la carte")
    # Out of sight until the keyboard reaches it (a 1 px box, clipped).
    assert skip.bounding_box()["width"] <= 1

    page.locator("#filtre-ville").focus()
    assert press_tab_until_focused(page, skip, presses=3), "Tab from the filters does not reach the skip link"
    box = skip.bounding_box()
    assert box["width"] > 50 and box["height"] > 20, f"the focused skip link is not shown: {box}"
    map_box = page.locator("#map").bounding_box()
    assert map_box["y"] <= box["y"] < map_box["y"] + map_box["height"], "the skip link shows over the map"
    screenshot(page, "map-skip-link-focused")

    page.keyboard.press("Enter")
    expect(page.locator("#liste-des-lieux")).to_be_focused()
    # The next Tab goes on from the list: the first place's link, past every marker.
    page.keyboard.press("Tab")
    expect(page.locator(f"{PLACES} a").first).to_be_focused()
    assert page.js_errors == []
