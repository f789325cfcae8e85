from django import template

from pole_core.api.urls import api_path as _api_path

register = template.Library()


@register.simple_tag
def api_path(name, **kwargs):
    """`{% api_path "event_ical" page_id=page.pk as url %}`: empty when the project does not serve Pôle's API."""
    return _api_path(name, **kwargs) or ""
