"""The client's address comes from the trusted proxies only, never from what the client wrote itself."""

import pytest
from django.test import RequestFactory

from pole_core.clients import client_ip


def request_from(remote_addr, forwarded_for=None):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@pytest.mark.parametrize(
    "forwarded_for",
    [None, "203.0.113.9", "198.51.100.7, 203.0.113.9"],
    ids=["no header", "forged address", "forged chain"],
)
def test_without_trusted_proxy_the_client_is_the_connection(settings, forwarded_for):
    settings.POLE_TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("192.0.2.10", forwarded_for)) == "192.0.2.10"


def test_behind_one_proxy_the_client_is_the_address_it_appended(settings):
    settings.POLE_TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", "192.0.2.10")) == "192.0.2.10"


def test_behind_one_proxy_a_forged_address_on_the_left_is_ignored(settings):
    settings.POLE_TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", "203.0.113.9, 198.51.100.7, 192.0.2.10")) == "192.0.2.10"


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(settings):
    settings.POLE_TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from("10.0.0.2", "192.0.2.10, 10.0.0.1")) == "192.0.2.10"


def test_behind_two_proxies_a_forged_address_on_the_left_is_ignored(settings):
    settings.POLE_TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from("10.0.0.2", "203.0.113.9, 192.0.2.10, 10.0.0.1")) == "192.0.2.10"


def test_several_forwarded_headers_count_as_one_list(settings):
    """Django joins repeated X-Forwarded-For headers with commas, in the order they came."""
    settings.POLE_TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from("10.0.0.2", "203.0.113.9,192.0.2.10,10.0.0.1")) == "192.0.2.10"


def test_ipv6_address_is_given_in_its_short_form(settings):
    settings.POLE_TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", "2001:0db8:0000:0000:0000:0000:0000:0001")) == "2001:db8::1"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for"),
    [
        (1, None),
        (1, ""),
        (1, "not-an-address"),
        (1, "192.0.2.10, "),
        (1, "192.0.2.10:4711"),
        (2, "192.0.2.10"),
        (2, "192.0.2.10, unknown"),
        (2, "192.0.2.10,,10.0.0.1"),
    ],
    ids=[
        "no header",
        "empty header",
        "not an address",
        "trailing comma",
        "address with a port",
        "fewer addresses than proxies",
        "garbage from a proxy",
        "empty entry",
    ],
)
def test_malformed_header_falls_back_to_the_connection(settings, proxies, forwarded_for):
    settings.POLE_TRUSTED_PROXY_COUNT = proxies

    assert client_ip(request_from("10.0.0.2", forwarded_for)) == "10.0.0.2"
