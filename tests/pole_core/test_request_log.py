"""One log line per request, with a request id that the answer returns and other log records carry."""

import logging
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from pole_core.middleware import RequestIdFilter

REQUEST_LOGGER = "pole.requests"
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


def logged_by_a_view(request):
    logging.getLogger("pole.tests").warning("inside the view")
    return HttpResponse("ok")


urlpatterns = [path("logs/", logged_by_a_view)]


def request_lines(caplog):
    return [record for record in caplog.records if record.name == REQUEST_LOGGER]


@pytest.fixture
def request_ids(caplog):
    """caplog, with the request-id filter the console handler has (see LOGGING)."""
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO, logger=REQUEST_LOGGER)
    return caplog


def test_each_request_logs_one_line_with_method_path_status_duration_and_id(client, request_ids):
    response = client.get("/health/live/?token=secret-value")

    [record] = request_lines(request_ids)
    request_id = response["X-Request-ID"]
    assert GENERATED_ID.fullmatch(request_id)
    assert record.levelno == logging.INFO
    assert record.getMessage().startswith("GET /health/live/ 200 ")
    assert record.getMessage().endswith(" ms")
    assert (record.method, record.path, record.status_code) == ("GET", "/health/live/", 200)
    assert record.duration_ms >= 0
    assert record.request_id == request_id
    # Neither the query string (it may hold a token) nor the client's address.
    assert "secret-value" not in record.getMessage() and "secret-value" not in str(vars(record))
    assert "127.0.0.1" not in record.getMessage() and not hasattr(record, "client_ip")


def test_a_request_id_given_by_the_proxy_is_kept(client, request_ids):
    response = client.get("/health/live/", headers={"X-Request-ID": "32770"})

    assert response["X-Request-ID"] == "32770"
    assert request_lines(request_ids)[0].request_id == "32770"


@pytest.mark.parametrize("forged", ["two words", "a" * 129, "line\nbreak-1234", "<script>alert(1)</script>"])
def test_a_request_id_that_does_not_look_like_one_is_replaced(client, request_ids, forged):
    response = client.get("/health/live/", headers={"X-Request-ID": forged})

    assert GENERATED_ID.fullmatch(response["X-Request-ID"])
    assert request_lines(request_ids)[0].request_id == response["X-Request-ID"]


@override_settings(ROOT_URLCONF=__name__)
def test_records_logged_while_serving_a_request_carry_its_id(client, request_ids):
    response = client.get("/logs/")

    [inside] = [record for record in request_ids.records if record.name == "pole.tests"]
    assert inside.request_id == response["X-Request-ID"]


def test_records_logged_outside_a_request_carry_a_dash(request_ids):
    logging.getLogger("pole.tests").warning("no request here")

    assert request_ids.records[-1].request_id == "-"


def test_the_client_address_is_logged_only_when_the_setting_says_so(client, request_ids, settings):
    settings.POLE_LOG_CLIENT_IP = True

    client.get("/health/live/", REMOTE_ADDR="203.0.113.7")

    [record] = request_lines(request_ids)
    assert record.client_ip == "203.0.113.7"
    assert record.getMessage().endswith(" ms 203.0.113.7")


def test_the_console_handler_of_the_settings_stamps_records_with_the_request_id():
    handler = settings.LOGGING["handlers"]["console"]

    assert handler["filters"] == ["request_id"]
    assert "%(request_id)s" in settings.LOGGING["formatters"][handler["formatter"]]["format"]
    assert settings.LOGGING["filters"]["request_id"]["()"] == "pole_core.middleware.RequestIdFilter"
