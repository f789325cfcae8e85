"""Cell readers for spreadsheets kept by French-speaking editors: labels, "oui"/"non", decimal commas.

Each widget raises `ValueError` with a French message; django-import-export turns it into a
validation error attached to the column.
"""

import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from import_export.widgets import Widget

from ..models import Organisation


def normalise(text):
    """Lower case, no accents, single spaces: how two spellings of a header or a name are compared."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


def cell_text(value):
    """A cell as text: spreadsheets give numbers for postal codes and years (44000, 2016.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(Widget):
    """Text without the spaces around it; an empty cell is an empty text."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ChoiceWidget(Widget):
    """One value of a `TextChoices`, given by its French label ("Ouvert") or its value ("open")."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.lookups = {}

    def lookup(self):
        # Built once per language rather than for each cell: a long import reads thousands of them.
        language = translation.get_language()
        accepted = self.lookups.get(language)
        if accepted is None:
            accepted = {}
            for value, label in self.choices.choices:
                accepted[normalise(value)] = value
                accepted[normalise(label)] = value
                with translation.override("fr"):
                    accepted[normalise(label)] = value
            self.lookups[language] = accepted
        return accepted

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            return self.lookup()[normalise(text)]
        except KeyError:
            raise ValueError(self.invalid_message(text)) from None

    def invalid_message(self, text):
        return _("« %(value)s » n'est pas un choix possible. Choix possibles : %(choices)s.") % {
            "value": text,
            "choices": ", ".join(str(label) for label in self.choices.labels),
        }

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class ChoiceListWidget(ChoiceWidget):
    """Several choices in one cell, separated by commas or semicolons ("Co-présidence, Membre du CA")."""

    def clean(self, value, row=None, **kwargs):
        accepted = self.lookup()
        chosen = set()
        for item in cell_text(value).replace(";", ",").split(","):
            if not item.strip():
                continue
            try:
                chosen.add(accepted[normalise(item)])
            except KeyError:
                raise ValueError(self.invalid_message(item.strip())) from None
        # The order of the choices, so that the same cell always gives the same list.
        return [value for value in self.choices.values if value in chosen]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(str(self.choices(item).label) for item in value or [])


class YesNoWidget(Widget):
    """A checkbox: "oui" / "non" (also "x", "vrai", "1"…); an empty cell means no."""

    YES = {"oui", "o", "x", "vrai", "1", "true", "yes"}
    NO = {"non", "n", "faux", "0", "false", "no", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = normalise(cell_text(value))
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("« %(value)s » : répondez par oui ou non.") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        return _("oui") if value else _("non")


class YearWidget(Widget):
    """A year such as 2016; an empty cell means none."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("« %(value)s » n'est pas une année, par exemple 2016.") % {"value": text})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CoordinateWidget(Widget):
    """A latitude or a longitude in decimal degrees; "47,218371" and "47.218371" are both read."""

    STEP = Decimal("0.000001")

    def __init__(self, limit, **kwargs):
        super().__init__(**kwargs)
        self.limit = Decimal(limit)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                _("« %(value)s » n'est pas un nombre décimal, par exemple 47,218371.") % {"value": value}
            ) from None
        if not number.is_finite() or abs(number) > self.limit:
            raise ValueError(
                _("%(value)s est hors des limites : entre -%(limit)s et %(limit)s.")
                % {"value": value, "limit": self.limit}
            )
        # The database keeps six decimals: rounding here keeps re-imports unchanged.
        return number.quantize(self.STEP)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class OrganisationWidget(Widget):
    """The organisation given by its name; an unknown name is an error on the row.

    The names are read once per import (one query), however many rows refer to them.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.by_name = None

    def reset(self):
        self.by_name = None

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if not name:
            return None
        if self.by_name is None:
            self.by_name = {normalise(obj.name): obj for obj in Organisation.objects.all()}
        try:
            return self.by_name[normalise(name)]
        except KeyError:
            raise ValueError(
                _("Organisation inconnue : « %(name)s ». Créez-la d'abord, ou importez les organisations.")
                % {"name": name}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""
