from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..forms import PlaceForm
from .slugs import AutoSlugMixin


class PlaceKind(models.TextChoices):
    """Default typology, after the national census of tiers-lieux (France Tiers-Lieux)."""

    COWORKING = "coworking", _("Espace de coworking")
    CULTURAL = "cultural", _("Tiers-lieu culturel")
    FABLAB = "fablab", _("Fablab / makerspace")
    SHARED_WORKSHOP = "shared_workshop", _("Atelier partagé")
    LIVING_LAB = "living_lab", _("Living lab")
    FOOD_GROWING = "food_growing", _("Tiers-lieu nourricier")
    SHARED_KITCHEN = "shared_kitchen", _("Cuisine partagée")
    VENUE = "venue", _("Salle ou lieu de spectacle")
    OTHER = "other", _("Autre")


class PlaceStatus(models.TextChoices):
    PROJECT = "project", _("En projet")
    OPEN = "open", _("Ouvert")
    CLOSED = "closed", _("Fermé")


class PlaceLabel(TaggedItemBase):
    content_object = ParentalKey(
        "pole_directory.Place", related_name="tagged_labels", on_delete=models.CASCADE
    )


class Place(AutoSlugMixin, index.Indexed, ClusterableModel):
    """A tiers-lieu or venue on the map.

    Field names follow schema.org's Place and PostalAddress (streetAddress, postalCode,
    addressLocality, latitude, longitude) so one record feeds GeoJSON, JSON-LD and exports.
    """

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(
        _("identifiant"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Laissez vide pour le déduire du nom."),
    )
    kind = models.CharField(
        _("type de lieu"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.OTHER
    )
    status = models.CharField(_("état"), max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.OPEN)
    labels = ClusterTaggableManager(
        verbose_name=_("labels"),
        through=PlaceLabel,
        blank=True,
        help_text=_("Labels et réseaux, par exemple « Starter ». Séparez-les par des virgules."),
    )
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("site web"), blank=True)
    organisation = models.ForeignKey(
        "pole_directory.Organisation",
        verbose_name=_("structure porteuse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )

    street_address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("code postal"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-Za-z -]{3,10}$", _("Code postal invalide."))],
    )
    address_locality = models.CharField(_("ville"), max_length=120)
    address_region = models.CharField(_("région"), max_length=120, blank=True)
    address_country = models.CharField(
        _("pays"), max_length=2, default="FR", help_text=_("Code ISO à deux lettres.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
        help_text=_("Entre -90 et 90, par exemple 47.218371 pour Nantes."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
        help_text=_("Entre -180 et 180, par exemple -1.553621 pour Nantes."),
    )

    base_form_class = PlaceForm

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("labels"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("url"), FieldPanel("organisation")]),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("address_locality")]),
                FieldRowPanel([FieldPanel("address_region"), FieldPanel("address_country")]),
            ],
            heading=_("Adresse"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("map_location"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Position sur la carte"),
        ),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("address_locality"),
        index.FilterField("kind"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")

    def __str__(self):
        return self.name
