"""gunicorn settings of the reference site: `gunicorn -c site/gunicorn.conf.py pole_site.wsgi`.

Every value a deployment changes comes from the environment (README, Deploy). The WSGI module uses
the production settings unless DJANGO_SETTINGS_MODULE says otherwise.
"""

import multiprocessing
import os
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent

# `pole_site` lives in site/ and the apps at the top of the repository: importable from any folder.
pythonpath = f"{SITE_DIR},{SITE_DIR.parent}"

# Listen behind the reverse proxy (Varnish, nginx, a load balancer); comma-separated addresses.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Synchronous workers answer one request at a time each: gunicorn's rule of thumb, two per core and
# one more, keeps the cores busy while some workers wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))

# Each worker is replaced after about this many requests, so a slow leak cannot grow without bound.
# Workers share the load evenly, so they reach the limit together: with a jitter of 100 the bench
# (bench/stack_bench.py) saw all five restart within 3 s and the server answer nothing for 7-10 s
# while they imported the site. A jitter of half the limit spreads the restarts over that range.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2))

# Each worker imports the site itself: a HUP reloads new code, and no database connection or
# thread is shared across the fork.
preload_app = False

# The addresses whose X-Forwarded-Proto gunicorn believes (the reverse proxy's, comma-separated, or
# "*" when only the proxy can reach gunicorn). Django reads the scheme from the same header
# (SECURE_PROXY_SSL_HEADER), so the proxy must set or strip it on every request.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Worker heartbeats in memory rather than on a disk that may stall (containers, network volumes).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# The application logs one line per request itself (logger `pole.requests`: request id, no query
# string, no address unless LOG_CLIENT_IP): gunicorn's own access log, which would print both, is
# off unless GUNICORN_ACCESS_LOG names a file ("-" for stdout). Errors go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-request-id}o)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
