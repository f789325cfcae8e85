import pytest

pytestmark = pytest.mark.django_db

FRONT_END = "https://front.pole.example"


@pytest.fixture(autouse=True)
def front_end(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONT_END]


def test_front_end_origin_may_read_the_api(client, home):
    response = client.get("/api/v1/chantiers/", headers={"origin": FRONT_END})

    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert "Access-Control-Allow-Credentials" not in response
    assert "etag" in response["Access-Control-Expose-Headers"]


def test_a_stored_answer_keeps_its_cors_headers(client, home):
    first = client.get("/api/v1/chantiers/", headers={"origin": FRONT_END})

    response = client.get("/api/v1/chantiers/", headers={"origin": FRONT_END, "if-none-match": first["ETag"]})

    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == FRONT_END


def test_preflight_allows_posting_forms_with_an_idempotency_key(client):
    response = client.options(
        "/api/v1/forms/1/submissions/",
        headers={
            "origin": FRONT_END,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, idempotency-key",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert {"GET", "HEAD", "OPTIONS", "POST"} <= set(response["Access-Control-Allow-Methods"].split(", "))
    assert {"content-type", "idempotency-key", "if-none-match"} <= set(
        response["Access-Control-Allow-Headers"].split(", ")
    )


def test_another_origin_gets_no_cors_headers(client, home):
    response = client.get("/api/v1/chantiers/", headers={"origin": "https://ailleurs.example"})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_no_cors_headers_outside_the_api(client, home):
    response = client.get("/", headers={"origin": FRONT_END})

    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/_allauth/app/v1/auth/login", "POST"),
        ("/_allauth/app/v1/auth/session", "DELETE"),
        ("/api/v1/me/card/", "PATCH"),
    ],
)
def test_a_front_end_signs_members_in_with_a_session_token_never_a_cookie(client, path, method):
    response = client.options(
        path,
        headers={
            "origin": FRONT_END,
            "access-control-request-method": method,
            "access-control-request-headers": "content-type, x-session-token",
        },
    )

    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert method in response["Access-Control-Allow-Methods"].split(", ")
    assert "x-session-token" in response["Access-Control-Allow-Headers"].split(", ")
    assert "Access-Control-Allow-Credentials" not in response


def test_the_accounts_pages_for_people_get_no_cors_headers(client):
    response = client.get("/compte/login/", headers={"origin": FRONT_END})

    assert "Access-Control-Allow-Origin" not in response
