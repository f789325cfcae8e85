"""Template tags of the accounts' pages: where a visitor was going, and how to join the network."""

from urllib.parse import urlsplit

from django import template
from django.http import Http404
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import BaseViewRestriction, Site

from ..conf import setting

register = template.Library()

# A shared password is not membership: only these restrictions mean « reserved to members ».
MEMBERS_RESTRICTIONS = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


@register.simple_tag(takes_context=True)
def members_only_destination(context, next_url):
    """The title of the members-only page, document or space `next_url` leads to, else ""."""
    request = context.get("request")
    if request is None or not next_url:
        return ""
    path = urlsplit(next_url).path
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    if match.namespace == "pole_members":
        return _("Mon espace")
    if match.url_name == "wagtail_serve":
        page = _page_at(request, path)
        return page.title if page and _is_members_only(page) else ""
    if match.url_name == "wagtaildocs_serve":
        document = get_document_model().objects.select_related("collection").filter(pk=match.args[0]).first()
        return document.title if document and _is_members_only(document.collection) else ""
    return ""


def _page_at(request, path):
    # Not Page.find_for_request: it caches its answer on the request, which is the login page's.
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        return site.root_page.localized.specific.route(
            request, [part for part in path.split("/") if part]
        ).page
    except Http404:
        return None


def _is_members_only(item):
    return any(
        restriction.restriction_type in MEMBERS_RESTRICTIONS for restriction in item.get_view_restrictions()
    )


@register.simple_tag
def join_url():
    """The address of the join-request page when visitors may ask to join (a setting), else ""."""
    if not setting("POLE_MEMBERS_JOIN_REQUESTS"):
        return ""
    try:
        return reverse("pole_members:join")
    except NoReverseMatch:
        return ""
