"""The cache in front (Varnish), emptied of what each change makes stale, through Wagtail's frontend cache.

`purge_on_content_changed` receives ``content_changed`` (`pole_core.content`), once per change or
per batch, when ``WAGTAILFRONTENDCACHE`` names a backend (see the README, "Cache in front"):

- a page published, unpublished or deleted: its URLs, those of its ancestors (the listings, the
  home page) and the site-wide paths of ``POLE_FRONTEND_CACHE_SITE_PATHS`` (sitemap, feeds) of its
  site are purged, through Wagtail's `PurgeBatch`;
- the API answers depend on many records: the prefixes of ``POLE_FRONTEND_CACHE_BAN_PREFIXES``
  (default: the API's) are banned once per signal;
- a change seen on every page (a home or menu-level page, a moved page, whose old URLs are gone,
  or any other record: a person, a place, the network settings, an image) bans everything.

Purges and bans are background tasks, enqueued once the transaction commits, so that the next
request finds the new content. Wagtail's `wagtail.contrib.frontend_cache` app is not installed:
its own ``page_published`` receiver would purge a second time, outside this one hub.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django_tasks import task
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends

from .content import PAGE_MOVED

logger = logging.getLogger(__name__)

EVERYTHING = "/"
TIMEOUT_SECONDS = 10


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP backend (one PURGE per URL), able to BAN a path prefix too (site/varnish/pole.vcl)."""

    def ban(self, prefix):
        """Drop every cached answer whose path starts with `prefix`, on every host."""
        request = Request(
            f"{self.cache_scheme}://{self.cache_netloc}{prefix}",
            method="BAN",
            headers={"User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS):
                pass
        except (HTTPError, URLError, TimeoutError) as error:
            logger.error("Could not ban %s from the frontend cache: %s", prefix, error)


@task()
def ban_prefixes(prefixes):
    """BAN each path prefix on every configured backend that can (`VarnishBackend`)."""
    for backend in get_backends().values():
        if isinstance(backend, VarnishBackend):
            for prefix in prefixes:
                backend.ban(prefix)


def site_paths():
    """Paths under each site's root listing all its pages (the sitemap, the feeds)."""
    return getattr(settings, "POLE_FRONTEND_CACHE_SITE_PATHS", ["/sitemap.xml"])


def ban_prefixes_setting():
    """Path prefixes of answers built from many records, banned on every change."""
    default = [getattr(settings, "POLE_API_CACHE_PREFIX", "/api/v1/")]
    return getattr(settings, "POLE_FRONTEND_CACHE_BAN_PREFIXES", default)


def stale_after(changes):
    """What `changes` make stale: a `PurgeBatch` of page URLs and the path prefixes to ban."""
    batch = PurgeBatch()
    sites = {}
    for change in changes:
        if not change.is_page or change.event == PAGE_MOVED:
            return PurgeBatch(), [EVERYTHING]
        page = change.instance
        url_parts = page.get_url_parts(batch)
        if url_parts is None or url_parts[1] is None:
            continue
        _site_id, root_url, page_path = url_parts
        # The home page and the pages right under it (the menu) show on every page of the site.
        if page_path.count("/") <= 2:
            return PurgeBatch(), [EVERYTHING]
        batch.add_page(page)
        batch.add_pages(page.get_ancestors().filter(depth__gt=1))
        sites[root_url] = None
    batch.add_urls(root_url + path for root_url in sites for path in site_paths())
    return batch, ban_prefixes_setting()


def purge_on_content_changed(sender, changes, **kwargs):
    """Receiver of ``content_changed``: purge and ban what `changes` made stale, after the commit."""
    if not get_backends():
        return
    batch, prefixes = stale_after(changes)

    def purge():
        batch.purge()
        ban_prefixes.enqueue(prefixes)

    transaction.on_commit(purge, robust=True)
