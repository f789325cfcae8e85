"""Members in /api/v1/: a request carrying allauth's session token is the member's own request.

A front-end signs a member in through allauth's headless API (`/_allauth/app/v1/auth/login`) and
gets a session token; it sends it back as the `X-Session-Token` header. `SessionTokenMiddleware`
resolves it with allauth's own check (`allauth.headless.contrib.ninja.security`) and sets
`request.user`, so that every endpoint (members-only forms, resources behind page privacy,
`/api/v1/me/…`) sees the member as it sees one signed in with a session cookie.

A token that allauth does not know (expired, signed out, mistyped, or a sign-in not finished) answers
401 as problem details: answering it anonymously would hide the member's content without a word.
"""

from allauth.headless.contrib.ninja.security import x_session_token_auth
from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from pole_core.api.errors import PROBLEM_JSON, ApiError

SESSION_TOKEN_HEADER = "X-Session-Token"


def invalid_token_response():
    """The 401 problem of a request whose session token allauth does not know."""
    error = ApiError(401, _("Session expirée ou jeton de session inconnu : connectez-vous à nouveau."))
    response = JsonResponse(error.as_body(), status=401, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = PROBLEM_JSON
    response["Cache-Control"] = "private, no-store"
    return response


class SessionTokenMiddleware:
    """Sign in the member whose allauth session token a request to the API carries.

    Install it after AuthenticationMiddleware (the token wins over a session cookie) and before
    `pole_core.cache.ApiCacheMiddleware`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # The API's prefix, as the API cache reads it.
        self.prefix = getattr(settings, "POLE_API_CACHE_PREFIX", "/api/v1/")

    def __call__(self, request):
        if SESSION_TOKEN_HEADER not in request.headers or not request.path.startswith(self.prefix):
            return self.get_response(request)
        user = x_session_token_auth(request)
        if user is None:
            return invalid_token_response()
        # allauth has set `request.user`; async code reads `auser`.
        request.auser = _auser(user)
        return self.get_response(request)


def _auser(user):
    async def auser():
        return user

    return auser
