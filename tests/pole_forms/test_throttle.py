"""The form throttle: an exact count per client and form in fixed windows, in the database or Redis.

The proof with many server processes at once is in test_concurrency.py; these tests check the
counting, `Retry-After` and whom a count belongs to, in this process.
"""

import math
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import close_old_connections

from pole_forms import throttle
from pole_forms.models import Submission, ThrottleWindow

PERIOD = 3600
API_ANSWERS = {
    "prenom": "Lou",
    "nom": "Martin",
    "courriel": "lou.martin@exemple.fr",
    "theme_propose": "Mobilité douce des publics",
    "description": "Mutualiser des navettes entre les tiers-lieux ruraux.",
    "consent": True,
}


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """Where the counts go: the database (any cache but Redis), or Redis when it is Django's cache."""
    if request.param == "redis":
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": request.getfixturevalue("redis_url"),
            },
        }
        cache.clear()
    return request.param


def seconds_to_window_end(period):
    return math.ceil(period - time.time() % period)


@pytest.mark.django_db
def test_attempts_over_the_limit_are_refused_until_the_window_ends(store, whole_window):
    whole_window(PERIOD, 10)

    verdicts = [throttle.attempt("form-1:ip-192.0.2.10", 3, PERIOD) for _ in range(5)]

    assert [verdict.allowed for verdict in verdicts] == [True, True, True, False, False]
    assert seconds_to_window_end(PERIOD) - 2 <= verdicts[-1].retry_after <= seconds_to_window_end(PERIOD)


@pytest.mark.django_db
def test_each_key_is_counted_apart(store, whole_window):
    whole_window(PERIOD, 10)
    throttle.attempt("form-1:ip-192.0.2.10", 1, PERIOD)

    assert throttle.attempt("form-1:ip-192.0.2.11", 1, PERIOD).allowed
    assert throttle.attempt("form-2:ip-192.0.2.10", 1, PERIOD).allowed
    assert not throttle.attempt("form-1:ip-192.0.2.10", 1, PERIOD).allowed


@pytest.mark.django_db
def test_the_next_window_counts_from_zero(store, whole_window):
    period = 1
    whole_window(period, 0.5)
    throttle.attempt("form-1:ip-192.0.2.10", 1, period)
    assert not throttle.attempt("form-1:ip-192.0.2.10", 1, period).allowed

    time.sleep(period - time.time() % period)

    assert throttle.attempt("form-1:ip-192.0.2.10", 1, period).allowed


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_attempts_are_counted_exactly(store, whole_window):
    whole_window(PERIOD, 30)

    def attempt(_number):
        try:
            return throttle.attempt("form-1:ip-192.0.2.10", 10, PERIOD).allowed
        finally:
            close_old_connections()

    with ThreadPoolExecutor(16) as pool:
        allowed = list(pool.map(attempt, range(50)))

    assert allowed.count(True) == 10


@pytest.mark.django_db
def test_database_drops_the_windows_that_are_over():
    ThrottleWindow.objects.create(key="form-1:ip-192.0.2.10", ends_at=int(time.time()) - 1, hits=4)

    throttle.attempt("form-1:ip-192.0.2.11", 10, PERIOD)

    assert list(ThrottleWindow.objects.values_list("key", flat=True)) == ["form-1:ip-192.0.2.11"]


# What the clients see


def submit(client, page, **headers):
    return client.post(
        f"/api/v1/forms/{page.pk}/submissions/", API_ANSWERS, content_type="application/json", **headers
    )


@pytest.mark.django_db
def test_api_429_says_when_to_try_again(client, consultation, settings, whole_window):
    settings.POLE_FORMS_THROTTLE = f"1/{PERIOD}"
    whole_window(PERIOD, 10)
    submit(client, consultation)

    response = submit(client, consultation)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 429
    assert seconds_to_window_end(PERIOD) - 2 <= int(response["Retry-After"]) <= seconds_to_window_end(PERIOD)


@pytest.mark.django_db
def test_html_429_says_when_to_try_again(client, consultation, answers, settings, whole_window):
    settings.POLE_FORMS_THROTTLE = f"1/{PERIOD}"
    whole_window(PERIOD, 10)
    client.post(consultation.url, answers)

    response = client.post(consultation.url, answers)

    assert response.status_code == 429
    assert seconds_to_window_end(PERIOD) - 2 <= int(response["Retry-After"]) <= seconds_to_window_end(PERIOD)


@pytest.mark.django_db
def test_clients_behind_the_trusted_proxy_are_counted_apart(client, consultation, settings, whole_window):
    settings.POLE_TRUSTED_PROXY_COUNT = 1
    settings.POLE_FORMS_THROTTLE = f"1/{PERIOD}"
    whole_window(PERIOD, 10)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    first = submit(client, consultation, HTTP_X_FORWARDED_FOR="192.0.2.10", **proxy)
    second = submit(client, consultation, HTTP_X_FORWARDED_FOR="192.0.2.11", **proxy)

    assert (first.status_code, second.status_code) == (201, 201)


@pytest.mark.django_db
def test_a_client_cannot_escape_its_count_by_forging_addresses(client, consultation, settings, whole_window):
    settings.POLE_TRUSTED_PROXY_COUNT = 1
    settings.POLE_FORMS_THROTTLE = f"1/{PERIOD}"
    whole_window(PERIOD, 10)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    statuses = [
        submit(
            client, consultation, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 192.0.2.10", **proxy
        ).status_code
        for number in range(3)
    ]

    assert statuses == [201, 429, 429]
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_without_trusted_proxy_every_forwarded_address_is_the_proxy_itself(
    client, consultation, settings, whole_window
):
    settings.POLE_FORMS_THROTTLE = f"1/{PERIOD}"
    whole_window(PERIOD, 10)

    first = submit(client, consultation, HTTP_X_FORWARDED_FOR="192.0.2.10", REMOTE_ADDR="10.0.0.2")
    second = submit(client, consultation, HTTP_X_FORWARDED_FOR="192.0.2.11", REMOTE_ADDR="10.0.0.2")

    assert (first.status_code, second.status_code) == (201, 429)


@pytest.mark.django_db
def test_addresses_of_one_ipv6_network_share_a_count(client, consultation, settings, whole_window):
    settings.POLE_FORMS_THROTTLE = f"1/{PERIOD}"
    whole_window(PERIOD, 10)

    first = submit(client, consultation, REMOTE_ADDR="2001:db8:0:1::10")
    second = submit(client, consultation, REMOTE_ADDR="2001:db8:0:1:ffff::20")

    assert (first.status_code, second.status_code) == (201, 429)
