"""Posting Wagtail's admin forms from tests, as a browser would."""

from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


def page_edit_form_data(client, page):
    """The edit form of `page` as the admin draws it, ready to be changed and posted."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    # StreamFields are drawn by JavaScript: an empty stream is posted as a zero count.
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = "0"
    return data
