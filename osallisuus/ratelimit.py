"""Rate limits of the public forms and the staff login, in one place: what a client is, how uses are counted, and
checking and counting as one step.

- A client is the network it controls (`client_network`): its IPv4 address, or the /64 of its IPv6 address (one
  subscriber holds a whole /64 and can send from any address in it); an IPv4 address written as IPv6
  (::ffff:a.b.c.d) is that IPv4 client. The address itself is osallisuus.clients.client_ip's, behind trusted proxies
  too. Every public form counts its clients through `client_rate_limit_take`, and the login through
  `client_network`: no caller works out a client's identity itself.
- A limit allows `limit` uses within `period_seconds`. The use that reaches the limit pauses the identity for
  `period_seconds` from then (the time the pages promise), after which its count starts again; below the limit a use
  stops counting `period_seconds` after it was made. Nothing is ever locked for good.
- A refused use counts for nothing. When one use is taken against several limits at once (the login's), either every
  one of them counts it or none does.
- Checking and counting are one step: a transaction that first locks each identity (a PostgreSQL advisory lock;
  SQLite's BEGIN IMMEDIATE already holds the whole database) and only then reads and writes its count, so requests
  made at the same moment are counted one after another and can never all pass a check that none of them has been
  counted in yet. A counted use can be given back (`rate_limit_give_back`): the login counts an attempt before its
  password is checked and gives the attempt back when the password was right.

Counts live in the shared database cache (one entry per identity: the times of its counted uses), so they hold
across every server process; identities are stored hashed, never as addresses, emails or usernames."""

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest

from osallisuus.clients import address_group, client_ip

# The first key of pg_advisory_xact_lock(int, int) for the rate limits, so their locks never meet anyone else's.
_LOCK_SPACE = 19_190_005


def client_network(request: HttpRequest) -> str:
    """The client `request` came from, as a per-client limit counts it (rules in the module docstring)."""
    return address_group(client_ip(request))


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` uses by `identity` within `period_seconds`; `scope` keeps the counts of different limits
    apart."""

    scope: str
    identity: str
    limit: int
    period_seconds: int

    @property
    def key(self) -> str:
        return f"ratelimit:{self.scope}:{hashlib.sha256(self.identity.encode()).hexdigest()[:32]}"

    def counted(self, times: list[float], now: float) -> tuple[list[float], float | None]:
        """Of the stored `times`, the uses that still count at `now`, and the end of the pause if they have reached
        the limit."""
        if len(times) >= self.limit:
            until = max(times) + self.period_seconds
            return (times, until) if now < until else ([], None)
        return [at for at in times if at > now - self.period_seconds], None


@dataclass(frozen=True)
class RateLimitUse:
    """What `rate_limit_take` did: counted one use at `at` against each of `limits`, or none when any of them is
    paused (`paused_until`, epoch seconds, the end of the longest pause)."""

    limits: tuple[RateLimit, ...]
    at: float
    paused_until: float | None = None

    @property
    def allowed(self) -> bool:
        return self.paused_until is None


def _lock(limits: Iterable[RateLimit]) -> None:
    """Within the caller's transaction, wait until no other transaction holds any of `limits` (always in the same
    order, so two requests never wait for each other). The cache table is in the default database."""
    if connection.vendor != "postgresql":
        return  # SQLite: the transaction began with BEGIN IMMEDIATE, the database's one write lock
    ids = {int.from_bytes(hashlib.sha256(limit.key.encode()).digest()[:4], "big", signed=True) for limit in limits}
    with connection.cursor() as cursor:
        for lock_id in sorted(ids):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_SPACE, lock_id])


def _store(limit: RateLimit, times: list[float], now: float) -> None:
    # The entry lasts as long as its newest use counts (and so as long as a pause it holds).
    remaining = max(times, default=now - limit.period_seconds) + limit.period_seconds - now
    if remaining > 0:
        cache.set(limit.key, times, timeout=remaining)
    else:
        cache.delete(limit.key)


def rate_limit_take(*limits: RateLimit) -> RateLimitUse:
    """Count one use against every one of `limits`, or, when any of them is paused, against none of them."""
    now = time.time()
    with transaction.atomic():
        _lock(limits)
        stored = cache.get_many([limit.key for limit in limits])
        counted, pauses = {}, []
        for limit in limits:
            counted[limit], until = limit.counted(stored.get(limit.key, []), now)
            if until is not None:
                pauses.append(until)
        if pauses:
            return RateLimitUse(limits, now, paused_until=max(pauses))
        for limit in limits:
            _store(limit, [*counted[limit], now], now)
    return RateLimitUse(limits, now)


def rate_limit_give_back(use: RateLimitUse) -> None:
    """Uncount a use that `rate_limit_take` counted (ending a pause that use began)."""
    if not use.allowed:
        return
    now = time.time()
    with transaction.atomic():
        _lock(use.limits)
        stored = cache.get_many([limit.key for limit in use.limits])
        for limit in use.limits:
            times = list(stored.get(limit.key, []))
            if use.at in times:
                times.remove(use.at)
                _store(limit, times, now)


def rate_limit_clear(limit: RateLimit) -> None:
    """Forget every counted use of `limit`'s identity."""
    with transaction.atomic():
        _lock([limit])
        cache.delete(limit.key)


def client_rate_limit_take(request: HttpRequest, *, scope: str, limit: int, period_seconds: int) -> bool:
    """Count one use of `scope` by the client of `request` (its network); False, counting nothing, when that client
    has reached `limit` uses within `period_seconds`."""
    return rate_limit_take(RateLimit(scope, client_network(request), limit, period_seconds)).allowed
