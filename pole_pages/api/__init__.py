"""The pages' part of the API: one router gathering chantiers, resources, events, documents and site."""

from ninja import Router

from . import chantiers, documents, events, resources, site

router = Router()
for module in (site, chantiers, resources, events, documents):
    router.add_router("", module.router)
