import hashlib
import hmac
import json
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from pole_core import cache as api_cache
from pole_core.webhooks import deliver
from pole_directory.importing.jobs import ImportJob, apply_import
from pole_directory.models import Place
from pole_pages.models import ChantierPage, NetworkSettings
from tests.admin_forms import page_edit_form_data
from tests.factories import ChantierIndexPageFactory, ChantierPageFactory, PersonFactory
from tests.ports import free_port
from tests.spreadsheets import PLACE_HEADERS, csv_file, place_rows

SECRET = "le-secret-du-front"


class Receiver:
    """A front-end's webhook endpoint on 127.0.0.1: records each request, answers the given statuses."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/rebuild"
        threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True).start()

    @property
    def events(self):
        return [json.loads(body)["event"] for _headers, body in self.requests]


@pytest.fixture
def receiver(settings):
    receiver = Receiver()
    settings.POLE_WEBHOOK_URLS = [receiver.url]
    settings.POLE_WEBHOOK_SECRET = SECRET
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def closed_port_url(settings):
    settings.POLE_WEBHOOK_URLS = [f"http://127.0.0.1:{free_port()}/rebuild"]
    return settings.POLE_WEBHOOK_URLS[0]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def draft_chantier(chantier_index):
    return ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité", live=False)


@pytest.fixture
def live_chantier(chantier_index):
    return ChantierPageFactory(parent=chantier_index, title="Le chantier mobilité")


def test_publishing_a_chantier_posts_one_request_describing_it(receiver, committed, draft_chantier):
    with committed():
        draft_chantier.save_revision().publish()
    assert len(receiver.requests) == 1
    body = json.loads(receiver.requests[0][1])
    assert {key: body[key] for key in ("event", "type", "id", "url_path", "url")} == {
        "event": "page.published",
        "type": "chantierpage",
        "id": draft_chantier.pk,
        "url_path": "/accueil/chantiers/le-chantier-mobilite/",
        "url": "http://localhost/chantiers/le-chantier-mobilite/",
    }
    assert datetime.fromisoformat(body["occurred_at"]).tzinfo is not None


def test_publishing_a_page_sends_one_webhook_and_bumps_the_api_cache_once(
    receiver, committed, monkeypatch, draft_chantier
):
    # Publishing saves the live page, then sends Wagtail's `page_published`: one change all the same.
    bumps = []
    monkeypatch.setattr(api_cache, "bump_content_version", lambda: bumps.append(True))

    with committed():
        draft_chantier.save_revision().publish()

    assert (receiver.events, len(bumps)) == (["page.published"], 1)


def test_the_signature_verifies_with_the_secret(receiver, committed, draft_chantier):
    with committed():
        draft_chantier.save_revision().publish()
    headers, body = receiver.requests[0]
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Pole-Signature"] == f"sha256={expected}"


def test_unpublishing_posts_page_unpublished(receiver, committed, live_chantier):
    with committed():
        live_chantier.unpublish()
    assert receiver.events == ["page.unpublished"]


def test_deleting_a_live_page_posts_unpublished_then_deleted(receiver, committed, live_chantier):
    with committed():
        live_chantier.delete()
    assert receiver.events == ["page.unpublished", "page.deleted"]
    assert json.loads(receiver.requests[-1][1])["id"] == live_chantier.pk


def test_moving_a_page_posts_page_moved_with_its_new_address(receiver, committed, home, live_chantier):
    archives = ChantierIndexPageFactory(parent=home, title="Archives", slug="archives")

    with committed():
        live_chantier.move(archives, pos="last-child")

    assert receiver.events == ["page.moved"]
    assert json.loads(receiver.requests[0][1])["url"] == "http://localhost/archives/le-chantier-mobilite/"


def test_editing_a_live_page_by_code_posts_page_published(receiver, committed, live_chantier):
    page = ChantierPage.objects.get(pk=live_chantier.pk)
    page.title = "Le chantier mobilité douce"

    with committed():
        page.save()

    assert receiver.events == ["page.published"]


def test_saving_a_person_posts_snippet_saved(receiver, committed, db):
    with committed():
        person = PersonFactory()
    body = json.loads(receiver.requests[0][1])
    assert (body["event"], body["type"], body["id"]) == ("snippet.saved", "person", person.pk)


def test_deleting_a_person_posts_snippet_deleted(receiver, committed, db):
    person = PersonFactory()
    with committed():
        person.delete()
    assert receiver.events == ["snippet.deleted"]


def test_saving_the_network_settings_posts_snippet_saved(receiver, committed, home):
    network = NetworkSettings.for_site(home.get_site())
    network.contact_email = "contact@pole.example"

    with committed():
        network.save()

    body = json.loads(receiver.requests[0][1])
    assert (body["event"], body["type"], body["id"]) == ("snippet.saved", "networksettings", network.pk)


@pytest.fixture
def upload_places(settings, tmp_path, db):
    """Upload a file of `count` places, kept for its preview and its import as the admin keeps it."""
    settings.POLE_IMPORT_ROOT = tmp_path
    return lambda count: ImportJob.create(
        kind="places", filename="lieux.csv", content=csv_file(PLACE_HEADERS, place_rows(count)), user=None
    )


def test_importing_five_places_sends_one_webhook(receiver, committed, upload_places):
    job = upload_places(5)
    job.preview()
    job.queue()

    with committed():
        apply_import.enqueue(job.token)

    assert len(receiver.requests) == 1
    body = json.loads(receiver.requests[0][1])
    assert (body["event"], len(body["changes"])) == ("batch", 5)
    assert body["changes"] == [
        {"event": "snippet.saved", "type": "place", "id": pk, "url_path": None, "url": None}
        for pk in Place.objects.order_by("pk").values_list("pk", flat=True)
    ]
    assert datetime.fromisoformat(body["occurred_at"]).tzinfo is not None


def test_a_dry_run_of_an_import_sends_nothing(receiver, committed, upload_places):
    job = upload_places(5)

    with committed():
        job.preview()

    assert receiver.requests == []


def test_a_receiver_failing_twice_gets_a_third_attempt(receiver, committed, draft_chantier):
    receiver.statuses = [500, 500]
    with committed():
        draft_chantier.save_revision().publish()
    assert receiver.events == ["page.published"] * 3
    assert len({body for _headers, body in receiver.requests}) == 1


def test_delivery_gives_up_after_three_attempts(receiver, committed, draft_chantier):
    receiver.statuses = [500] * 5
    with committed():
        draft_chantier.save_revision().publish()
    assert len(receiver.requests) == 3


def test_a_refused_connection_does_not_fail_the_editor_publishing(
    closed_port_url, committed, superuser_client, draft_chantier
):
    data = page_edit_form_data(superuser_client, draft_chantier)
    data.update({"title": "Le chantier mobilité douce", "action-publish": "publier"})
    with committed():
        response = superuser_client.post(reverse("wagtailadmin_pages:edit", args=[draft_chantier.pk]), data)
    assert response.status_code == 302
    page = ChantierPage.objects.get(pk=draft_chantier.pk)
    assert (page.live, page.title) == (True, "Le chantier mobilité douce")


def test_nothing_is_sent_without_a_configured_url(receiver, committed, settings, draft_chantier):
    settings.POLE_WEBHOOK_URLS = []
    with committed():
        draft_chantier.save_revision().publish()
        PersonFactory()
    assert receiver.requests == []


@pytest.fixture
def queued(settings):
    """A task backend that keeps the tasks in a list instead of running them, like a worker's queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend.results


def test_publishing_only_enqueues_the_delivery(receiver, committed, queued, draft_chantier):
    with committed():
        draft_chantier.save_revision().publish()
    deliveries = [result for result in queued if result.task.func is deliver.func]
    assert (len(deliveries), deliveries[0].args[0], receiver.requests) == (1, receiver.url, [])


def test_a_failed_delivery_is_deferred_when_the_backend_can(receiver, queued):
    receiver.statuses = [503]
    deliver.call(receiver.url, '{"event": "snippet.saved"}')
    retry = queued[-1]
    assert list(retry.args) == [receiver.url, '{"event": "snippet.saved"}', 2]
    assert retry.task.run_after > timezone.now()
