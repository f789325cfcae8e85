from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views import defaults
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from pole_core import health

from .api import api
from .api_v2 import api_router

API_PREFIX = "api/v1/"


def page_not_found(request, exception):
    """An unknown address under the API answers its problem details; elsewhere, the site's 404 page."""
    if request.path_info.startswith(f"/{API_PREFIX}"):
        return api.on_exception(request, exception)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    # Probes of load balancers and orchestrators (see the README's "Health checks").
    path("health/live/", health.live, name="pole_health_live"),
    path("health/ready/", health.ReadinessView.as_view(), name="pole_health_ready"),
    # robots.txt and the RSS feeds (/flux/…), before Wagtail's catch-all.
    path("", include("pole_pages.urls")),
    path(API_PREFIX, api.urls),
    path("api/v2/", api_router.urls),
]

# Static files are WhiteNoise's (a middleware); uploaded media, in development, Django's.
if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
