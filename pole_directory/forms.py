import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtailgeowidget.widgets import LeafletField

POINT = re.compile(r"POINT\s*\(\s*(?P<lng>-?[\d.]+)\s+(?P<lat>-?[\d.]+)\s*\)")
LEAFLET_CDN = "https://unpkg.com/leaflet@"


class LocalLeafletField(LeafletField):
    """wagtailgeowidget's map picker, with Leaflet served by the site when it names its copy.

    The package loads leaflet.js and leaflet.css from unpkg.com and has no setting for it; a site
    that sets POLE_LEAFLET_STATIC_DIR (a static folder holding both files) serves them itself.
    """

    @property
    def media(self):
        media = super().media
        folder = getattr(settings, "POLE_LEAFLET_STATIC_DIR", "")
        if not folder:
            return media

        def local(path):
            return f"{folder}/{path.rsplit('/', 1)[1]}" if str(path).startswith(LEAFLET_CDN) else path

        return forms.Media(
            css={medium: [local(path) for path in paths] for medium, paths in media._css.items()},
            js=[local(path) for path in media._js],
        )


class PlaceForm(WagtailAdminModelForm):
    """Adds a map picker that fills latitude and longitude; both stay editable as numbers."""

    map_location = forms.CharField(
        label=_("Choisir sur la carte"),
        required=False,
        widget=LocalLeafletField(srid=4326, id_prefix="id_", address_field="street_address"),
        help_text=_(
            "Déplacez le marqueur ; la latitude et la longitude se mettent à jour à l'enregistrement."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.latitude is not None and self.instance.longitude is not None:
            self.initial["map_location"] = (
                f"SRID=4326;POINT({self.instance.longitude} {self.instance.latitude})"
            )

    def clean(self):
        cleaned = super().clean()
        if "map_location" in self.changed_data:
            match = POINT.search(cleaned.get("map_location") or "")
            if match:
                cleaned["latitude"] = Decimal(match["lat"]).quantize(Decimal("0.000001"))
                cleaned["longitude"] = Decimal(match["lng"]).quantize(Decimal("0.000001"))
                for name in ("latitude", "longitude"):
                    self.errors.pop(name, None)
                    setattr(self.instance, name, cleaned[name])
        return cleaned
