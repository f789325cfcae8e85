"""robots.txt: crawl the public site, not the admin, the previews nor the private-page forms."""

import re

from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap

from pole_core.api.urls import api_url_name

# URL names of the private areas, with the number of arguments they take; those the project
# does not mount are left out.
PRIVATE_URLS = (
    ("wagtailadmin_home", 0),
    ("admin:index", 0),
    (api_url_name("get_preview"), 0),
    ("wagtailcore_login", 0),
    ("wagtailcore_authenticate_with_password", 2),
    ("wagtaildocs_authenticate_with_password", 2),
    # The project's health probes (pole_core/health.py), for load balancers rather than search engines.
    ("pole_health_live", 0),
    ("pole_health_ready", 0),
)


def url_prefix(name, arguments):
    """The path of a URL name, cut before its arguments: /_util/authenticate_with_password/."""
    try:
        path = reverse(name, args=[0] * arguments)
    except NoReverseMatch:
        return None
    return re.sub(r"(0/)+$", "", path) if arguments else path


def robots_lines(request):
    lines = ["User-agent: *"]
    lines += [
        f"Disallow: {prefix}" for name, arguments in PRIVATE_URLS if (prefix := url_prefix(name, arguments))
    ]
    lines.append("Allow: /")
    try:
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse(sitemap))}")
    except NoReverseMatch:
        pass
    return lines


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return HttpResponse("\n".join(robots_lines(request)) + "\n", content_type="text/plain; charset=utf-8")
