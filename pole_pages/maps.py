"""The map's base layer: where tiles come from and whose work they are, read from the settings."""

from django.conf import settings

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'


def tile_layer():
    """{"url", "attribution"} of the tile server; an empty URL means no base layer at all."""
    return {
        "url": getattr(settings, "POLE_MAP_TILE_URL", DEFAULT_TILE_URL),
        "attribution": getattr(settings, "POLE_MAP_TILE_ATTRIBUTION", DEFAULT_TILE_ATTRIBUTION),
    }
