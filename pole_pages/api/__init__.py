"""The pages' part of the API: one router gathering chantiers, resources, events, documents and site."""

from ninja import Router

from . import chantiers, documents, events, preview, resources, site

router = Router()
for module in (site, chantiers, resources, events, documents, preview):
    router.add_router("", module.router)
