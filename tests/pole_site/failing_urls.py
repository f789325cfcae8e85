"""The site's URLs and one view that fails, to see the 500 page a visitor gets."""

from django.urls import path

from pole_site import urls


def broken_view(request):
    raise RuntimeError("A bug in a view.")


urlpatterns = [path("en-panne/", broken_view), *urls.urlpatterns]
