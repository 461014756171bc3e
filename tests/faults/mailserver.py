"""A loopback SMTP server (tests/initiatives/smtp.py) that misbehaves on cue: it answers "try again later" (451) to a
recipient a number of times, or accepts a message but holds its answer until the test lets it go, as a slow server
does that acknowledges a message it has already taken after the sender stopped waiting. Events, not sleeps, tell the
test where the server is."""

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from tests.initiatives.smtp import Collector, SmtpServer, loopback_smtp

# How long anything here waits for the other side at most: a guard against a test that hangs, never a timing.
GUARD_SECONDS = 30


@dataclass
class Hold:
    """The server's answer to one message, held: `accepted` once the server has taken the message (it counts among
    the received; the sender now waits for the answer), `release` to answer 250."""

    accepted: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class FaultyCollector(Collector):
    def __init__(self) -> None:
        super().__init__()
        self.busy: dict[str, int] = {}
        self.holds: dict[str, Hold] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if self.busy.get(address.casefold(), 0) > 0:
            self.busy[address.casefold()] -= 1
            return "451 4.3.2 Please try again later"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope) -> str:
        hold = next((self.holds.pop(a.casefold()) for a in envelope.rcpt_tos if a.casefold() in self.holds), None)
        answer = await super().handle_DATA(server, session, envelope)
        if hold is not None:
            hold.accepted.set()
            await asyncio.get_running_loop().run_in_executor(None, hold.release.wait, GUARD_SECONDS)
        return answer


class FaultyServer(SmtpServer):
    def __init__(self, server: SmtpServer) -> None:
        self.port = server.port
        self.controller = server.controller
        self.collector = FaultyCollector()
        self.controller.handler = self.collector

    def busy(self, address: str, times: int) -> None:
        """Answer 451 (try again later) to the next `times` messages to `address`, then accept."""
        self.collector.busy[address.casefold()] = times

    def hold(self, address: str) -> Hold:
        """Take the next message to `address` but hold the answer until the returned Hold is released."""
        hold = self.collector.holds[address.casefold()] = Hold()
        return hold


def faulty_smtp(settings, *, timeout: float = 5) -> Iterator[FaultyServer]:
    """For a fixture: the loopback server, not yet started, with the senders' SMTP timeout (EMAIL_TIMEOUT)."""
    servers = loopback_smtp(settings)
    server = FaultyServer(next(servers))
    default = settings.MAILERS["default"]
    settings.MAILERS = {"default": {**default, "OPTIONS": {**default["OPTIONS"], "timeout": timeout}}}
    yield server
    next(servers, None)  # stops it
