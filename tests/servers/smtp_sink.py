"""A real local SMTP server (aiosmtpd) that keeps every message it is sent, parsed, for the tests to read."""

import email
import logging
import email.policy
import threading

from aiosmtpd.controller import Controller

from tests.processes import free_port

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO


class _Keep:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "message": message})
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []
        self.lock = threading.Lock()
        self.controller = Controller(_Keep(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def settings(self):
        """Django settings that send through this sink."""
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": self.port, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False, "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": ""}

    def env(self):
        """The same for a worker subprocess."""
        return {"EMAIL_DELIVERY": "smtp", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port)}

    @staticmethod
    def parts(message):
        """(plain text, html) of a parsed message."""
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        return (text.get_content() if text else ""), (html.get_content() if html else "")
