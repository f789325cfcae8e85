"""The "Chantiers" listing of the back office: every chantier, filtered by step or axis."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from pole_pages.lifecycle import ChantierStatus
from tests.factories import AxisFactory, ChantierIndexPageFactory, ChantierPageFactory

pytestmark = pytest.mark.django_db

LISTING = "chantiers:index"


@pytest.fixture
def chantiers(home):
    return ChantierIndexPageFactory(parent=home)


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_listing_answers_200_for_editors_and_moderators(make_client, chantiers, group):
    assert make_client("dominique", group).get(reverse(LISTING)).status_code == 200


def test_listing_sends_an_anonymous_visitor_to_the_login_page(client, chantiers):
    response = client.get(reverse(LISTING))
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("wagtailadmin_login")


def test_listing_refuses_a_user_without_page_permissions(make_client, admin_access_group, chantiers):
    response = make_client("lecteur", admin_access_group).get(reverse(LISTING))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_chantiers_are_in_the_admin_menu(editor_client, chantiers):
    assert reverse(LISTING) in editor_client.get(reverse("wagtailadmin_home")).content.decode()


def test_listing_shows_each_chantier_with_its_step(editor_client, chantiers):
    ChantierPageFactory(
        parent=chantiers, title="Chantier mobilité", status=ChantierStatus.CALL_FOR_PARTICIPATION
    )
    html = editor_client.get(reverse(LISTING)).content.decode()
    assert "Chantier mobilité" in html
    assert "Appel à participation" in html


def test_listing_filters_by_axis(editor_client, chantiers):
    axis = AxisFactory(name="Mutualiser les ressources", slug="mutualiser")
    ChantierPageFactory(parent=chantiers, title="Chantier mutualisation", axes=[axis])
    ChantierPageFactory(parent=chantiers, title="Chantier mobilité")
    html = editor_client.get(reverse(LISTING), {"axis": "mutualiser"}).content.decode()
    assert "Chantier mutualisation" in html
    assert "Chantier mobilité" not in html


def test_listing_orders_by_step(editor_client, chantiers):
    ChantierPageFactory(parent=chantiers, title="Chantier clos", status=ChantierStatus.CLOSED)
    ChantierPageFactory(parent=chantiers, title="Chantier en cours", status=ChantierStatus.ONGOING)
    html = editor_client.get(reverse(LISTING), {"ordering": "status"}).content.decode()
    # Stored values sort alphabetically: "closed" before "ongoing".
    assert html.index("Chantier clos") < html.index("Chantier en cours")
