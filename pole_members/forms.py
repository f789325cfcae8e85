"""The member's own trombinoscope card, as they edit it in « Mon espace »."""

from django import forms
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from pole_directory.models import Person
from pole_forms.erasure import discard_portrait, portraits_collection

#: The largest photo a member may upload, in bytes.
PORTRAIT_MAX_BYTES = 5 * 1024 * 1024
PORTRAIT_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


class PortraitField(WagtailImageField):
    """Wagtail's image upload field (format checked against the file's content), for a portrait:
    fewer formats, a smaller size, and errors that say what to do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_image_extensions = PORTRAIT_EXTENSIONS
        self.max_upload_size = PORTRAIT_MAX_BYTES
        self.max_upload_size_text = size = filesizeformat(PORTRAIT_MAX_BYTES)
        self.help_text = _("Une photo au format JPEG, PNG ou WebP, de %(size)s au plus.") % {"size": size}
        self.error_messages["invalid_image_extension"] = _(
            "Ce fichier n'est pas une photo acceptée : choisissez un fichier JPEG, PNG ou WebP."
        )
        self.error_messages["invalid_image_known_format"] = _(
            "Le contenu de ce fichier ne correspond pas à son extension .%(extension)s : "
            "enregistrez la photo en JPEG, PNG ou WebP."
        )
        self.error_messages["file_too_large"] = _(
            "Cette photo est trop lourde (%(file_size)s) : %(max_filesize)s au plus."
        )
        self.error_messages["invalid_image"] = _("Ce fichier n'est pas une image lisible.")


class CardForm(forms.ModelForm):
    """The card's fields a member decides themselves; names, roles and organisation are the team's."""

    new_photo = PortraitField(label=_("Nouvelle photo"), required=False)

    class Meta:
        model = Person
        fields = ["role_title", "bio", "phone", "email_is_public", "phone_is_public", "publication_consent"]
        labels = {
            "role_title": _("Fonction affichée"),
            "bio": _("Présentation courte"),
            "phone": _("Téléphone"),
            "email_is_public": _("Afficher mon courriel sur ma fiche"),
            "phone_is_public": _("Afficher mon téléphone sur ma fiche"),
            "publication_consent": _("J'accepte d'apparaître dans le trombinoscope"),
        }
        help_texts = {
            "role_title": _(
                "Telle qu'elle apparaît sous votre photo, par exemple « Chargée de production »."
            ),
            "publication_consent": _(
                "Cochée, votre fiche (photo, nom, fonction, présentation et les coordonnées que vous "
                "choisissez d'afficher) est visible de tous sur le site, dans sa recherche et dans l'API "
                "publique. Décochée, elle disparaît aussitôt de tous ces endroits ; l'équipe la garde "
                "pour les groupes de travail. Vous pouvez changer d'avis à tout moment."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk is None:
            # A member without a card gets one in their name, with the account's address.
            self.instance.first_name = user.first_name or user.email.split("@")[0]
            self.instance.last_name = user.last_name
            self.instance.email = user.email
            self.instance.account = user

    @transaction.atomic
    def save(self, commit=True):
        person = super().save(commit=False)
        photo = self.cleaned_data.get("new_photo")
        previous = person.photo if person.photo_id else None
        if photo:
            person.photo = self.store_photo(photo, person)
        person.save()
        if photo and previous is not None:
            discard_portrait(previous, keep_for=None)
        return person

    def store_photo(self, upload, person):
        image = get_image_model()(
            title=person.full_name or str(_("Portrait")),
            file=upload,
            collection=portraits_collection(),
            uploaded_by_user=self.user,
        )
        image._set_image_file_metadata()
        image.save()
        return image
