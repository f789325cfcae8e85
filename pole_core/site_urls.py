"""Absolute URLs follow the request: the site answering it links to itself at the request's
scheme, host and port.

Wagtail builds a page's full URL from its Site's stored hostname and port (`Site.root_url`), so a
site reached under another name or port (`make run HOST=0.0.0.0:9000`, a second hostname, a proxy)
would link to the stored address. Here the answering site's root URL is the request's origin; other
sites keep their stored address, and without a request (mails, webhooks, admin notifications)
Wagtail's stored address stands.

`SiteRootUrlMiddleware` applies the rule to every `Page.get_full_url(request)` (templates, sitemap,
feeds, both APIs); code that builds page URLs without Wagtail calls `site_root_paths`.
"""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def request_origin(request):
    """`scheme://host[:port]` as the client asked for it; the scheme follows SECURE_PROXY_SSL_HEADER."""
    return f"{request.scheme}://{request.get_host()}"


def site_root_paths(request, site_id):
    """`Site.get_site_root_paths()` with the root URL of the site `site_id` (the one answering
    `request`) replaced by the request's origin."""
    origin = request_origin(request)
    return [
        root._replace(root_url=origin) if root.site_id == site_id else root
        for root in Site.get_site_root_paths()
    ]


def follow_request(request):
    """Make Wagtail's page URLs for `request` follow it, as `site_root_paths` does."""

    def root_paths():
        site = Site.find_for_request(request)
        return site_root_paths(request, site.pk if site else None)

    # Wagtail keeps a request's root paths under this name (`Page._get_site_root_paths`). Filled lazily,
    # it costs nothing to the requests that build no page URL (static files, cached API answers).
    request._wagtail_cached_site_root_paths = SimpleLazyObject(root_paths)


class SiteRootUrlMiddleware:
    """Absolute page URLs built while answering a request use its scheme, host and port."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        follow_request(request)
        return self.get_response(request)
