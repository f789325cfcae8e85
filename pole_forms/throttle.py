"""Counting attempts in fixed windows, exactly, however many server processes count at once.

A window is one period long and aligned on multiples of the period since the Unix epoch (with the
default `10/600`: 10:00–10:10, 10:10–10:20…): every attempt in it counts, and the first attempt
over the limit waits until the window ends, which `Retry-After` tells. Each count is one atomic
operation of the engine that holds it:

- Redis, when Django's `default` cache is Redis: `add` (SET NX) then `incr` (INCR) of a key named
  after the window, which expires after it;
- otherwise the database (SQLite or PostgreSQL): one `INSERT … ON CONFLICT DO UPDATE SET hits =
  hits + 1 RETURNING hits` on the `ThrottleWindow` table. The database cache cannot do this: its
  `add` and `incr` are separate reads and writes, and parallel attempts overwrite each other's count.
"""

import math
import time
from typing import NamedTuple

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router

from .models.throttle import ThrottleWindow


class Verdict(NamedTuple):
    allowed: bool
    # Seconds until the window ends and the count starts again.
    retry_after: int


def attempt(key, limit, period):
    """Count one attempt under `key`: allowed while the window holds at most `limit` of them."""
    now = time.time()
    ends_at = (int(now // period) + 1) * period
    count = count_in_cache if isinstance(cache, RedisCache) else count_in_database
    hits = count(key, ends_at, now)
    return Verdict(hits <= limit, max(1, math.ceil(ends_at - now)))


def count_in_cache(key, ends_at, now):
    cache_key = f"pole_forms:throttle:{key}:{ends_at}"
    # The key outlives its window by a margin, so that it cannot expire between add() and incr().
    timeout = math.ceil(ends_at - now) + 60
    if cache.add(cache_key, 1, timeout):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # evicted by a full Redis since add(): its count is lost, this attempt starts again
        cache.set(cache_key, 1, timeout)
        return 1


def count_in_database(key, ends_at, now):
    connection = connections[router.db_for_write(ThrottleWindow)]
    quote = connection.ops.quote_name
    table = quote(ThrottleWindow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('key')}, {quote('ends_at')}, {quote('hits')}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({quote('key')}, {quote('ends_at')}) "
            f"DO UPDATE SET {quote('hits')} = {table}.{quote('hits')} + 1 RETURNING {quote('hits')}",
            [key, ends_at],
        )
        (hits,) = cursor.fetchone()
    if hits == 1:
        # A new window for this key: the table drops the windows that are over as it grows.
        ThrottleWindow.objects.filter(ends_at__lte=now).delete()
    return hits
