from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import include, path, re_path, reverse
from django.views.decorators.csrf import csrf_exempt
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from pole_core import health

from .api import api
from .api_v2 import api_router

API_PREFIX = "api/v1/"


@csrf_exempt
def unknown_api_route(request):
    """Any method to an unknown address under the API: a 404 problem, not Wagtail's page view (which
    would refuse a POST with an HTML 403 for want of a CSRF token) nor a redirect to the address
    with a `/` added (an API address is exact)."""
    return api.on_exception(request, Http404())


def account_login(request, default_next=None):
    """Wagtail's own sign-in forms would skip allauth's rate limits and two-factor step: they lead to the
    accounts' sign-in page, which brings the user back to `next` (or the `default_next` view) afterwards."""
    return redirect_to_login(request.GET.get("next") or (reverse(default_next) if default_next else ""))


# Django admin's sign-in form likewise (a signed-in user without staff status gets a 403).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/login/", account_login, {"default_next": "wagtailadmin_home"}),
    path("_util/login/", account_login),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Members' accounts (allauth, in the site's look) and their space; the headless API for front-ends.
    path("compte/", include("allauth.urls")),
    path("mon-espace/", include("pole_members.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("sitemap.xml", sitemap),
    # Probes of load balancers and orchestrators (see the README's "Health checks").
    path("health/live/", health.live, name="pole_health_live"),
    path("health/ready/", health.ReadinessView.as_view(), name="pole_health_ready"),
    # robots.txt and the RSS feeds (/flux/…), before Wagtail's catch-all.
    path("", include("pole_pages.urls")),
    path(API_PREFIX, api.urls),
    re_path(rf"^{API_PREFIX}", unknown_api_route),
    path("api/v2/", api_router.urls),
]

# Static files are WhiteNoise's (a middleware); uploaded media, in development, Django's.
if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
