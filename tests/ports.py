"""Free TCP ports of 127.0.0.1: for the servers the tests start, and for a mail server left down."""

import socket


def free_port():
    """A port of 127.0.0.1 that nothing listens on, chosen by the system."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
