"""The one versioned API of the site, /api/v1/: each app brings its router."""

from pole_core.api.errors import install_error_handlers
from pole_core.api.openapi import PoleNinjaAPI
from pole_core.api.rendering import UnicodeJSONRenderer
from pole_core.api.urls import api_namespace
from pole_directory.api import router as directory_router
from pole_forms.api import router as forms_router
from pole_members.api import router as members_router
from pole_pages.api import router as pages_router

api = PoleNinjaAPI(
    title="Pôle API",
    version="1",
    description="Chantiers, ressources, événements, documents de gouvernance, annuaire et carte d'un réseau "
    "coopératif. Les erreurs suivent le format « problem details » (RFC 9457).",
    urls_namespace=api_namespace(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=UnicodeJSONRenderer(),
)
install_error_handlers(api)
api.add_router("/", directory_router)
api.add_router("/", pages_router)
api.add_router("/", forms_router)
api.add_router("/", members_router)
