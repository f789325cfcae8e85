"""Who is asking: the client's address, seen through the reverse proxies the project trusts.

`POLE_TRUSTED_PROXY_COUNT` (default 0) says how many reverse proxies stand between the clients and
the application server (Varnish: 1; a CDN in front of Varnish: 2). Each proxy appends the address
it was reached from to `X-Forwarded-For`, so the client is the N-th address from the right: the
entries further left were sent by the client itself and prove nothing. With no trusted proxy, or a
header that does not hold N addresses, the client is the connection's own address (`REMOTE_ADDR`).
"""

from ipaddress import ip_address

from django.conf import settings

DEFAULT_TRUSTED_PROXY_COUNT = 0


def trusted_proxy_count():
    return int(getattr(settings, "POLE_TRUSTED_PROXY_COUNT", DEFAULT_TRUSTED_PROXY_COUNT))


def client_ip(request):
    """The address of the client that sent `request`, never one the client could forge."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = trusted_proxy_count()
    if proxies <= 0:
        return remote_addr
    # Several X-Forwarded-For headers reach Django joined by commas, in the order they were sent.
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    appended_by_proxies = forwarded[-proxies:]
    if len(forwarded) < proxies or not all(map(is_ip_address, appended_by_proxies)):
        return remote_addr
    return str(ip_address(appended_by_proxies[0]))


def is_ip_address(text):
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
