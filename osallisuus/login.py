"""Staff login with failed attempts throttled per username and per client address.

Rules:
- LOGIN_FAILURE_LIMIT_PER_USERNAME failed logins for one username, or LOGIN_FAILURE_LIMIT_PER_CLIENT from one client
  address (osallisuus.clients, behind trusted proxies too), each within LOGIN_COOLOFF_SECONDS, pause logging in for
  that username or address for LOGIN_COOLOFF_SECONDS. Nothing is ever locked for good: the pause is a cache key that
  expires, and the count starts again after it.
- While paused, even the right password is refused with a message saying when to try again; the attempt is not
  authenticated at all, so a paused login tells nothing about the password.
- A successful login clears the failures of its username (not of its address: one office address is shared).
- The client limit is higher than the username limit because a whole office may log in from one address; an IPv6
  client is counted by its /64 network (osallisuus.clients.address_group).

Counters live in the shared database cache, so they hold across every server process. Each failure claims its own
slot with `cache.add` (atomic), like osallisuus.spam's rate limit; usernames and addresses are stored hashed.
"""

import hashlib
import math
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from osallisuus.clients import address_group, client_ip


def _digest(kind: str, value: str) -> str:
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _identities(username: str, address: str) -> list[tuple[str, int]]:
    """The throttled identities of one attempt, each with its limit."""
    return [
        (_digest("user", username.strip().casefold()), settings.LOGIN_FAILURE_LIMIT_PER_USERNAME),
        (_digest("client", address_group(address)), settings.LOGIN_FAILURE_LIMIT_PER_CLIENT),
    ]


def login_paused_until(username: str, address: str) -> float | None:
    """The time (epoch seconds) until which logins as `username` or from `address` are paused, or None."""
    paused = cache.get_many([f"login-pause:{identity}" for identity, _limit in _identities(username, address)])
    return max(paused.values()) if paused else None


def login_failure_record(username: str, address: str) -> None:
    """Count one failed login; pause the identity whose limit it reaches."""
    cooloff = settings.LOGIN_COOLOFF_SECONDS
    for identity, limit in _identities(username, address):
        slots = [f"login-fail:{identity}:{slot}" for slot in range(limit)]
        if any(cache.add(key, 1, timeout=cooloff) for key in slots[:-1]):
            continue
        # The last slot: this failure reaches the limit.
        cache.set(f"login-pause:{identity}", time.time() + cooloff, timeout=cooloff)
        cache.delete_many(slots)


def login_failures_clear(username: str) -> None:
    identity, limit = _identities(username, "")[0]
    cache.delete_many([f"login-fail:{identity}:{slot}" for slot in range(limit)])


class ThrottledLoginMixin:
    """For Django's authentication forms: refuses a paused login before authenticating, counts failures."""

    request: HttpRequest | None
    throttled = False

    def clean(self) -> dict:
        username = self.cleaned_data.get("username") or ""
        address = client_ip(self.request) if self.request is not None else "unknown"
        if username and (until := login_paused_until(username, address)):
            self.throttled = True
            minutes = max(1, math.ceil((until - time.time()) / 60))
            raise ValidationError(
                ngettext(
                    "Too many failed logins. For your security logging in is paused: try again in %(minutes)d minute.",
                    "Too many failed logins. For your security logging in is paused: try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username and self.cleaned_data.get("password"):
                login_failure_record(username, address)
            raise
        if username:
            login_failures_clear(username)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    """The staff login page; a paused login answers 429 Too Many Requests with its message."""

    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.LOGIN_FAILURE_LIMIT_PER_USERNAME
        context["cooloff_minutes"] = settings.LOGIN_COOLOFF_SECONDS // 60
        return context

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response
