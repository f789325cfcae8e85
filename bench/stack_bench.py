"""Throughput of the production stack over real HTTP: one app server, two, and Varnish in front.

One run builds a throw-away SQLite database with api_bench.py's generator, collects the static
files with the production settings, starts two gunicorn app servers from site/gunicorn.conf.py
(production settings, Redis cache) and varnishd with site/varnish/pole.vcl in front of both, then
drives locust (headless, its library API, in a child process) at each concurrency against each
endpoint and a static file served by WhiteNoise. Prints and writes a table of requests/s, p50/p99
and errors, the ratios within the run, and the memory of the app workers. See bench/README.md.
"""

import argparse
import json
import math
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results" / "stack-latest.txt"
REDIS_URL = "redis://127.0.0.1:6379/7"
SETUPS = ("one", "two", "varnish")
SETUP_LABELS = {
    "one": "direct, 1 app server",
    "two": "direct, 2 app servers (round robin per request)",
    "varnish": "Varnish (pole.vcl) in front of both, warmed: hits",
}
# Behind the TLS terminator of a real deployment: the production settings redirect plain HTTP.
HEADERS = {"X-Forwarded-Proto": "https"}
WARMUP_REQUESTS = 3


# The stack


def generate(args, workdir):
    """The database of api_bench.py's generator, plus a map page; the paths to measure."""
    import api_bench

    api_bench.configure(workdir)
    api_bench.install_urls()
    from django.core.management import call_command

    from pole_pages.models import MapPage

    rng = random.Random(2025)
    call_command("migrate", verbosity=0)
    axes, people = api_bench.make_directory(args.people, args.places, rng)
    chantier_index, event_index = api_bench.make_site()
    images = api_bench.make_images(60, "chantier")
    chantier_ids = api_bench.add_chantiers(chantier_index, args.chantiers, axes, people, images, rng)
    api_bench.add_events(event_index, args.events, chantier_ids, rng)
    home = chantier_index.get_parent()
    map_page = home.add_child(instance=MapPage(title="Carte des tiers-lieux", slug="carte"))
    return {
        "chantier listing": "/api/v1/chantiers/",
        "chantier detail": f"/api/v1/chantiers/{chantier_ids[len(chantier_ids) // 2]}/",
        "places.geojson": "/api/v1/places.geojson",
        "home page": "/",
        "map page": map_page.url,
    }


def production_env(workdir, args, **extra):
    """The environment of the README's Deploy section for this run's database, media and Redis DB."""
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="pole_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        STATIC_ROOT=str(args.static_root or workdir / "static"),
        CACHE_URL=REDIS_URL,
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    for name in ("DEBUG", "SQLITE_PATH"):
        env.pop(name, None)
    if args.no_server_cache:
        env["POLE_API_SERVER_CACHE_SECONDS"] = "0"
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.max_requests is not None:
        env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
    return env


def collectstatic(env):
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--no-input", "--verbosity", "0"],
        env=env,
        check=True,
    )


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def fail(reason):
    raise SystemExit(reason)


def start_stack(workdir, args):
    """Two gunicorn app servers (site/gunicorn.conf.py) and varnishd in front of them."""
    from tests.ports import free_port
    from tests.stack.conftest import ServerProcess, find_varnishd, varnish_command

    varnishd = find_varnishd()
    if varnishd is None:
        fail("varnishd is missing (Debian's `varnish` package)")
    varnish_port = free_port()
    common = {"FRONTEND_CACHE_URL": f"http://127.0.0.1:{varnish_port}", "TRUSTED_PROXY_COUNT": "1"}
    if not (args.static_root and (args.static_root / "staticfiles.json").exists()):
        collectstatic(production_env(workdir, args, **common))
    flush_redis()
    servers, ports = [], []
    for name in ("a", "b"):
        port = free_port()
        ports.append(port)
        servers.append(
            ServerProcess(
                f"app server {name}",
                f"http://127.0.0.1:{port}",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    str(BASE_DIR / "site" / "gunicorn.conf.py"),
                    "pole_site.wsgi",
                ],
                workdir / f"gunicorn-{name}.log",
                env=production_env(workdir, args, GUNICORN_BIND=f"127.0.0.1:{port}", **common),
            )
        )
    for server in servers:
        server.wait_until_answering("/health/live/", on_failure=fail)
    (workdir / "varnish").mkdir()
    varnish = ServerProcess(
        "Varnish",
        f"http://127.0.0.1:{varnish_port}",
        varnish_command(varnishd, varnish_port, ports, workdir / "varnish"),
        workdir / "varnish" / "varnishd.log",
    )
    varnish.wait_until_answering("/health/live/", on_failure=fail)
    return servers, varnish


