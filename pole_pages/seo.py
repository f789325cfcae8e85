"""What search engines and link previews read: descriptions, Open Graph types and schema.org JSON-LD.

Pure functions: they take model instances and already-built absolute URLs and return plain data,
so templates, feeds and tests share them without a request.
"""

import html
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .models import HomePage
from .models.listing import ListingPage

SCHEMA_ORG = "https://schema.org"
DESCRIPTION_LENGTH = 160
# The size Open Graph and Twitter cards display best (1.91:1).
SOCIAL_IMAGE_SPEC = "fill-1200x630"
# Languages whose Open Graph locale is not simply xx_XX.
OG_LOCALES = {"en": "en_GB"}
# What json_script escapes: a value can then never close the <script> element nor open a comment.
# Where rich text's blocks end: a space there keeps « fin.</p><p>Début » as two words.
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def plain_text(text, length=DESCRIPTION_LENGTH):
    """Text or rich text as one plain line of at most `length` characters."""
    text = html.unescape(strip_tags(BLOCK_END.sub(" ", str(text or ""))))
    return Truncator(" ".join(text.split())).chars(length)


def description_of(subject, length=DESCRIPTION_LENGTH):
    """The page's search description, else its intro or a place's description, as plain text."""
    for name in ("search_description", "intro", "description"):
        text = plain_text(getattr(subject, name, ""), length)
        if text:
            return text
    return ""


def og_type(subject):
    """`website` for the home page and the listings, `article` for a page or place of its own."""
    return "website" if isinstance(subject, HomePage | ListingPage) else "article"


def og_locale(language_code):
    """The Open Graph locale of a language code: fr → fr_FR, fr-ca → fr_CA."""
    language, _dash, region = language_code.lower().partition("-")
    if region:
        return f"{language}_{region.upper()}"
    return OG_LOCALES.get(language, f"{language}_{language.upper()}")


def compact(data):
    """`data` without its empty values, so the JSON-LD states only what is known."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def postal_address(place):
    return compact(
        {
            "@type": "PostalAddress",
            "streetAddress": place.street_address,
            "postalCode": place.postal_code,
            "addressLocality": place.address_locality,
            "addressRegion": place.address_region,
            "addressCountry": place.address_country,
        }
    )


def place_data(place, url=None):
    """A directory place as a schema.org Place, with its postal address and coordinates."""
    return compact(
        {
            "@type": "Place",
            "name": place.name,
            "description": plain_text(place.description, 500),
            "address": postal_address(place),
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(place.latitude),
                "longitude": float(place.longitude),
            },
            "url": url,
            "sameAs": place.url,
        }
    )


def organization_data(network, name, url, logo_url=None):
    """The network as a schema.org Organization, from its NetworkSettings.

    The e-mail address and phone number are the public contact ones printed in the site's footer.
    """
    return compact(
        {
            "@type": "Organization",
            "name": network.organisation_name or name,
            "url": url,
            "logo": logo_url,
            "email": network.contact_email,
            "telephone": network.phone,
            "address": ", ".join(line.strip() for line in network.address.splitlines() if line.strip()),
            "sameAs": [link for link in (network.mastodon_url, network.linkedin_url) if link],
        }
    )


def attendance_mode(event):
    on_site = bool(event.place_id or event.address)
    if event.online_url:
        mode = "MixedEventAttendanceMode" if on_site else "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    return f"{SCHEMA_ORG}/{mode}"


def event_locations(event, place_url=None):
    locations = []
    if event.place_id:
        locations.append(place_data(event.place, place_url))
    elif event.address:
        locations.append({"@type": "Place", "name": event.address, "address": event.address})
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    return locations


def event_dates(event, start):
    """(startDate, endDate) of the occurrence starting at `start`, in the event's time zone.

    All-day events give dates; others give datetimes with their UTC offset.
    """
    rule = event.recurrence_rule
    local_start = start.astimezone(rule.time_zone)
    local_end = rule.end_of(start)
    if event.all_day:
        return local_start.date().isoformat(), local_end.date().isoformat() if local_end else None
    return local_start.isoformat(), local_end.isoformat() if local_end else None


def event_data(event, url, organizer=None, place_url=None, now=None):
    """An event page as a schema.org Event.

    A recurring event is dated by its next occurrence (its first one once none is left) and
    describes its repetition in `eventSchedule`.
    """
    upcoming = event.next_occurrences(1, now)
    start_date, end_date = event_dates(event, upcoming[0] if upcoming else event.start)
    locations = event_locations(event, place_url)
    return compact(
        {
            "@type": "Event",
            "name": event.title,
            "description": description_of(event, 500),
            "startDate": start_date,
            "endDate": end_date,
            "eventAttendanceMode": attendance_mode(event),
            "eventSchedule": event.recurrence_rule.schedule(),
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": organizer,
            "url": url,
        }
    )


def document(data):
    """`data` as a top-level JSON-LD document."""
    return {"@context": SCHEMA_ORG, **data}


def json_ld_script(data):
    """A <script type="application/ld+json"> holding `data`, escaped as json_script escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
