"""HTTP caching: the public API's validators, headers and server-side store; every other answer's headers.

`ApiCacheMiddleware` handles anonymous GET and HEAD requests under `POLE_API_CACHE_PREFIX`
(default `/api/v1/`):

- the first request runs the endpoint and stores its bytes in Django's `default` cache, keyed by
  scheme, host, language and full path (query string included); the entry remembers the
  *content version* it was built under;
- a later request reads the content version and the entry in one `get_many` (one round trip) and,
  when the versions match, answers with the stored bytes without running the endpoint;
- every public answer carries `ETag` (a hash of its bytes: it changes when, and only when, the
  answer changes), `Last-Modified` (when those bytes were first built) and
  `Cache-Control: public, max-age=POLE_API_CACHE_SECONDS`; `If-None-Match` / `If-Modified-Since`
  answer 304.

Answers to signed-in users (a session, an `Authorization` header, or allauth's `X-Session-Token`:
see `pole_members.api_auth`) are neither stored nor shared and always get
`Cache-Control: private, no-store`, whatever the view chose; a request with a token is never served
a stored answer. Public answers carry `Vary: Cookie, X-Session-Token`, so that no cache in front
gives them to a member. Errors, the browsable docs and answers whose view set its own
`Cache-Control` are not stored: they get `private, no-store` unless the view chose otherwise.

`CacheControlMiddleware` gives the other answers (pages, feeds, sitemap) their `Cache-Control`
when the view chose none: `private, no-store` for a signed-in user or a visitor whose session
holds something, `private` for an answer setting a cookie (a page with a form sets the CSRF
cookie), `public, max-age=POLE_PAGE_CACHE_SECONDS` for a 200 to anyone else.

When Wagtail's frontend cache purges a shared cache in front (``WAGTAILFRONTENDCACHE`` set; see
`pole_core.frontend_cache`), public answers also carry `s-maxage=POLE_FRONTEND_CACHE_SECONDS`: that
cache may keep them longer than browsers, since it is told of every change.

Every ``content_changed`` signal (`pole_core.content`: a page published, a snippet saved, or one
batch such as a directory import) calls `bump_content_version`, which makes every stored answer
stale at once. Stored answers also expire after `POLE_API_SERVER_CACHE_SECONDS`, which bounds how
late date-dependent answers (upcoming events, open forms) can be; 0 turns the server-side store
off (answers keep their validators and headers).

`POLE_API_CACHE_MEMO_SECONDS` (default 0: off) lets each process also keep answers in memory and
trust the content version it last read for that many seconds: hits then cost no I/O, but a
publication made through another process shows up to that many seconds late.
"""

import hashlib
import time
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "pole-api:content-version"
# django-ninja's browsable documentation is an HTML page for people, not API content.
UNCACHED_URL_NAMES = {"openapi-view"}
# The request headers that make an answer a signed-in member's.
PERSONAL_REQUEST_HEADERS = ("Cookie", "X-Session-Token")


class StoredAnswer(NamedTuple):
    version: str
    content: bytes
    headers: dict
    etag: str
    last_modified: int


def bump_content_version():
    """Make every stored API answer stale."""
    _set_new_version()
    if transaction.get_connection().in_atomic_block:
        # With a cache outside the database (Redis), a request served before the commit may store
        # answers built from the old rows under the new version: bump once more after the commit.
        transaction.on_commit(_set_new_version)


def bump_on_content_changed(sender, changes, **kwargs):
    """Receiver of ``content_changed``: one bump per signal, whatever the number of changes."""
    bump_content_version()


def _set_new_version():
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    _memo.remember_version(version, 0)


class _ProcessMemo:
    """Answers of this process and the content version it last read, trusted until `expires`."""

    max_answers = 100

    def __init__(self):
        self.version, self.expires, self.answers = None, 0.0, {}

    def get(self, key):
        if time.monotonic() < self.expires:
            answer = self.answers.get(key)
            if answer is not None and answer.version == self.version:
                return answer
        return None

    def remember_version(self, version, seconds):
        if version != self.version:
            self.answers = {}
        self.version, self.expires = version, time.monotonic() + seconds

    def remember(self, key, answer):
        if len(self.answers) >= self.max_answers:
            self.answers.pop(next(iter(self.answers)), None)
        self.answers[key] = answer


_memo = _ProcessMemo()