def static_path(base_url):
    """The stylesheet the home page links: a hashed name collected by the production storage."""
    import re
    import urllib.request

    request = urllib.request.Request(f"{base_url}/", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=60) as response:
        html = response.read().decode()
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)


def worker_memory(server):
    """VmRSS and VmHWM (peak) in MiB of each worker process (the gunicorn master's children)."""
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    memory = []
    for pid in children:
        fields = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
        )
        memory.append({key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")})
    return memory


def worker_boots(server):
    return server.log_tail(10**9).count("Booting worker with pid")


# The load (child process: locust monkey-patches the standard library when imported)


def run_load(plan_path, result_path):
    """Run every cell of the plan with locust's library API; write one result per cell."""
    import gevent
    from locust import constant, task
    from locust.contrib.fasthttp import FastHttpUser
    from locust.env import Environment

    plan = json.loads(Path(plan_path).read_text())
    samples = []

    def on_request(response_time, response, exception, start_time, **_kwargs):
        status = getattr(response, "status_code", 0) or 0
        cache = response.headers.get("X-Cache", "") if response is not None and status else ""
        samples.append((start_time + response_time / 1000, response_time, status, cache))

    def get(url):
        import urllib.request

        with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS), timeout=300) as response:
            response.read()
            return response.headers.get("X-Cache")

    def warm(hosts, path, expect_hits):
        for _ in range(WARMUP_REQUESTS):
            for host in hosts:
                cache = get(host + path)
        if expect_hits and cache != "hit":
            print(f"  warning: {path} is not a Varnish hit after warming (X-Cache: {cache})", flush=True)

    results = []
    for cell in plan["cells"]:
        cell_clock = time.monotonic()
        if cell["warm"]:
            warm(cell["hosts"], cell["path"], cell["setup"] == "varnish")

        class Visitor(FastHttpUser):
            host = cell["hosts"][0]
            wait_time = constant(0)
            default_headers = HEADERS
            hosts = cell["hosts"]
            path = cell["path"]

            def on_start(self):
                self.turn = 0

            @task
            def get(self):
                # Each visitor sends its requests to the app servers in turn, as a balancer would.
                host = self.hosts[self.turn % len(self.hosts)]
                self.turn += 1
                self.client.get(host + self.path, name=self.path)

        environment = Environment(user_classes=[Visitor])
        environment.events.request.add_listener(on_request)
        runner = environment.create_local_runner()
        runner.start(cell["users"], spawn_rate=100)
        runner.spawning_greenlet.join()
        gevent.sleep(0.3)
        samples.clear()
        started, cpu = time.time(), time.process_time()
        gevent.sleep(cell["seconds"])
        ended, cpu = time.time(), time.process_time() - cpu
        done = [sample for sample in samples if sample[0] <= ended]
        runner.quit()
        environment.events.request.remove_listener(on_request)
        # The stopped users' requests still wait in the servers' listen queues: let the servers
        # answer them before the next cell, so that it does not measure this one's leftovers.
        for host in cell["hosts"]:
            get(host + "/health/live/")
        times = sorted(sample[1] for sample in done)
        results.append(
            {
                **cell,
                "requests": len(done),
                "rps": len(done) / (ended - started),
                "p50": percentile(times, 0.50),
                "p99": percentile(times, 0.99),
                "5xx": sum(1 for sample in done if sample[2] >= 500),
                "other errors": sum(1 for sample in done if sample[2] < 500 and sample[2] != 200),
                "hits": sum(1 for sample in done if sample[3] == "hit"),
                "client cpu": cpu / (ended - started),
            }
        )
        row = results[-1]
        print(
            f"  {cell['setup']:<8} {cell['endpoint']:<17} c={cell['users']:<3} {row['rps']:8.1f} req/s"
            f"  p50 {row['p50']:7.1f} ms  p99 {row['p99']:7.1f} ms  5xx {row['5xx']}"
            f"  ({time.monotonic() - cell_clock:.1f} s)",
            flush=True,
        )
    Path(result_path).write_text(json.dumps(results))


def percentile(values, fraction):
    """The nearest-rank percentile of sorted `values` (nan when there are none)."""
    if not values:
        return float("nan")
    return values[max(0, math.ceil(fraction * len(values)) - 1)]


def measure(plan, workdir):
    plan_path, result_path = workdir / "plan.json", workdir / "results.json"
    plan_path.write_text(json.dumps(plan))
    subprocess.run([sys.executable, __file__, "--run-load", str(plan_path), str(result_path)], check=True)
    return json.loads(result_path.read_text())


