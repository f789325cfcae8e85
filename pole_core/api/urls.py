"""Where the host project mounts Pôle's API: one URL namespace, the `POLE_API_NAMESPACE` setting.

The reference project mounts it as `api-v1` at `/api/v1/`; a host project may mount it elsewhere
under another namespace and set `POLE_API_NAMESPACE` to match.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

DEFAULT_NAMESPACE = "api-v1"


def api_namespace():
    return getattr(settings, "POLE_API_NAMESPACE", DEFAULT_NAMESPACE)


def api_url_name(name):
    """The full URL name of the API route `name`, for `reverse`."""
    return f"{api_namespace()}:{name}"


def api_path(name, *args, **kwargs):
    """The path of the API route `name`, or None when the project does not mount Pôle's API."""
    try:
        return reverse(api_url_name(name), args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
