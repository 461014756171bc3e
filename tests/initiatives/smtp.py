"""A real SMTP server on loopback (aiosmtpd) for the outbox tests: it keeps what it accepts and refuses the
recipients it is told to, answering as a real server does (550, with the refused address in the reply)."""

import email
import email.policy
import socket
from collections.abc import Iterable, Iterator

from aiosmtpd.controller import Controller


class Collector:
    """An aiosmtpd handler that keeps every message it accepts and refuses the addresses in `refused`."""

    def __init__(self, refused: Iterable[str] = ()) -> None:
        self.refused = {address.casefold() for address in refused}
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.casefold() in self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown in virtual mailbox table"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.collector = Collector()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def refuse(self, *addresses: str) -> None:
        """From now on, answer 550 to these recipients (the address does not exist)."""
        self.collector.refused |= {address.casefold() for address in addresses}

    @property
    def received(self) -> list[tuple[list[str], email.message.EmailMessage]]:
        return self.collector.messages


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loopback_smtp(settings) -> Iterator[SmtpServer]:
    """For a fixture: a loopback SMTP server that Django's mail uses, not yet started (the mail server is "down"
    until the test starts it); stopped at the end."""
    server = SmtpServer(free_port())
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    if server.controller._thread is not None:
        server.stop()
