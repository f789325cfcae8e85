"""One django-import-export resource per directory model, read from the editors' spreadsheets.

Column headers are French and fixed (they are the file format, so they are not translated); a
header is recognised whatever its case or accents. Rows are matched to existing records by a
natural key, so importing the same file twice changes nothing:

- organisations: the name;
- places: the name and the town (« nom » + « ville »);
- people: the e-mail address when the row has one, otherwise the first and last names.
"""

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from ..models import Organisation, Person, PersonRole, Place, PlaceKind, PlaceStatus
from ..models.organisation import OrganisationKind
from ..models.slugs import AutoSlugMixin, first_free_slug, slug_base
from .widgets import (
    ChoiceListWidget,
    ChoiceWidget,
    CoordinateWidget,
    OrganisationWidget,
    TextWidget,
    YearWidget,
    YesNoWidget,
    cell_text,
    normalise,
)


def column(attribute, name, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=name, widget=widget or TextWidget(), **kwargs)


class NaturalKeyLoader(BaseInstanceLoader):
    """Reads the existing records once and finds each row's record by its natural key."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.index = defaultdict(list)
        for instance in resource.get_queryset():
            for key in resource.instance_keys(instance):
                self.index[key].append(instance)

    def get_instance(self, row):
        return self.resource.find_instance(self.index, row)


class DirectoryResource(resources.ModelResource):
    """What the three resources share: natural keys, duplicates, per-row progress and changes."""

    #: Columns a file must have; a row must fill them too.
    required_columns = ()
    #: The columns that identify a record, in the order they are shown.
    key_columns = ()
    #: One example row, for the template file.
    example = {}

    class Meta:
        instance_loader_class = NaturalKeyLoader
        import_id_fields = ()
        # Model validation gives the French per-column messages ("Ce champ ne peut pas être vide.").
        clean_model_instances = True
        # An unchanged row is not saved: re-importing a file writes nothing.
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        store_instance = True

    def __init__(self, on_progress=None, lines=None, **kwargs):
        super().__init__(**kwargs)
        self.on_progress = on_progress
        self.lines = lines
        self.first_line_of_key = {}
        self.taken_slugs = None

    def line_of(self, row_number):
        """The line of the spreadsheet an editor sees (the header is line 1)."""
        return self.lines[row_number - 1] if self.lines else row_number + 1

    # Natural keys

    def row_key(self, row):
        """The natural key of a row, or None when one of its cells is empty."""
        parts = tuple(normalise(cell_text(row.get(name))) for name in self.key_columns)
        return parts if all(parts) else None

    def instance_keys(self, instance):
        return [tuple(normalise(self.fields[name].get_value(instance)) for name in self.key_attributes())]

    def key_attributes(self):
        by_column = {field.column_name: name for name, field in self.fields.items()}
        return [by_column[name] for name in self.key_columns]

    def find_instance(self, index, row):
        key = self.row_key(row)
        return self.single(index.get(key, [])) if key else None

    def single(self, matches):
        if len(matches) > 1:
            raise ValidationError({self.key_attributes()[0]: self.ambiguous_message()})
        return matches[0] if matches else None

    def duplicate_attribute(self, key):
        return self.key_attributes()[0]

    def ambiguous_message(self):
        return _("Plusieurs fiches existantes correspondent à cette ligne : corrigez-les avant l'import.")

    def get_instance(self, instance_loader, row):
        return instance_loader.get_instance(row)

    def get_queryset(self):
        return super().get_queryset().order_by("pk")

    def row_label(self, row):
        return " ".join(cell_text(row.get(name)) for name in self.key_columns).strip()

    # The import itself

    def before_import(self, dataset, **kwargs):
        self.first_line_of_key = {}
        self.taken_slugs = None
        for field in self.fields.values():
            if isinstance(field.widget, OrganisationWidget):
                field.widget.reset()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        key = self.row_key(row)
        if key is not None:
            line = self.line_of(kwargs["row_number"])
            first_line = self.first_line_of_key.setdefault(key, line)
            if first_line != line:
                message = _("Doublon : la ligne %(line)s du fichier décrit déjà « %(label)s ».") % {
                    "line": first_line,
                    "label": self.row_label(row),
                }
                errors.setdefault(self.duplicate_attribute(key), []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Rows are matched by natural key, and the database still enforces uniqueness: skipping
        # Django's per-row uniqueness queries keeps a long import fast. Likewise, the organisation
        # of a row was found among those read at the start of the import (`OrganisationWidget`):
        # Django's check that it exists would be one more query per row.
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            looked_up = [
                field.attribute
                for field in self.get_import_fields()
                if isinstance(field.widget, OrganisationWidget)
            ]
            try:
                instance.full_clean(exclude=[*errors, *looked_up], validate_unique=False)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # The model's save() would look for a free slug with one query per new record: the slugs
        # are read once, on the first record that needs one, and those given here are added.
        if isinstance(instance, AutoSlugMixin) and not instance.slug:
            if self.taken_slugs is None:
                self.taken_slugs = set(self._meta.model._default_manager.values_list("slug", flat=True))
            instance.slug = first_free_slug(slug_base(instance.name), self.taken_slugs)
            self.taken_slugs.add(instance.slug)

    def do_instance_save(self, instance, is_create):
        # The whole import is one transaction of the runner's, without a savepoint per row (see
        # `runner.run_import`). Only a write can fail in the database: a savepoint around it keeps
        # the transaction usable on PostgreSQL, so the rows after a failing one are still checked.
        with transaction.atomic(using=self.get_db_connection_name()):
            super().do_instance_save(instance, is_create)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.changed_columns = []
        if row_result.import_type == RowResult.IMPORT_TYPE_UPDATE:
            row_result.changed_columns = [
                field.column_name
                for field in self.get_import_fields()
                if field.column_name in row
                and field.get_value(row_result.original) != field.get_value(row_result.instance)
            ]
        if self.on_progress:
            self.on_progress(kwargs["row_number"])
        return row_result

    # The template file

    def template_headers(self):
        return [field.column_name for field in self.get_import_fields()]

    def column_for_attribute(self, attribute):
        field = self.fields.get(attribute)
        if field is not None:
            return field.column_name
        try:
            return str(self._meta.model._meta.get_field(attribute).verbose_name)
        except FieldDoesNotExist:
            return ""


class OrganisationResource(DirectoryResource):
    name = column("name", "nom")
    kind = column("kind", "type", ChoiceWidget(OrganisationKind), default=OrganisationKind.ASSOCIATION)
    website = column("website", "site web")
    city = column("city", "ville")
    territory = column("territory", "territoire")
    is_member = column("is_member", "adhérente", YesNoWidget())
    membership_year = column("membership_year", "année d'adhésion", YearWidget())
    description = column("description", "description")

    required_columns = ("nom",)
    key_columns = ("nom",)
    example = {
        "nom": "Compagnie du Grand Large",
        "type": "Association",
        "site web": "https://www.exemple.fr/",
        "ville": "Nantes",
        "territoire": "Loire-Atlantique",
        "adhérente": "oui",
        "année d'adhésion": "2016",
        "description": "Compagnie de théâtre itinérant.",
    }

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "website",
            "city",
            "territory",
            "is_member",
            "membership_year",
            "description",
        )

    def ambiguous_message(self):
        return _("Plusieurs organisations portent ce nom.")


class PlaceResource(DirectoryResource):
    name = column("name", "nom")
    kind = column("kind", "type", ChoiceWidget(PlaceKind), default=PlaceKind.OTHER)
    status = column("status", "statut", ChoiceWidget(PlaceStatus), default=PlaceStatus.OPEN)
    street_address = column("street_address", "adresse")
    postal_code = column("postal_code", "code postal")
    address_locality = column("address_locality", "ville")
    address_region = column("address_region", "région")
    address_country = column("address_country", "pays", default="FR")
    latitude = column("latitude", "latitude", CoordinateWidget(90))
    longitude = column("longitude", "longitude", CoordinateWidget(180))
    url = column("url", "site web")
    organisation = column("organisation", "structure", OrganisationWidget())
    description = column("description", "description")

    required_columns = ("nom", "ville", "latitude", "longitude")
    key_columns = ("nom", "ville")
    example = {
        "nom": "La Halle Créative",
        "type": "Tiers-lieu culturel",
        "statut": "Ouvert",
        "adresse": "21 rue de la Tour-d'Auvergne",
        "code postal": "44200",
        "ville": "Nantes",
        "région": "Pays de la Loire",
        "pays": "FR",
        "latitude": "47,2065",
        "longitude": "-1,5524",
        "site web": "https://www.exemple.fr/lieu/",
        "structure": "Compagnie du Grand Large",
        "description": "Ancienne halle industrielle : ateliers et studios de répétition.",
    }

    class Meta:
        model = Place
        fields = (
            "name",
            "kind",
            "status",
            "street_address",
            "postal_code",
            "address_locality",
            "address_region",
            "address_country",
            "latitude",
            "longitude",
            "url",
            "organisation",
            "description",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def row_label(self, row):
        return _("%(name)s (%(city)s)") % {
            "name": cell_text(row.get("nom")),
            "city": cell_text(row.get("ville")),
        }

    def ambiguous_message(self):
        return _("Plusieurs lieux portent ce nom dans cette ville : corrigez-les avant l'import.")


class PersonResource(DirectoryResource):
    first_name = column("first_name", "prénom")
    last_name = column("last_name", "nom")
    role_title = column("role_title", "fonction")
    roles = column("roles", "rôles", ChoiceListWidget(PersonRole))
    organisation = column("organisation", "structure", OrganisationWidget())
    bio = column("bio", "présentation")
    publication_consent = column("publication_consent", "consentement", YesNoWidget())
    email = column("email", "courriel")
    email_is_public = column("email_is_public", "courriel public", YesNoWidget())
    phone = column("phone", "téléphone")
    phone_is_public = column("phone_is_public", "téléphone public", YesNoWidget())

    required_columns = ("prénom", "nom")
    key_columns = ("prénom", "nom")
    example = {
        "prénom": "Claire",
        "nom": "Bodin",
        "fonction": "Co-présidente, référente du chantier mutualisation",
        "rôles": "Co-présidence, Membre du CA",
        "structure": "Compagnie du Grand Large",
        "présentation": "Administratrice de compagnie depuis quinze ans.",
        "consentement": "oui",
        "courriel": "claire.bodin@example.org",
        "courriel public": "non",
        "téléphone": "02 61 91 00 01",
        "téléphone public": "non",
    }

    class Meta:
        model = Person
        fields = (
            "first_name",
            "last_name",
            "role_title",
            "roles",
            "organisation",
            "bio",
            "publication_consent",
            "email",
            "email_is_public",
            "phone",
            "phone_is_public",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def row_key(self, row):
        email = normalise(cell_text(row.get("courriel")))
        if email:
            return ("courriel", email)
        names = super().row_key(row)
        return ("nom", *names) if names else None

    def instance_keys(self, instance):
        keys = [("nom", normalise(instance.first_name), normalise(instance.last_name))]
        if instance.email:
            keys.append(("courriel", normalise(instance.email)))
        return keys

    def find_instance(self, index, row):
        key = self.row_key(row)
        if key is None:
            return None
        matches = index.get(key, [])
        if not matches and key[0] == "courriel":
            # Someone first imported without an e-mail address gets one now.
            names = super().row_key(row)
            matches = (
                [person for person in index.get(("nom", *names), []) if not person.email] if names else []
            )
        return self.single(matches)

    def duplicate_attribute(self, key):
        return "email" if key[0] == "courriel" else "first_name"

    def ambiguous_message(self):
        return _("Plusieurs personnes portent ce nom : ajoutez leur courriel pour les distinguer.")


RESOURCES = {
    "people": PersonResource,
    "organisations": OrganisationResource,
    "places": PlaceResource,
}
