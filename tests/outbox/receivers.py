"""Real receivers on loopback, for the outbox tests and bench/outbox.py: an SMTP server
(aiosmtpd) and an HTTP server for webhooks, each recording what arrived."""

import asyncio
import email
import email.policy
import json
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpReceiver:
    """An SMTP server on 127.0.0.1 that keeps every message it accepts. Put replies such
    as "451 4.3.0 Try again later" in `replies` to refuse the next messages."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.replies: deque[str] = deque()
        # Seconds to take over each message, as a real server over a network does.
        self.delay = 0.0
        self._lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        if self.replies:
            return self.replies.popleft()
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [message["Message-ID"] for message in self.messages]

    def __enter__(self) -> "SmtpReceiver":
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 that keeps every request. Put status codes in `replies`
    to answer the next requests with them (204 otherwise): a 2xx answer accepts it."""

    def __init__(self) -> None:
        # Every request: (headers, body, the status we answered).
        self.requests: list[tuple[dict[str, str], bytes, int]] = []
        self.replies: deque[int] = deque()
        self.delay = 0.0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(receiver.delay)
                with receiver._lock:
                    status = receiver.replies.popleft() if receiver.replies else 204
                    receiver.requests.append((dict(self.headers.items()), body, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/caution-events"

    def events(self) -> list[dict]:
        """The events accepted (answered 2xx), in order of arrival."""
        with self._lock:
            return [json.loads(body) for _, body, status in self.requests if status < 300]

    def __enter__(self) -> "WebhookReceiver":
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
