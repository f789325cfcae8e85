import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..fields import ChoiceListField


class PersonRole(models.TextChoices):
    CO_PRESIDENT = "co_president", _("Co-présidence")
    BOARD_MEMBER = "board_member", _("Membre du CA")
    STAFF = "staff", _("Équipe salariée")
    CONTRIBUTOR = "contributor", _("Contributeur·rice")


def folded(text):
    """`text` without accents nor case, for accent-insensitive search: « Mobilité » → « mobilite »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class PersonQuerySet(models.QuerySet):
    def published(self):
        """The people who may be shown on the public site and in the API: `Person.is_published` in SQL."""
        return self.filter(publication_consent=True)


class Person(index.Indexed, models.Model):
    """Someone of the network, shown in the trombinoscope once they consent to it."""

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role_title = models.CharField(
        _("fonction affichée"),
        max_length=150,
        blank=True,
        help_text=_(
            "Telle qu'elle apparaît sous la photo, par exemple « Co-présidente, référente mobilité »."
        ),
    )
    roles = ChoiceListField(
        _("rôles"),
        choices=PersonRole.choices,
        help_text=_("Rôles dans le réseau ; ils servent à filtrer le trombinoscope."),
    )
    organisation = models.ForeignKey(
        "pole_directory.Organisation",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    bio = models.TextField(_("présentation courte"), max_length=600, blank=True)

    publication_consent = models.BooleanField(
        _("accepte d'être publié·e"),
        default=False,
        help_text=_("Sans ce consentement, la personne n'apparaît ni sur le site ni dans l'API."),
    )
    consent_date = models.DateTimeField(
        _("date du consentement"),
        null=True,
        blank=True,
        help_text=_("Renseignée automatiquement quand le consentement est coché."),
    )
    email = models.EmailField(_("courriel"), blank=True)
    email_is_public = models.BooleanField(_("afficher le courriel"), default=False)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    phone_is_public = models.BooleanField(_("afficher le téléphone"), default=False)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("Le compte avec lequel la personne se connecte à son espace, une fois invitée."),
    )
    # The searched text (names and role title) `folded`, kept on save: a search for « mobilite »
    # finds « Mobilité » with a plain LIKE, on SQLite as on PostgreSQL.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = PersonQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldPanel("photo"),
        FieldPanel("role_title"),
        FieldPanel("roles"),
        FieldPanel("organisation"),
        FieldPanel("bio"),
        MultiFieldPanel(
            [FieldPanel("publication_consent"), FieldPanel("consent_date", read_only=True)],
            heading=_("Consentement à la publication"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("email"), FieldPanel("email_is_public")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("phone_is_public")]),
            ],
            heading=_("Coordonnées (privées sauf choix contraire de la personne)"),
        ),
    ]

    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
        index.AutocompleteField("last_name"),
        index.SearchField("role_title"),
        index.SearchField("bio"),
        index.FilterField("publication_consent"),
    ]

    # What the API's search looks into, through `search_text`.
    SEARCHED_FIELDS = ("first_name", "last_name", "role_title")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_published(self):
        """Whether this person may be shown on the public site and in the API: they consented to it."""
        return self.publication_consent

    @property
    def public_email(self):
        """The email address, if this person made it public; "" otherwise."""
        return self._made_public(self.email, self.email_is_public)

    @property
    def public_phone(self):
        """The phone number, if this person made it public; "" otherwise."""
        return self._made_public(self.phone, self.phone_is_public)

    def _made_public(self, value, is_public):
        return value if is_public and self.is_published else ""

    @property
    def account_status(self):
        """Where this person's member account stands, for the team: "" without one."""
        if self.account is None:
            return ""
        if self.account.last_login:
            return _("compte actif")
        joined = date_format(timezone.localtime(self.account.date_joined), "j F Y")
        return _("invité·e le %(date)s, compte jamais utilisé") % {"date": joined}

    def role_labels(self):
        return self._meta.get_field("roles").labels(self.roles)

    def clean(self):
        super().clean()
        errors = {}
        if self.email_is_public and not self.email:
            errors["email"] = _("Indiquez le courriel à afficher, ou décochez « afficher le courriel ».")
        if self.phone_is_public and not self.phone:
            errors["phone"] = _("Indiquez le téléphone à afficher, ou décochez « afficher le téléphone ».")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.publication_consent:
            self.consent_date = None
        elif self.consent_date is None:
            self.consent_date = timezone.now()
        self.search_text = folded(" ".join(getattr(self, name) for name in self.SEARCHED_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
