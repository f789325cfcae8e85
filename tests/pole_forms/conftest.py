import os
import time

import pytest

# Redis database of these tests: emptied by the `redis_url` fixture.
REDIS_URL = os.environ.get("POLE_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


@pytest.fixture
def answers():
    """A valid HTML post to the consultation, with the honeypot left empty by a person."""
    return {
        "prenom": "Lou",
        "nom": "Martin",
        "courriel": "lou.martin@exemple.fr",
        "theme_propose": "Mobilité douce des publics",
        "description": "Mutualiser des navettes entre les tiers-lieux ruraux.",
        "axes_concernes": ["Ressources"],
        "consent": "on",
        "whf_name": "",
        "whf_time": "1000000000",
    }


@pytest.fixture(scope="module")
def redis_url():
    """POLE_TEST_REDIS_URL (default database 2 of the local Redis), emptied.

    Without Redis (or its client) the test is skipped, unless POLE_STACK_TESTS=required.
    """
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        client.flushdb()
    except Exception as error:  # a missing package or a server that does not answer
        reason = f"Redis at {REDIS_URL} is needed: {error}"
        if os.environ.get("POLE_STACK_TESTS") == "required":
            pytest.fail(f"{reason} (POLE_STACK_TESTS=required)", pytrace=False)
        pytest.skip(reason)
    client.close()
    return REDIS_URL


@pytest.fixture
def whole_window():
    """`whole_window(period, needed)`: returns once the throttle's current window (aligned on multiples
    of `period` seconds) has `needed` seconds left, so that a burst of attempts falls in one window."""

    def wait(period, needed):
        left = period - time.time() % period
        if left < needed:
            time.sleep(left)

    return wait
