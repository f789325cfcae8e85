"""Template tags for search engines and link previews: `{% page_seo %}` and `{% json_ld obj %}`."""

from urllib.parse import urljoin

from django import template
from django.utils.translation import get_language
from wagtail.models import Page

from pole_core.site_urls import request_origin
from pole_directory.models import Place

from .. import seo
from ..models import EventPage, HomePage, NetworkSettings
from .pole_tags import site_name

register = template.Library()


def absolute_url(request, url):
    return request.build_absolute_uri(url) if url else ""


def canonical_url(request, page):
    """The page's full URL, or the URL of one of its routes (a place under the map) when serving one."""
    page_url = page.get_full_url(request)
    if page_url is None or request is None or request.path == page.get_url(request):
        return page_url
    return urljoin(page_url, request.path)


def subject_of(context):
    """What the page being rendered is about: a place served by the map page, or the page itself."""
    place = context.get("place")
    return place if isinstance(place, Place) else context.get("page")


def social_image(context, subject):
    """The subject's main image, reusing the one the view prepared (its renditions prefetched)."""
    if context.get("hero_image") is not None:
        return context["hero_image"]
    return getattr(subject, "image", None)


@register.simple_tag(takes_context=True)
def page_seo(context):
    """What the <head> says of the page: {subject, title, description, canonical, type, image…}, or {}
    without a page. The subject is the page, or the place a map page is showing.

    `{% page_seo as seo %}` then `{{ seo.description }}`, `{{ seo.canonical }}`…
    """
    request, page = context.get("request"), context.get("page")
    if request is None or not isinstance(page, Page):
        return {}
    subject = subject_of(context)
    title = subject.name if isinstance(subject, Place) else (page.seo_title or page.title)
    data = {
        "subject": subject,
        "title": title,
        "description": seo.description_of(subject),
        "canonical": canonical_url(request, page),
        "type": seo.og_type(subject),
        "locale": seo.og_locale(get_language() or "fr"),
        "site_name": site_name(context),
    }
    image = social_image(context, subject)
    if image is not None:
        rendition = image.get_rendition(seo.SOCIAL_IMAGE_SPEC)
        data.update(
            image_url=absolute_url(request, rendition.url),
            image_width=rendition.width,
            image_height=rendition.height,
            image_alt=rendition.alt,
        )
    return data


def network_organization(context, request, url=None):
    network = NetworkSettings.for_request(request)
    logo = network.logo_rendition
    return seo.organization_data(
        network, site_name(context), url, logo_url=absolute_url(request, logo.url) if logo else None
    )


def place_page_url(context, request, place):
    """The full URL of a place's page under the map page being rendered, if it has such pages."""
    page = context.get("page")
    if not hasattr(page, "place_url"):
        return None
    return urljoin(page.get_full_url(request), page.place_url(place, request))


@register.simple_tag(takes_context=True)
def json_ld(context, obj, url=None):
    """schema.org JSON-LD for an event page (Event), the home page (the network's Organization) or a
    directory place (Place); nothing for other objects.

    `url` is the object's address when it is not the current page's (a place listed elsewhere).
    """
    request = context.get("request")
    if request is None or obj is None:
        return ""
    if isinstance(obj, EventPage):
        data = seo.event_data(
            obj,
            url or obj.get_full_url(request),
            organizer=network_organization(context, request, request_origin(request) + "/"),
        )
    elif isinstance(obj, HomePage):
        data = network_organization(context, request, url or obj.get_full_url(request))
    elif isinstance(obj, Place):
        data = seo.place_data(obj, url or place_page_url(context, request, obj))
    else:
        return ""
    return seo.json_ld_script(seo.document(data))
