"""Benchmark of the /api/v1/ listings against Wagtail's API v2, a naive view and pre-built bytes.

One run builds a throw-away SQLite database (a tenth of the chantiers first, then all of them),
serves the site over real HTTP on 127.0.0.1 with DEBUG=False, and prints a table of queries per
request, median and p95 latency, and the ratios the README reports against. See bench/README.md.
"""

import argparse
import http.client
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results" / "latest.txt"
BATCH = 500

# How long pole_core.cache keeps an answer; 0 stores nothing, so every request is a miss
# that runs the endpoint (the unknown-parameter check forbids a cache-busting query string).
CACHE_SETTING = "POLE_API_SERVER_CACHE_SECONDS"

# Filled once Django is set up: the site's URLs plus the two comparison views of this script.
urlpatterns = []


def configure(workdir):
    """Point Django at a fresh SQLite file and media folder, with production-like DEBUG=False."""
    sys.path[:0] = [str(BASE_DIR / "site"), str(BASE_DIR)]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="pole_site.settings.base",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        CACHE_URL="locmem://",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LOG_LEVEL="ERROR",
    )
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = __name__
    setattr(settings, CACHE_SETTING, 0)


# Data generation


def png(colour, size=(480, 320)):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_images(count, prefix):
    """`count` small PNG images written once to the media storage and inserted in one query."""
    from django.core.files.storage import default_storage
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    collection = Collection.get_first_root_node()
    images = []
    for n in range(count):
        content = png((n * 37 % 256, n * 91 % 256, n * 53 % 256))
        name = default_storage.save(f"original_images/{prefix}-{n}.png", io.BytesIO(content))
        images.append(
            get_image_model()(
                title=f"{prefix} {n}",
                file=name,
                width=480,
                height=320,
                file_size=len(content),
                collection=collection,
            )
        )
    return get_image_model().objects.bulk_create(images)


def make_directory(people_count, places_count, rng):
    from taggit.models import Tag

    from pole_directory.models import Axis, Organisation, Person, PersonRole, Place, PlaceKind
    from pole_directory.models.place import PlaceLabel

    axes = Axis.objects.bulk_create(
        Axis(name=f"Axe {n}", slug=f"axe-{n}", description="Axe d'action du réseau.", sort_order=n)
        for n in range(6)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Structure {n}",
            slug=f"structure-{n}",
            city="Nantes",
            is_member=True,
            membership_year=2020,
            description="Structure adhérente.",
        )
        for n in range(500)
    )
    portraits = make_images(40, "portrait")
    now = datetime.now().astimezone()
    people = Person.objects.bulk_create(
        Person(
            first_name=f"Prénom{n}",
            last_name=f"Nom{n}",
            role_title="Co-présidente" if n < len(portraits) else "Contributrice",
            roles=[PersonRole.CO_PRESIDENT if n < len(portraits) else PersonRole.CONTRIBUTOR],
            organisation=rng.choice(organisations),
            photo=portraits[n] if n < len(portraits) else None,
            bio="Impliquée dans les chantiers du réseau.",
            publication_consent=n % 10 != 9,
            consent_date=now if n % 10 != 9 else None,
        )
        for n in range(people_count)
    )
    places = Place.objects.bulk_create(
        (
            Place(
                name=f"Tiers-lieu {n}",
                slug=f"tiers-lieu-{n}",
                kind=rng.choice(PlaceKind.values),
                description="Ateliers partagés, résidences et apéros du réseau.",
                url="https://www.exemple.fr/",
                organisation=rng.choice(organisations),
                street_address=f"{n} rue de la Fabrique",
                postal_code="44000",
                address_locality="Nantes",
                latitude=Decimal("47.2") + Decimal(rng.randint(-50000, 50000)) / 100000,
                longitude=Decimal("-1.55") + Decimal(rng.randint(-50000, 50000)) / 100000,
            )
            for n in range(places_count)
        ),
        batch_size=BATCH,
    )
    tags = Tag.objects.bulk_create(Tag(name=f"Label {n}", slug=f"label-{n}") for n in range(10))
    PlaceLabel.objects.bulk_create(
        (PlaceLabel(content_object=place, tag=tag) for place in places for tag in rng.sample(tags, 2)),
        batch_size=BATCH,
    )
    return axes, people


def make_site():
    from wagtail.models import Page, Site

    from pole_pages.models import ChantierIndexPage, EventIndexPage, HomePage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Pôle", slug="pole"))
    Site.objects.update(root_page=home)
    chantiers = home.add_child(instance=ChantierIndexPage(title="Chantiers", slug="chantiers"))
    events = home.add_child(instance=EventIndexPage(title="Agenda", slug="agenda"))
    return chantiers, events


