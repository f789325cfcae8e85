# The app servers behind Varnish, included by pole.vcl: copy this file to /etc/varnish/ (Varnish
# looks includes up in its `vcl_path`) and give one `backend` block and one `add_backend` line to
# each gunicorn server. Requests go to them in turn; a server that fails its probe is skipped.

probe pole_alive {
    # The liveness endpoint (pole_core/health.py). Its Host, the backend's .host_header, must be
    # in ALLOWED_HOSTS: put the site's hostname there.
    .url = "/health/live/";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    # Healthy from the start, so that Varnish answers before the first probes have run.
    .initial = 2;
}

backend app_a {
    .host = "127.0.0.1";
    .port = "8001";
    .host_header = "localhost";
    .probe = pole_alive;
}

backend app_b {
    .host = "127.0.0.1";
    .port = "8002";
    .host_header = "localhost";
    .probe = pole_alive;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app_a);
    app.add_backend(app_b);
}
