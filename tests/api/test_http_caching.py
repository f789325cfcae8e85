import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from pole_core import cache as api_cache
from pole_core.content import content_batch
from pole_directory.models import Axis, Person, Place
from pole_pages.models import ChantierPage, NetworkSettings
from tests.api.conftest import ids
from tests.factories import (
    AxisFactory,
    ChantierIndexPageFactory,
    ChantierPageFactory,
    EventPageFactory,
    PersonFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db

CHANTIERS = "/api/v1/chantiers/"
# Most queries of an answer from the store (the database cache): the endpoint does not run.
CACHE_HIT_MAX_QUERIES = 2


@pytest.fixture
def chantier(chantier_index):
    return ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")


@pytest.fixture
def content(chantier, event_index):
    EventPageFactory(parent=event_index, title="Apéro tiers-lieux")
    PersonFactory(first_name="Léa")
    PlaceFactory(name="La Fabrique")
    return chantier


def read(client, url, **headers):
    """GET `url` twice, so the second answer comes from the store; return the second."""
    client.get(url, headers=headers)
    return client.get(url, headers=headers)


@pytest.mark.parametrize(
    "url",
    [CHANTIERS, "/api/v1/chantiers/{id}/", "/api/v1/places.geojson", "/api/v1/events.ics", "/api/v1/people/"],
)
def test_anonymous_reads_carry_validators_and_a_public_cache_control(client, content, url):
    response = client.get(url.format(id=content.pk))

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"


def test_max_age_follows_the_setting(client, chantier, settings):
    settings.POLE_API_CACHE_SECONDS = 300

    assert client.get(CHANTIERS)["Cache-Control"] == "public, max-age=300"


def test_stored_answer_is_the_computed_one(client, content):
    first = client.get(CHANTIERS)
    second = client.get(CHANTIERS)

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Last-Modified"] == first["Last-Modified"]


def test_ical_answer_keeps_its_content_type_when_stored(client, content):
    assert read(client, "/api/v1/events.ics")["Content-Type"].startswith("text/calendar")


def test_a_cache_hit_does_not_run_the_endpoint(client, chantier, assert_max_queries):
    # The miss is the first request, counted on purpose (the fixture counts a second run), and read
    # at once: the next request clears the query log.
    with CaptureQueriesContext(connection) as miss:
        client.get(CHANTIERS)
    assert len(miss) > CACHE_HIT_MAX_QUERIES

    assert_max_queries(CACHE_HIT_MAX_QUERIES, client.get, CHANTIERS)

    assert ids(client.get(CHANTIERS)) == [chantier.pk]


def test_matching_if_none_match_answers_304_without_body(client, chantier):
    etag = client.get(CHANTIERS)["ETag"]

    response = client.get(CHANTIERS, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_stale_if_none_match_gets_the_full_answer(client, chantier):
    response = client.get(CHANTIERS, headers={"if-none-match": '"autre-version"'})

    assert response.status_code == 200
    assert ids(response) == [chantier.pk]


def test_if_modified_since_last_modified_answers_304(client, chantier):
    last_modified = client.get(CHANTIERS)["Last-Modified"]

    response = client.get(CHANTIERS, headers={"if-modified-since": last_modified})

    assert response.status_code == 304


def test_if_modified_since_an_older_date_gets_the_full_answer(client, chantier):
    response = client.get(CHANTIERS, headers={"if-modified-since": http_date(0)})

    assert response.status_code == 200


def test_head_answers_with_the_headers_of_get(client, chantier):
    etag = client.get(CHANTIERS)["ETag"]

    response = client.head(CHANTIERS)

    assert response.status_code == 200
    assert response["ETag"] == etag
    assert response.content == b""


def test_first_request_by_head_is_answered(client, chantier):
    response = client.head(CHANTIERS)

    assert response.status_code == 200
    assert response["ETag"] == client.get(CHANTIERS)["ETag"]


def test_etag_stays_when_an_unrelated_change_is_saved(client, chantier):
    etag = client.get(CHANTIERS)["ETag"]
    AxisFactory(name="Gérer l'association")

    response = client.get(CHANTIERS)

    assert response["ETag"] == etag


def test_publishing_a_new_chantier_shows_it_at_once(client, chantier_index, chantier):
    before = client.get(CHANTIERS)
    draft = ChantierPageFactory(parent=chantier_index, title="Le chantier emploi", live=False)
    assert ids(client.get(CHANTIERS)) == [chantier.pk]

    draft.save_revision().publish()

    after = client.get(CHANTIERS)
    assert sorted(ids(after)) == sorted([chantier.pk, draft.pk])
    assert after["ETag"] != before["ETag"]


def test_unpublishing_a_chantier_hides_it_at_once(client, chantier):
    before = read(client, CHANTIERS)

    chantier.unpublish()

    after = client.get(CHANTIERS)
    assert ids(after) == []
    assert after["ETag"] != before["ETag"]


def test_moving_a_chantier_changes_its_url_at_once(client, home, chantier):
    archives = ChantierIndexPageFactory(parent=home, title="Archives", slug="archives")
    before = read(client, f"{CHANTIERS}{chantier.pk}/")

    chantier.move(archives, pos="last-child")

    after = client.get(f"{CHANTIERS}{chantier.pk}/")
    assert after.json()["url"] == "http://testserver/archives/le-chantier-mobilite/"
    assert after["ETag"] != before["ETag"]


def test_deleting_a_chantier_removes_it_at_once(client, chantier):
    read(client, f"{CHANTIERS}{chantier.pk}/")

    Page.objects.get(pk=chantier.pk).delete()

    assert client.get(f"{CHANTIERS}{chantier.pk}/").status_code == 404
    assert ids(client.get(CHANTIERS)) == []


def test_editing_a_live_page_by_code_shows_at_once(client, chantier):
    before = read(client, CHANTIERS)

    page = ChantierPage.objects.get(pk=chantier.pk)
    page.title = "Le chantier mobilité douce"
    page.save()

    after = client.get(CHANTIERS)
    assert after.json()["items"][0]["title"] == "Le chantier mobilité douce"
    assert after["ETag"] != before["ETag"]


def test_saving_a_draft_revision_keeps_the_stored_answer(client, chantier, django_assert_max_num_queries):
    read(client, CHANTIERS)
    chantier.title = "Titre pas encore publié"
    chantier.save_revision()

    # Counted without a warm-up: a warm-up request would store the answer again had the draft dropped it.
    with django_assert_max_num_queries(CACHE_HIT_MAX_QUERIES):
        response = client.get(CHANTIERS)

    assert response.json()["items"][0]["title"] == "Le chantier mobilité"


@pytest.mark.parametrize(
    "url, factory, model, field, value",
    [
        ("/api/v1/people/", PersonFactory, Person, "role_title", "Co-présidente référente"),
        ("/api/v1/places.geojson", PlaceFactory, Place, "name", "Lieu renommé par une éditrice"),
        ("/api/v1/axes/", AxisFactory, Axis, "name", "Axe renommé par une éditrice"),
    ],
)
def test_saving_a_snippet_shows_at_once(client, url, factory, model, field, value):
    instance = factory()
    before = read(client, url)
    assert value not in str(before.json())

    instance = model.objects.get(pk=instance.pk)
    setattr(instance, field, value)
    instance.save()

    after = client.get(url)
    assert value in str(after.json())
    assert after["ETag"] != before["ETag"]


def test_deleting_a_snippet_removes_it_at_once(client):
    person = PersonFactory(first_name="Mehdi")
    read(client, "/api/v1/people/")

    person.delete()

    assert ids(client.get("/api/v1/people/")) == []


def test_a_change_in_a_transaction_bumps_the_content_version_again_after_the_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    # With the cache outside the database (Redis), a request served before the commit may store
    # answers built from the old rows under the new version.
    bumps = []
    monkeypatch.setattr(api_cache, "_set_new_version", lambda: bumps.append(True))

    with django_capture_on_commit_callbacks(execute=True):
        PlaceFactory()
        assert len(bumps) == 1

    assert len(bumps) == 2


def test_a_batch_of_changes_shows_once_it_commits(client, django_capture_on_commit_callbacks):
    before = read(client, "/api/v1/axes/")

    with django_capture_on_commit_callbacks(execute=True), content_batch():
        AxisFactory(name="Observer")
        AxisFactory(name="Mutualiser")

    after = client.get("/api/v1/axes/")
    assert {"Observer", "Mutualiser"} <= {axis["name"] for axis in after.json()["items"]}
    assert after["ETag"] != before["ETag"]


def test_saving_the_network_settings_shows_at_once(client, home):
    read(client, "/api/v1/site/")
    settings = NetworkSettings.for_site(home.get_site())
    settings.contact_email = "contact@pole.example"
    settings.save()

    assert client.get("/api/v1/site/").json()["contact"]["email"] == "contact@pole.example"


def test_signed_in_users_are_answered_privately_and_never_from_the_store(client, editor, chantier):
    read(client, CHANTIERS)
    ChantierPage.objects.filter(pk=chantier.pk).update(title="Changé sans signal")
    client.force_login(editor)

    response = client.get(CHANTIERS)

    assert response.json()["items"][0]["title"] == "Changé sans signal"
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_signed_in_answers_are_not_stored_for_visitors(client, editor, chantier):
    client.force_login(editor)
    client.get(CHANTIERS)
    ChantierPage.objects.filter(pk=chantier.pk).update(title="Changé sans signal")
    client.logout()

    assert client.get(CHANTIERS).json()["items"][0]["title"] == "Changé sans signal"


def test_requests_with_credentials_bypass_the_store(client, chantier):
    response = client.get(CHANTIERS, headers={"authorization": "Bearer jeton"})

    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


@pytest.mark.parametrize("url", [f"{CHANTIERS}?status=finished", f"{CHANTIERS}999999/"])
def test_errors_are_not_cached(client, chantier_index, url):
    response = read(client, url)

    assert response.status_code in (400, 404)
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_the_docs_page_is_not_shared(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_answers_are_stored_per_language(client, chantier):
    read(client, CHANTIERS, accept_language="fr")

    # The first English request, counted on purpose: a warm-up would store the English answer.
    with CaptureQueriesContext(connection) as english_queries:
        english = client.get(CHANTIERS, headers={"accept-language": "en"})

    assert english["Content-Language"] == "en"
    assert len(english_queries) > CACHE_HIT_MAX_QUERIES


def test_without_server_store_answers_keep_their_validators(client, chantier, uncached_api):
    first = client.get(CHANTIERS)

    assert client.get(CHANTIERS, headers={"if-none-match": first["ETag"]}).status_code == 304


@pytest.fixture
def memo(settings, monkeypatch):
    """Let the process keep answers in memory for a minute, starting from an empty memo."""
    settings.POLE_API_CACHE_MEMO_SECONDS = 60
    monkeypatch.setattr(api_cache, "_memo", api_cache._ProcessMemo())


def test_with_the_process_memo_a_hit_needs_no_query(client, chantier, memo, assert_max_queries):
    first = client.get(CHANTIERS)

    assert_max_queries(0, client.get, CHANTIERS)

    response = client.get(CHANTIERS)
    assert response.content == first.content
    assert response["ETag"] == first["ETag"]


def test_with_the_process_memo_a_publication_in_this_process_shows_at_once(client, chantier, memo):
    read(client, CHANTIERS)

    chantier.unpublish()

    assert ids(client.get(CHANTIERS)) == []


@pytest.mark.parametrize("restricted", ["page", "collection"])
def test_making_content_private_drops_the_stored_answers_at_once(client, chantier, restricted):
    assert chantier.pk in ids(read(client, CHANTIERS))
    if restricted == "page":
        PageViewRestriction.objects.create(page=chantier, restriction_type="password", password="secret")
        assert chantier.pk not in ids(read(client, CHANTIERS))
    else:
        # A collection restriction hides documents, not pages: what matters is that the store is dropped.
        before = read(client, CHANTIERS)["ETag"]
        version = api_cache.cache.get(api_cache.VERSION_KEY)
        CollectionViewRestriction.objects.create(
            collection=Collection.get_first_root_node(), restriction_type="password", password="secret"
        )
        assert api_cache.cache.get(api_cache.VERSION_KEY) != version
        assert read(client, CHANTIERS)["ETag"] == before
