"""The pages' part of the API: one router gathering the site, the page types and the preview."""

from ninja import Router

from pole_directory.api import set_place_page_urls

from . import chantiers, documents, events, pages, preview, resources, site
from .common import place_page_urls

router = Router()
for module in (site, pages, chantiers, resources, events, documents, preview):
    router.add_router("", module.router)

# Places have their page under the site's map page: the directory's API links to it.
set_place_page_urls(place_page_urls)
