import pytest

from tests.factories import ChantierPageFactory


@pytest.mark.django_db
def test_api_speaks_the_language_the_client_asks_for(client, chantier_index):
    ChantierPageFactory(parent=chantier_index)

    french = client.get("/api/v1/chantiers/").json()["items"][0]["status"]["label"]
    english = client.get("/api/v1/chantiers/", HTTP_ACCEPT_LANGUAGE="en").json()["items"][0]["status"][
        "label"
    ]

    assert (french, english) == ("Proposé", "Proposed")


@pytest.mark.django_db
def test_json_is_utf8_as_it_reads(client, chantier_index):
    ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")

    response = client.get("/api/v1/chantiers/")

    assert "Le chantier mobilité".encode() in response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
