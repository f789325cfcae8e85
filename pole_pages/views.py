"""Admin views of the pages app."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from wagtail.models import Page

from . import preview


def front_end_preview(request, page_id):
    """Send an editor of the page to the front-end's preview of its draft, with a fresh token."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    url = preview.front_end_url(page)
    if url is None:
        raise Http404
    return redirect(url)
