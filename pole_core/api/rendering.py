"""JSON as the API renders it."""

from django.http import HttpResponse
from ninja.renderers import JSONRenderer


class UnicodeJSONRenderer(JSONRenderer):
    """JSON in UTF-8 as it reads ("mobilité", not "mobilit\\u00e9"): French text stays short and legible."""

    json_dumps_params = {"ensure_ascii": False}


def unvalidated_json(request, data):
    """`data` rendered as the API renders JSON, without django-ninja validating it.

    For listings whose builders already give the documented shape (the endpoint's `response`
    schema stays in the OpenAPI document): validating a hundred nested items costs more than
    building them.
    """
    renderer = UnicodeJSONRenderer()
    return HttpResponse(
        renderer.render(request, data, response_status=200),
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )
