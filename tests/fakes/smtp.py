"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives; some addresses bounce, some defer.

    with FakeSMTP() as smtp:            # random free port
        smtp.port, smtp.messages         # parsed email.message.EmailMessage objects, in arrival order
    Recipients starting with `bounce` get `550 5.1.1`, with `defer` get `451 4.3.0` (RCPT TO).
    smtp.hold_next(seconds)            # the next RCPT TO waits that long before answering (a slow provider)
"""
import asyncio
import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, owner):
        self.owner = owner

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.owner.lock:
            hold, self.owner.holds = (self.owner.holds[0], self.owner.holds[1:]) if self.owner.holds else (0, [])
            self.owner.held += 1 if hold else 0
        if hold:
            await asyncio.sleep(hold)
        local = address.split("@", 1)[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 User unknown"
        if local.startswith("defer"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.owner.lock:
            self.owner.messages.append(message)
            self.owner.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeSMTP:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages, self.envelopes, self.lock = [], [], threading.Lock()
        self.holds, self.held = [], 0
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()

    def hold_next(self, seconds):
        with self.lock:
            self.holds.append(seconds)

    def settings(self, **extra):
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_TLS": "none",
                "MAIL_FROM": "Siete CX <no-reply@siete.test>", "MAIL_TIMEOUT": 5, **extra}

    def to(self, address):
        with self.lock:
            return [m for m, (_f, rcpts) in zip(self.messages, self.envelopes) if address in rcpts]


@pytest.fixture
def smtp(app, monkeypatch):
    """The app's mail settings pointed at a fresh FakeSMTP (SendGrid off) for one test."""
    with FakeSMTP() as server:
        for key, value in server.settings().items():
            monkeypatch.setitem(app.config, key, value)
        monkeypatch.setitem(app.config, "SENDGRID_API_KEY", None)
        yield server
