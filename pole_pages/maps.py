"""The map's defaults and its base layer: where tiles come from and whose work they are.

The tile server is read from the settings (`POLE_MAP_TILE_URL`, `POLE_MAP_TILE_ATTRIBUTION`), with
the defaults below for a project that sets neither.
"""

from decimal import Decimal

from django.conf import settings

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'

# Where a new map page opens (latitude, longitude; Nantes) and at which zoom.
DEFAULT_CENTRE = (Decimal("47.218371"), Decimal("-1.553621"))
DEFAULT_ZOOM = 8


def tile_layer():
    """{"url", "attribution"} of the tile server; an empty URL means no base layer at all."""
    return {
        "url": getattr(settings, "POLE_MAP_TILE_URL", DEFAULT_TILE_URL),
        "attribution": getattr(settings, "POLE_MAP_TILE_ATTRIBUTION", DEFAULT_TILE_ATTRIBUTION),
    }