def bulk_children(parent, model, fields_of, count):
    """Create `count` published children of `parent` without the per-page cost of add_child().

    The tree columns (path, depth, url_path) are computed here; the base Page rows are inserted
    with bulk_create, then the specific rows with the same keys, as Django cannot bulk-create a
    multi-table child. `fields_of(n)` gives the specific fields of the n-th new page.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from wagtail.models import Locale, Page

    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    published = datetime(2025, 1, 6, 9, 0).astimezone()
    first = parent.numchild + 1
    local_fields = model._meta.local_concrete_fields
    created = []
    for start in range(first, first + count, BATCH):
        numbers = range(start, min(start + BATCH, first + count))
        pages = []
        specifics = []
        for n in numbers:
            fields = fields_of(n)
            slug = f"{model._meta.model_name}-{n}"
            pages.append(
                Page(
                    title=fields.pop("title"),
                    draft_title="",
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(parent.path, parent.depth + 1, n),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug}/",
                    live=True,
                    first_published_at=published,
                    last_published_at=published,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
            specifics.append(fields)
        pages = Page.objects.bulk_create(pages)
        batch = []
        for page, fields in zip(pages, specifics, strict=True):
            specific = model(page_ptr_id=page.pk, title=page.title, **fields)
            batch.append(specific)
        # Private API, on purpose: it inserts the child table's rows only, in one statement.
        model._base_manager._insert(batch, fields=local_fields, using="default")
        created.extend(page.pk for page in pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    Page.objects.filter(pk__in=created).update(draft_title=F("title"))
    return created


def chantier_fields(axes, referents, images, people, rng):
    from pole_pages.choices import (
        ActionStatus,
        Audience,
        DeliverableStatus,
        EventKind,
        Priority,
        ProgressSource,
        TargetPeriod,
    )
    from pole_pages.lifecycle import ChantierStatus

    def block(kind, value):
        return {"type": kind, "value": value, "id": str(uuid.uuid4())}

    def action(n, source):
        return block(
            "action",
            {
                "title": f"Organiser {n + 4} meet-up annuels",
                "axis": rng.choice(axes).pk,
                "owner": rng.choice(people).pk,
                "status": rng.choice(ActionStatus.values),
                "description": "Un meet-up par trimestre dans un tiers-lieu différent.",
                "target": {
                    "minimum": n + 4,
                    "maximum": n + 5,
                    "unit": "meet-up",
                    "period": TargetPeriod.YEAR,
                    "source": source,
                    "event_kind": EventKind.MEETUP if source == ProgressSource.EVENTS else "",
                    "achieved": n,
                },
            },
        )

    def fields_of(n):
        return {
            "title": f"Chantier {n:05d} — {rng.choice(['mobilité', 'emploi', 'communs', 'lieux'])}",
            "intro": "Faciliter la mobilité des artistes et des publics sur le territoire.",
            "image_id": rng.choice(images).pk,
            "status": rng.choice(ChantierStatus.values),
            "proposed_on": date(2024, 9, 12),
            "co_president_referent_id": rng.choice(referents).pk,
            "objectives": [
                block("objective", {"title": f"Objectif {k}", "priority": Priority.HIGH, "description": ""})
                for k in range(3)
            ],
            "deliverables": [
                block(
                    "deliverable",
                    {
                        "title": f"Livrable {k}",
                        "priority": Priority.MEDIUM,
                        "due_date": "2026-06-30",
                        "status": DeliverableStatus.PLANNED,
                        "resource": None,
                    },
                )
                for k in range(2)
            ],
            "actions": [action(0, ProgressSource.MANUAL), action(1, ProgressSource.MANUAL)]
            + [action(2, ProgressSource.EVENTS)],
            "recommendations": [
                block(
                    "recommendation",
                    {"text": "<p>Mutualiser un véhicule.</p>", "audiences": [Audience.MEMBERS]},
                )
            ],
        }

    return fields_of


def add_chantiers(index, count, axes, people, images, rng):
    from pole_pages.models import ChantierPage

    referents = [person for person in people if person.photo_id]
    created = bulk_children(index, ChantierPage, chantier_fields(axes, referents, images, people, rng), count)
    ChantierPage.axes.through.objects.bulk_create(
        (
            ChantierPage.axes.through(chantierpage_id=pk, axis_id=axis.pk)
            for pk in created
            for axis in rng.sample(axes, 2)
        ),
        batch_size=BATCH,
    )
    return created


def add_events(index, count, chantier_ids, rng):
    from pole_directory.models import Place
    from pole_pages.choices import EventKind
    from pole_pages.models import EventPage

    place_ids = list(Place.objects.values_list("pk", flat=True))
    start = datetime(2025, 1, 2, 18, 30).astimezone()

    def fields_of(n):
        begins = start + timedelta(days=n % 700, hours=n % 5)
        return {
            "title": f"Meet-up {n}",
            "kind": rng.choice(EventKind.values),
            "intro": "Un temps d'échange entre les tiers-lieux.",
            "start": begins,
            "end": begins + timedelta(hours=2),
            "time_zone": "Europe/Paris",
            "place_id": rng.choice(place_ids),
            "chantier_id": rng.choice(chantier_ids) if n % 2 else None,
        }

    bulk_children(index, EventPage, fields_of, count)


# Comparison views


def naive_places(request):
    """The map as a first version would write it: one object at a time, queries per place."""
    from django.http import JsonResponse

    from pole_directory.models import Place

    features = [
        {
            "type": "Feature",
            "id": place.pk,
            "geometry": {"type": "Point", "coordinates": [float(place.longitude), float(place.latitude)]},
            "properties": {
                "name": place.name,
                "kind": place.kind,
                "organisation": place.organisation.name if place.organisation else None,
                "labels": [tag.name for tag in place.labels.all()],
            },
        }
        for place in Place.objects.all()
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


PREBUILT = {}


def prebuilt(request):
    """The floor: bytes built before the request, served through the same middleware."""
    from django.http import HttpResponse

    return HttpResponse(PREBUILT["body"], content_type="application/json")


def install_urls():
    from django.urls import include, path

    urlpatterns.extend(
        [
            path("bench/naive-places.geojson", naive_places),
            path("bench/prebuilt/", prebuilt),
            path("", include("pole_site.urls")),
        ]
    )


# Measuring


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    """The site's WSGI application on a free port of 127.0.0.1, in a daemon thread."""
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), WSGIServer, QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {body[:300]!r}")
    return body