def make_plan(args, servers, varnish, paths):
    hosts = {"one": [servers[0].url], "two": [s.url for s in servers], "varnish": [varnish.url]}
    cells = []
    for setup in SETUPS:
        for endpoint, path in paths.items():
            first = True
            for users in args.concurrency:
                for _ in range(args.repeat):
                    cells.append(
                        {
                            "setup": setup,
                            "endpoint": endpoint,
                            "path": path,
                            "hosts": hosts[setup],
                            "users": users,
                            "seconds": args.seconds,
                            "warm": first,
                        }
                    )
                    first = False
    return {"cells": cells}


# The report


def summarise(results):
    """One row per (setup, endpoint, concurrency): medians over repeats, with the req/s range."""
    rows = {}
    for result in results:
        rows.setdefault((result["setup"], result["endpoint"], result["users"]), []).append(result)
    summary = {}
    for key, runs in rows.items():
        rps = [run["rps"] for run in runs]
        summary[key] = {
            "runs": len(runs),
            "requests": sum(run["requests"] for run in runs),
            "rps": statistics.median(rps),
            "rps range": (min(rps), max(rps)),
            "p50": statistics.median(run["p50"] for run in runs),
            "p99": statistics.median(run["p99"] for run in runs),
            "5xx": sum(run["5xx"] for run in runs),
            "other errors": sum(run["other errors"] for run in runs),
            "hits": sum(run["hits"] for run in runs),
            "stalled": sum(1 for run in runs if run["requests"] == 0),
            "client cpu": statistics.median(run["client cpu"] for run in runs),
        }
    return summary


