"""Visitors who follow a dead link or meet a bug get a French page in the site's look; the API keeps
its problem details."""

import pytest
from django.template.loader import render_to_string
from django.test import Client


def test_unknown_address_answers_the_french_not_found_page(client, home):
    response = client.get("/nulle-part/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Page introuvable</h1>" in html
    assert "<title>Page introuvable – Pôle</title>" in html
    # The site's own header, menu and footer around it.
    assert '<a class="site-name" href="/">' in html
    assert 'class="site-footer"' in html


def test_unknown_api_address_answers_problem_details(client, db):
    response = client.get("/api/v1/nulle-part/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Introuvable.",
        "errors": {},
    }


@pytest.mark.urls("tests.pole_site.failing_urls")
def test_failing_view_answers_the_french_server_error_page(home):
    response = Client(raise_request_exception=False).get("/en-panne/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Le site rencontre une erreur</h1>" in html
    assert 'href="/static/pole_pages/css/pole.css"' in html


def test_server_error_page_renders_without_database_request_or_context_processors():
    # No `db` fixture: any query here would fail the test.
    html = render_to_string("500.html")

    assert "<title>Erreur du serveur</title>" in html
    assert '<p><a href="/">Revenir à l\'accueil</a></p>' in html
