from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .slugs import AutoSlugMixin

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Indiquez une couleur au format hexadécimal, par exemple #1f6f8b.")
)


class Axis(AutoSlugMixin, index.Indexed, models.Model):
    """An action axis of the network ("Mailler le territoire et animer le réseau", …)."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(
        _("identifiant"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "Laissez vide pour le déduire du nom. Utilisé dans les adresses et les filtres, par exemple « mutualiser »."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("couleur"),
        max_length=7,
        default="#1f6f8b",
        validators=[colour_validator],
        help_text=_("Couleur de l'axe sur le site, au format #rrggbb."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("Les axes sont affichés par ordre croissant.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("colour"),
        FieldPanel("sort_order"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("axe")
        verbose_name_plural = _("axes")

    def __str__(self):
        return self.name