def ratio(value, reference):
    return value / reference if reference else float("nan")


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(args, summary, paths, memory, boots, context):
    import api_bench

    static = "static file"
    recycling = (
        "max_requests of gunicorn.conf.py"
        if args.max_requests is None
        else f"GUNICORN_MAX_REQUESTS={args.max_requests}"
    )
    lines = [
        f"Pôle stack benchmark — {context['started']:%Y-%m-%d %H:%M} — {api_bench.machine()}",
        f"Load average (1, 5, 15 min) at start {context['load start']}, at end {context['load end']}; "
        f"run {context['minutes']:.1f} min.",
        f"Data: {args.chantiers} chantiers, {args.places} places, {args.events} events, {args.people} "
        f"people (api_bench.py's generator). Settings: pole_site.settings.production, "
        f"cache {REDIS_URL}"
        + (", POLE_API_SERVER_CACHE_SECONDS=0" if args.no_server_cache else ", API answers cached in Redis")
        + ".",
        f"gunicorn -c site/gunicorn.conf.py, {context['workers']} sync workers per app server, {recycling}; "
        f"locust {context['locust']} (FastHttpUser, no wait, keep-alive) in one process on the same "
        f"machine; {args.seconds:g} s per cell after the users have started, x{args.repeat}.",
        "Setups: " + "; ".join(f"{name} = {label}" for name, label in SETUP_LABELS.items()) + ".",
        "Paths: " + ", ".join(f"{name} {path}" for name, path in paths.items()) + ".",
        "",
        f"{'setup':<8} {'endpoint':<17} {'c':>3} {'requests':>8} {'req/s':>8} {'range':>13} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'5xx':>4} {'other':>5} {'hit %':>5} {'client':>6} {'÷ static':>8}",
    ]
    for (setup, endpoint, users), row in summary.items():
        low, high = row["rps range"]
        spread = f"{low:.0f}–{high:.0f}" if row["runs"] > 1 else ""
        hits = f"{100 * row['hits'] / row['requests']:.0f}" if setup == "varnish" and row["requests"] else ""
        of_static = ratio(row["rps"], summary[(setup, static, users)]["rps"])
        lines.append(
            f"{setup:<8} {endpoint:<17} {users:>3} {row['requests']:>8} {row['rps']:>8.1f} {spread:>13} "
            f"{row['p50']:>8.1f} {row['p99']:>8.1f} {row['5xx']:>4} {row['other errors']:>5} {hits:>5} "
            f"{100 * row['client cpu']:>5.0f}% {of_static:>8.2f}"
        )
    lines += ["", f"{'ratio of req/s':<36} " + " ".join(f"{f'c={users}':>8}" for users in args.concurrency)]
    for endpoint in paths:
        for label, setup in (("two ÷ one", "two"), ("Varnish hit ÷ one", "varnish")):
            values = [
                ratio(summary[(setup, endpoint, users)]["rps"], summary[("one", endpoint, users)]["rps"])
                for users in args.concurrency
            ]
            lines.append(f"{endpoint + ', ' + label:<36} " + " ".join(f"{value:>8.2f}" for value in values))
    errors = [(key, row) for key, row in summary.items() if row["5xx"] or row["other errors"]]
    lines.append("")
    lines += [
        f"ERRORS: {setup} {endpoint} c={users}: {row['5xx']} 5xx, {row['other errors']} other"
        for (setup, endpoint, users), row in errors
    ] or ["No 5xx and no other error in any cell."]
    lines += [
        f"STALLED: {setup} {endpoint} c={users}: no answer at all in {row['stalled']} of {row['runs']} runs"
        for (setup, endpoint, users), row in summary.items()
        if row["stalled"]
    ]
    rss = [worker["VmRSS"] for workers in memory.values() for worker in workers]
    hwm = [worker["VmHWM"] for workers in memory.values() for worker in workers]
    lines += [
        f"App workers after the run ({len(rss)} of both servers): RSS median {statistics.median(rss):.0f} MiB "
        f"(min {min(rss):.0f}, max {max(rss):.0f}), peak (VmHWM) max {max(hwm):.0f} MiB. "
        f"One worker of app server a: RSS {memory['a'][0]['VmRSS']:.0f} MiB.",
        "Workers booted during the run (max_requests recycling included): "
        + ", ".join(f"{name} {count - context['workers']}" for name, count in boots.items())
        + ".",
        "client = CPU time of the locust process ÷ wall time (near 100%: the client, not the stack, is the limit).",
    ]
    api_bench.publish(lines, RESULTS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chantiers", type=int, default=1_000)
    parser.add_argument("--places", type=int, default=1_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--seconds", type=float, default=4, help="measured seconds per cell (default 4)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each cell; medians and range")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[1, 16, 64], help="users (default 1 16 64)"
    )
    parser.add_argument(
        "--workers", type=int, help="WEB_CONCURRENCY (default: gunicorn.conf.py's, 2 per core + 1)"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        metavar="N",
        help="GUNICORN_MAX_REQUESTS (default: gunicorn.conf.py's, 1000; 0: workers are never recycled)",
    )
    parser.add_argument(
        "--no-server-cache",
        action="store_true",
        help="POLE_API_SERVER_CACHE_SECONDS=0: every API request runs",
    )
    parser.add_argument(
        "--quick", action="store_true", help="check that it works: small data, c=1 and 16, 1 s per cell"
    )
    parser.add_argument(
        "--static-root",
        type=Path,
        metavar="DIR",
        help="collect the static files into DIR and keep them; a later run with the same DIR reuses "
        "them as they are (collectstatic takes one to two minutes)",
    )
    parser.add_argument("--run-load", nargs=2, metavar=("PLAN", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_load:
        run_load(*args.run_load)
        return
    if args.quick:
        args.chantiers, args.places, args.events, args.people = 200, 200, 500, 200
        args.seconds, args.concurrency, args.repeat = 1, [1, 16], 1
    if args.static_root:
        args.static_root = args.static_root.resolve()
    with tempfile.TemporaryDirectory(prefix="pole-stack-bench-") as workdir:
        run(args, Path(workdir))


def run(args, workdir):
    from importlib.metadata import version

    context = {"started": datetime.now(), "load start": load_average(), "locust": version("locust")}
    clock = time.monotonic()
    print(f"Load average {context['load start']}. Generating the data…", flush=True)
    paths = generate(args, workdir)
    print(f"Generated in {time.monotonic() - clock:.0f} s.", flush=True)
    print("Collecting static files and starting two app servers and Varnish…", flush=True)
    servers, varnish = start_stack(workdir, args)
    print(f"Started at {time.monotonic() - clock:.0f} s.", flush=True)
    try:
        context["workers"] = len(worker_memory(servers[0]))
        paths["static file"] = static_path(servers[0].url)
        plan = make_plan(args, servers, varnish, paths)
        print(f"Measuring {len(plan['cells'])} cells…", flush=True)
        results = measure(plan, workdir)
        memory = {"a": worker_memory(servers[0]), "b": worker_memory(servers[1])}
        boots = {"a": worker_boots(servers[0]), "b": worker_boots(servers[1])}
    except BaseException:
        for process in (*servers, varnish):
            print(f"--- end of the log of {process.name}:\n{process.log_tail()}", file=sys.stderr)
        raise
    finally:
        for process in (varnish, *servers):
            process.stop()
        flush_redis()
    context["load end"] = load_average()
    context["minutes"] = (time.monotonic() - clock) / 60
    report(args, summarise(results), paths, memory, boots, context)


if __name__ == "__main__":
    main()