class ApiCacheMiddleware:
    """Serve anonymous API reads from Django's cache, with ETag, Last-Modified and Cache-Control.

    Install it after LocaleMiddleware and AuthenticationMiddleware: the language is part of the key
    and signed-in users bypass the store.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = getattr(settings, "POLE_API_CACHE_PREFIX", "/api/v1/")

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(self.prefix):
            return self.get_response(request)
        if _is_personal(request):
            return _personal(self._get(request))
        timeout = getattr(settings, "POLE_API_SERVER_CACHE_SECONDS", 300)
        key = _answer_key(request) if timeout else None
        memo_seconds = getattr(settings, "POLE_API_CACHE_MEMO_SECONDS", 0)
        answer = _memo.get(key) if key and memo_seconds else None
        if answer is not None:
            return _public_response(request, answer)
        found = cache.get_many([VERSION_KEY, key]) if key else {}
        version, answer = found.get(VERSION_KEY), found.get(key)
        if answer is None or answer.version != version:
            response = self._get(request)
            if not _is_shareable(request, response):
                return _private(response)
            answer = _answer(response, previous=answer)
            if key:
                answer = _store(key, version, answer, timeout)
        if memo_seconds and answer.version:
            _memo.remember_version(answer.version, memo_seconds)
            _memo.remember(key, answer)
        return _public_response(request, answer)

    def _get(self, request):
        # Ninja routes answer GET only; HEAD gets the same headers (RFC 9110) and the server
        # drops the body.
        method, request.method = request.method, "GET"
        try:
            return self.get_response(request)
        finally:
            request.method = method


def _is_personal(request):
    if "HTTP_AUTHORIZATION" in request.META or "HTTP_X_SESSION_TOKEN" in request.META:
        return True
    # Without a session cookie the visitor is anonymous: no need to load a session to know it.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def _answer_key(request):
    # Absolute URLs in answers depend on scheme and host; labels depend on the language.
    parts = (request.scheme, request.get_host(), get_language() or "", request.get_full_path())
    return "pole-api:" + hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()


def _is_shareable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and getattr(request.resolver_match, "url_name", None) not in UNCACHED_URL_NAMES
    )


def _private(response):
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_store=True)
    return response


def _personal(response):
    response["Cache-Control"] = "private, no-store"
    return response


def public_cache_control(max_age):
    """The `Cache-Control` of an answer anyone may share: `max-age` for browsers, and for a purged
    shared cache in front `s-maxage` too."""
    value = f"public, max-age={max_age}"
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        value += f", s-maxage={getattr(settings, 'POLE_FRONTEND_CACHE_SECONDS', 300)}"
    return value


def _answer(response, previous):
    """`response` as a StoredAnswer; `Last-Modified` only moves when the bytes do."""
    content = response.content
    etag = f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'
    unchanged = previous is not None and previous.etag == etag
    last_modified = previous.last_modified if unchanged else int(time.time())
    return StoredAnswer("", content, dict(response.items()), etag, last_modified)


def _store(key, version, answer, timeout):
    """Keep `answer` under the content version; returned with its version, or without if unstored."""
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):
            # Another request has just set the version: this answer may predate it, keep it unstored.
            return answer
    answer = answer._replace(version=version)
    cache.set(key, answer, timeout)
    return answer


def _public_response(request, answer):
    response = HttpResponse(answer.content, headers=answer.headers)
    response["ETag"] = answer.etag
    response["Last-Modified"] = http_date(answer.last_modified)
    response["Cache-Control"] = public_cache_control(getattr(settings, "POLE_API_CACHE_SECONDS", 60))
    # The same address answers a signed-in member otherwise (a session cookie, a session token).
    patch_vary_headers(response, PERSONAL_REQUEST_HEADERS)
    return get_conditional_response(
        request, etag=answer.etag, last_modified=answer.last_modified, response=response
    )


class CacheControlMiddleware:
    """`Cache-Control` of the answers outside the API that the view left without one.

    Install it before SessionMiddleware and CsrfViewMiddleware (nearer the top of MIDDLEWARE): it
    must see the cookies they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.api_prefix = getattr(settings, "POLE_API_CACHE_PREFIX", "/api/v1/")

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith(self.api_prefix)
            or response.has_header("Cache-Control")
        ):
            return response
        if _is_personal(request) or _session_holds_data(request):
            response["Cache-Control"] = "private, no-store"
        elif response.cookies:
            response["Cache-Control"] = "private"
        elif response.status_code == 200:
            response["Cache-Control"] = public_cache_control(getattr(settings, "POLE_PAGE_CACHE_SECONDS", 60))
        return response


def _session_holds_data(request):
    session = getattr(request, "session", None)
    return session is not None and session.accessed and not session.is_empty()
