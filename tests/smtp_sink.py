"""Mail servers of 127.0.0.1 for the tests: an SMTP sink that keeps what it accepts, a server that hangs.

`SmtpSink` is a real SMTP server (aiosmtpd, from the `test` extra) in a thread: it refuses chosen
recipients for good (550) and can wait before answering the final "." of DATA, having taken the
message already, as a slow server does. `HangingServer` accepts connections and never says a word,
like a mail server stuck before its greeting. Both serve a port given by `tests.ports.free_port()`,
one after the other if need be: down (nothing listens), hanging, then up.
"""

import asyncio
import email
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller


class _SinkHandler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.sink.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # The message is the server's from the final dot: kept before any delayed answer.
        self.sink.messages.append(email.message_from_bytes(envelope.content))
        if self.sink.answer_delay:
            await asyncio.sleep(self.sink.answer_delay)
        return "250 OK"


class SmtpSink:
    """An SMTP server on 127.0.0.1:`port` keeping each message it accepts in `messages`.

    Recipients in `refused` get a permanent refusal (550); `answer_delay` seconds pass between the
    final dot of a message and the server's answer. Use as a context manager, or `start()`/`stop()`.
    """

    def __init__(self, port, refused=(), answer_delay=0):
        self.port = port
        self.refused = set(refused)
        self.answer_delay = answer_delay
        self.messages = []
        self._controller = Controller(_SinkHandler(self), hostname="127.0.0.1", port=port)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def copies(self):
        """How many times each Message-ID arrived."""
        return Counter(message["Message-ID"] for message in self.messages)


class HangingServer:
    """A TCP server on 127.0.0.1:`port` that accepts connections and never answers them."""

    def __init__(self, port):
        self.listener = socket.create_server(("127.0.0.1", port))
        self.listener.settimeout(0.1)
        self.connections = []
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while not self._stop.is_set():
            try:
                connection, _address = self.listener.accept()
            except TimeoutError:
                continue
            self.connections.append(connection)
            self.connected.set()

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self.listener.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
