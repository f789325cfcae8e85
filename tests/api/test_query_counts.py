"""The query counts of the README's performance table, in the conditions of `bench/api_bench.py`:
the cache in memory (`CACHE_URL=locmem://`) and the server-side store off but for the cached row."""

import pytest
from django.core.cache import caches

from tests.factories import AxisFactory, ChantierPageFactory, ImageFactory, PersonFactory, PlaceFactory

# The README's numbers.
CHANTIER_LISTING_QUERIES = 7
# The places and their labels, then the site's map page for each place's `page_url` (the site, its
# view restrictions, the map page).
PLACES_GEOJSON_QUERIES = 5
CACHED_LISTING_QUERIES = 0


@pytest.fixture
def bench_conditions(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"},
    }
    settings.POLE_API_SERVER_CACHE_SECONDS = 0
    yield
    caches["default"].clear()


@pytest.fixture
def chantiers(chantier_index):
    """30 chantiers with an image, three axes and a referent with a photo, as the bench's."""
    axes = AxisFactory.create_batch(3)
    return [
        ChantierPageFactory(
            parent=chantier_index,
            title=f"Chantier {number:02d}",
            image=ImageFactory(),
            co_president_referent=PersonFactory(with_photo=True),
            axes=axes,
        )
        for number in range(30)
    ]


@pytest.mark.parametrize("limit", [20, 100])
def test_chantier_listing_makes_the_readme_number_of_queries_whatever_the_limit(
    client, bench_conditions, chantiers, assert_max_queries, limit
):
    assert_max_queries(CHANTIER_LISTING_QUERIES, client.get, f"/api/v1/chantiers/?limit={limit}")


def test_places_geojson_makes_the_readme_number_of_queries(client, db, bench_conditions, assert_max_queries):
    for _ in range(30):
        PlaceFactory(image=ImageFactory())
    assert_max_queries(PLACES_GEOJSON_QUERIES, client.get, "/api/v1/places.geojson")


def test_cached_chantier_listing_makes_the_readme_number_of_queries(
    client, bench_conditions, chantiers, settings, assert_max_queries
):
    settings.POLE_API_SERVER_CACHE_SECONDS = 300
    assert_max_queries(CACHED_LISTING_QUERIES, client.get, "/api/v1/chantiers/?limit=20")
