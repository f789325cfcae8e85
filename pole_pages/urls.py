"""Public URLs of the pages app outside the page tree: robots.txt and the RSS feeds.

Include them before Wagtail's catch-all: `path("", include("pole_pages.urls"))`.
"""

from django.urls import path

from .feeds import EventFeed, ResourceFeed
from .robots import robots_txt

app_name = "pole_pages"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("flux/evenements.rss", EventFeed(), name="event_feed"),
    path("flux/ressources.rss", ResourceFeed(), name="resource_feed"),
]
