"""Schemathesis over /api/v1/openapi.json, on the demo content: every check, no failure.

Each operation gets valid and invalid inputs (positive and negative generation) from the published
document, and every answer goes through all of schemathesis' checks: no 500, a documented status,
content type and headers, a body matching its schema, invalid input refused, valid input accepted,
405 for a method the path does not take. The stateful run follows the document's links (a list's
first item to its detail). The seed is fixed and the number of examples bounded, so a run takes
one to two minutes per database and fails the same way twice.

The requests go through Django's WSGI handler in the test's own thread, so they read the demo
loaded in the test's transaction.
"""

import json

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

from pole_site.api import api
from pole_site.demo.loader import load_demo

SEED = 20261207
EXAMPLES_PER_OPERATION = 15
STATEFUL_SCENARIOS = 12

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, loaded once for the module (it takes seconds), then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


# The document the server publishes, with its statuses as strings as in JSON. Loaded here rather
# than requested: collecting the tests may not touch the database, which the request would.
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema()))
schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=SchemathesisConfig.from_dict(
        {"seed": SEED, "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True}}
    ),
)
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def fuzzed_site(demo, settings):
    """The demo behind Django's WSGI handler, which keeps the test's database connection between
    requests, as Django's test client does. Throttling is off: a fuzzer sends more than a visitor."""
    settings.POLE_FORMS_THROTTLE = "1000000/60"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def all_checks():
    load_all_checks()
    return CHECKS.get_all()


def hypothesis_settings(**settings):
    return hypothesis.settings(
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
        **settings,
    )


def test_the_fuzzed_document_is_the_published_one(client):
    assert client.get("/api/v1/openapi.json").json() == DOCUMENT


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION)
def test_every_operation_passes_every_check(case):
    case.call_and_validate(checks=all_checks())


def test_stateful_runs_pass_every_check():
    schema.as_state_machine().run(
        settings=hypothesis_settings(max_examples=STATEFUL_SCENARIOS, stateful_step_count=5)
    )
