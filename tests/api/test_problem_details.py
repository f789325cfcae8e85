"""Under /api/v1/, every answer that is not a success is problem details, and the OpenAPI document
says so: content type, statuses, headers, and a description for every property and parameter."""

import pytest

from pole_site.api import api

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


@pytest.fixture
def document():
    return api.get_openapi_schema()


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/nulle-part/", "/api/v1/forms/AAA/submissions/", "/api/v1/x.json"])
def test_an_unknown_address_under_the_api_answers_a_404_problem(client, home, method, path):
    response = getattr(client, method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["status"] == 404


def test_an_unknown_address_elsewhere_keeps_the_site_404_page(client, home):
    response = client.get("/nulle-part/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/api/v1/chantiers/", "GET"),
        ("delete", "/api/v1/events/1/", "GET"),
        ("get", "/api/v1/forms/1/submissions/", "POST"),
    ],
)
def test_a_method_the_route_does_not_take_answers_a_405_problem_with_allow(client, method, path, allowed):
    response = getattr(client, method)(path)

    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM_JSON
    assert response["Allow"] == allowed
    assert response.json()["title"] == "Method Not Allowed"


def test_every_operation_with_parameters_documents_400_and_every_path_parameter_404(document):
    for path, method, operation in operations(document):
        parameters = operation.get("parameters", [])
        if any(parameter["in"] in ("query", "path") for parameter in parameters):
            assert 400 in operation["responses"], f"{method} {path}"
        if any(parameter["in"] == "path" for parameter in parameters):
            assert 404 in operation["responses"], f"{method} {path}"


def test_cached_reads_document_etag_and_304_and_the_others_their_own_cache_control(document):
    own = {
        "/api/v1/preview/",
        "/api/v1/forms/{form_id}/",
        # A member's own data: `private, no-store`, never stored nor revalidated.
        "/api/v1/me/",
        "/api/v1/me/submissions/",
        "/api/v1/me/chantiers/",
        "/api/v1/me/forms/",
        "/api/v1/me/export/",
    }
    assert own <= set(document["paths"])
    for path, method, operation in operations(document):
        if method != "get":
            continue
        headers = operation["responses"][200]["headers"]
        assert "Cache-Control" in headers, path
        assert ("ETag" in headers and 304 in operation["responses"]) is (path not in own), path


def test_429_documents_retry_after(document):
    throttled = [
        operation["responses"][429]
        for _path, _method, operation in operations(document)
        if 429 in operation["responses"]
    ]

    assert throttled
    assert all("Retry-After" in answer["headers"] for answer in throttled)


def test_a_cached_read_answers_304_to_its_etag(client, home):
    first = client.get("/api/v1/axes/")

    again = client.get("/api/v1/axes/", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def undescribed(schema, where):
    """Where, in `schema` (a JSON schema), a property has no description."""
    for name, prop in schema.get("properties", {}).items():
        if not (prop.get("description") or "").strip():
            yield f"{where}.{name}"
        yield from undescribed(prop, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from undescribed(schema[key], f"{where}[]")
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from undescribed(option, where)


def test_every_schema_property_and_parameter_has_a_description(document):
    missing = [
        where
        for name, schema in document["components"]["schemas"].items()
        for where in undescribed(schema, name)
    ]
    missing += [
        f"{method.upper()} {path} {parameter['in']} parameter {parameter['name']}"
        for path, method, operation in operations(document)
        for parameter in operation.get("parameters", [])
        if not (parameter.get("description") or "").strip()
    ]

    assert not missing, f"{len(missing)} without a description:\n" + "\n".join(missing)