def time_requests(port, path, count, warmup=2):
    for _ in range(warmup):
        fetch(port, path)
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        fetch(port, path)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def count_queries(path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


class Table:
    def __init__(self):
        self.rows = {}

    def measure(self, name, port, path, count):
        timings = time_requests(port, path, count)
        # Counted after the warm-up requests, which make the missing renditions once.
        queries = count_queries(path)
        self.rows[name] = {
            "path": path,
            "queries": queries,
            "n": count,
            "median": statistics.median(timings),
            "p95": statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0],
        }
        row = self.rows[name]
        print(f"  {name:<34} {row['median']:9.2f} ms median, {row['queries']} queries", flush=True)

    def ratio(self, slower, faster):
        if slower not in self.rows or faster not in self.rows:
            return None
        return self.rows[slower]["median"] / self.rows[faster]["median"]


def cache_module():
    import importlib.util

    return importlib.util.find_spec("pole_core.cache")


def measure_all(table, port, requests, naive_requests, fields):
    from django.conf import settings

    listing = "/api/v1/chantiers/?limit={}"
    v2 = "/api/v2/pages/?type=pole_pages.ChantierPage&order=title&fields={}&limit={}"
    for limit in (20, 100):
        table.measure(f"v1 chantiers limit={limit}", port, listing.format(limit), requests)
        table.measure(f"v2 pages limit={limit}", port, v2.format(fields, limit), requests)
    table.measure("v1 places.geojson", port, "/api/v1/places.geojson", requests)
    table.measure("naive places.geojson", port, "/bench/naive-places.geojson", naive_requests)
    PREBUILT["body"] = fetch(port, listing.format(20))
    table.measure("pre-built bytes (limit=20)", port, "/bench/prebuilt/", requests)
    if cache_module():
        setattr(settings, CACHE_SETTING, 300)
        try:
            table.measure("v1 chantiers limit=20, cached", port, listing.format(20), requests)
        finally:
            setattr(settings, CACHE_SETTING, 0)


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    return f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}, SQLite"


