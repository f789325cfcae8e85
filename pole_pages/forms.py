from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from . import lifecycle


class ChantierPageForm(WagtailAdminPageForm):
    """The chantier edit form: the steps the board alone decides cannot be picked here."""

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if status:
            try:
                lifecycle.check_board_step(self.instance.saved_status(), status)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data
