from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .slugs import AutoSlugMixin


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Entreprise")
    COOPERATIVE = "cooperative", _("Coopérative")
    PUBLIC_BODY = "public_body", _("Collectivité ou organisme public")
    NETWORK = "network", _("Réseau ou fédération")
    OTHER = "other", _("Autre")


class Organisation(AutoSlugMixin, index.Indexed, models.Model):
    """A member structure or a partner of the network."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(
        _("identifiant"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Laissez vide pour le déduire du nom."),
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.ASSOCIATION
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("site web"), blank=True)
    city = models.CharField(_("ville"), max_length=120, blank=True)
    territory = models.CharField(
        _("territoire"),
        max_length=120,
        blank=True,
        help_text=_("Département, métropole ou bassin de vie, par exemple « Loire-Atlantique »."),
    )
    is_member = models.BooleanField(
        _("adhérente"), default=False, help_text=_("Cochez si la structure est adhérente du réseau.")
    )
    membership_year = models.PositiveSmallIntegerField(
        _("année d'adhésion"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("logo")]),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("territory")]),
        MultiFieldPanel([FieldPanel("is_member"), FieldPanel("membership_year")], heading=_("Adhésion")),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("city"),
        index.FilterField("kind"),
        index.FilterField("is_member"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.is_member and not self.membership_year:
            raise ValidationError(
                {"membership_year": _("Indiquez l'année d'adhésion d'une structure adhérente.")}
            )
        if self.membership_year and not self.is_member:
            raise ValidationError(
                {"membership_year": _("Une structure non adhérente n'a pas d'année d'adhésion.")}
            )