def report(table, args, small, timings):
    lines = [
        f"Pôle API benchmark — {datetime.now():%Y-%m-%d %H:%M} — {machine()}",
        f"Data: {args.chantiers} chantiers (first measured at {small}), {args.places} places, "
        f"{args.events} events, {args.people} people; generation {timings['small']:.0f} s + "
        f"{timings['full']:.0f} s. Server: wsgiref, one thread, DEBUG=False.",
        f"{CACHE_SETTING}=0 for every row but the cached one."
        + ("" if cache_module() else " No cache module yet (pole_core/cache.py): no cached row."),
        "",
        f"{'endpoint':<36} {'queries':>7} {'n':>4} {'median ms':>10} {'p95 ms':>9}",
    ]
    for name, row in table.rows.items():
        lines.append(
            f"{name:<36} {row['queries']:>7} {row['n']:>4} {row['median']:>10.2f} {row['p95']:>9.2f}"
        )
    lines += ["", f"{'ratio (of medians)':<44} {'value':>8}  target"]
    checks = [
        ("v2 / ours, limit=20", "v2 pages limit=20", "v1 chantiers limit=20", "≥ 10"),
        ("v2 / ours, limit=100", "v2 pages limit=100", "v1 chantiers limit=100", "≥ 10"),
        ("naive / ours, places.geojson", "naive places.geojson", "v1 places.geojson", ""),
        ("cached / pre-built", "v1 chantiers limit=20, cached", "pre-built bytes (limit=20)", "≤ 2"),
        (
            f"{args.chantiers} / {small} chantiers, limit=20",
            "v1 chantiers limit=20",
            f"v1 chantiers limit=20 @ {small}",
            "≤ 1.5",
        ),
    ]
    for label, slower, faster, target in checks:
        value = table.ratio(slower, faster)
        shown = f"{value:8.2f}" if value is not None else "     n/a"
        lines.append(f"{label:<44} {shown}  {target}")
    publish(lines, RESULTS)


def publish(lines, path):
    """Print the result lines and write them to `path` (bench/results/, not versioned)."""
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"Written to {path.relative_to(BASE_DIR)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chantiers", type=int, default=10_000)
    parser.add_argument("--places", type=int, default=5_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per endpoint")
    parser.add_argument("--naive-requests", type=int, default=5, help="timed requests of the naive view")
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument(
        "--keep-db",
        metavar="DIR",
        type=Path,
        help="build the database and media in DIR (new or empty) and keep them",
    )
    kept.add_argument(
        "--reuse-db",
        metavar="DIR",
        type=Path,
        help="measure against what a --keep-db run left in DIR (migrated, not regenerated; "
        "the smaller size is not measured, pass the same sizes as that run)",
    )
    args = parser.parse_args()

    if args.reuse_db:
        reuse(args)
    elif args.keep_db:
        args.keep_db.mkdir(parents=True, exist_ok=True)
        if any(args.keep_db.iterdir()):
            parser.error(f"{args.keep_db} is not empty")
        run(args, args.keep_db.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="pole-bench-") as workdir:
            run(args, Path(workdir))


def reuse(args):
    configure(args.reuse_db.resolve())
    from django.core.management import call_command

    install_urls()
    # Migrations added since the database was built (an index, say) apply; nothing is generated.
    call_command("migrate", verbosity=0)
    port = serve()
    table = Table()
    print(f"Measuring the kept database of {args.reuse_db}…", flush=True)
    measure_all(
        table, port, args.requests, args.naive_requests, "intro,status,axes,image,co_president_referent"
    )
    report(table, args, max(args.chantiers // 10, 1), {"small": 0, "full": 0})


def run(args, workdir):
    configure(workdir)
    from django.core.management import call_command

    install_urls()
    rng = random.Random(2025)
    print("Migrating a fresh SQLite database…", flush=True)
    call_command("migrate", verbosity=0)

    small = max(args.chantiers // 10, 1)
    timings = {}
    started = time.perf_counter()
    axes, people = make_directory(args.people, args.places, rng)
    chantier_index, event_index = make_site()
    images = make_images(60, "chantier")
    chantier_ids = add_chantiers(chantier_index, small, axes, people, images, rng)
    add_events(event_index, args.events, chantier_ids, rng)
    timings["small"] = time.perf_counter() - started
    print(f"Generated {small} chantiers and the rest in {timings['small']:.1f} s", flush=True)

    port = serve()
    table = Table()
    print(f"Measuring at {small} chantiers…", flush=True)
    table.measure(f"v1 chantiers limit=20 @ {small}", port, "/api/v1/chantiers/?limit=20", args.requests)

    started = time.perf_counter()
    add_chantiers(chantier_index, args.chantiers - small, axes, people, images, rng)
    timings["full"] = time.perf_counter() - started
    print(f"Grew to {args.chantiers} chantiers in {timings['full']:.1f} s", flush=True)

    print(f"Measuring at {args.chantiers} chantiers…", flush=True)
    fields = "intro,status,axes,image,co_president_referent"
    measure_all(table, port, args.requests, args.naive_requests, fields)
    report(table, args, small, timings)


if __name__ == "__main__":
    main()
