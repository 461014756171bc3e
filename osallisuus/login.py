"""Staff login with failed attempts limited three ways: per username and client network together, per username, and
per client network.

Rules (each count within LOGIN_COOLOFF_SECONDS; osallisuus.ratelimit counts them and pauses for as long):
- LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_CLIENT failed logins as one username from one client network pause logging in
  as that username from that network. Failing as a known staff member's username from one network therefore never
  keeps the member out elsewhere.
- LOGIN_FAILURE_LIMIT_PER_USERNAME, far higher, failed logins as one username from any networks pause that username
  everywhere: guessing spread over many networks is stopped too.
- LOGIN_FAILURE_LIMIT_PER_CLIENT failed logins from one client network, whatever the usernames, pause that network. It
  is higher than the first limit because a whole office may log in from one address. A client network is an IPv4
  address or an IPv6 /64 (osallisuus.ratelimit.client_network), behind trusted proxies too.
- Each attempt is counted against all three before its password is checked, in one atomic step, and given back when
  the password was right: attempts made at the same moment can never pass the limit together (a failure keeps its
  count; so does an attempt that crashed). A paused attempt is refused with a message saying when to try again,
  even with the right password; it is not authenticated at all, so it tells nothing about the password, and it
  counts for nothing.
- A successful login also clears the failures of its username from its network (not its username's other failures:
  those may be someone else's guesses; not its network's: one office address is shared).
- Nothing is ever locked for good: a pause ends LOGIN_COOLOFF_SECONDS after the failure that began it, and the count
  starts again.
"""

import math
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from osallisuus import ratelimit


def _limits(username: str, network: str) -> tuple[ratelimit.RateLimit, ...]:
    """The limits of one attempt: its username and network together, its username, its network."""
    username = username.strip().casefold()
    cooloff = settings.LOGIN_COOLOFF_SECONDS
    return (
        ratelimit.RateLimit(
            "login-pair", f"{username}\n{network}", settings.LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_CLIENT, cooloff
        ),
        ratelimit.RateLimit("login-user", username, settings.LOGIN_FAILURE_LIMIT_PER_USERNAME, cooloff),
        ratelimit.RateLimit("login-client", network, settings.LOGIN_FAILURE_LIMIT_PER_CLIENT, cooloff),
    )


def login_attempt_begin(username: str, network: str) -> ratelimit.RateLimitUse:
    """Count an attempt as a failure before its password is checked; refused (`allowed` False) while paused."""
    return ratelimit.rate_limit_take(*_limits(username, network))


def login_attempt_succeed(attempt: ratelimit.RateLimitUse) -> None:
    """The password was right: the attempt is no failure, and its username's failures from its network are forgotten."""
    ratelimit.rate_limit_give_back(attempt)
    ratelimit.rate_limit_clear(attempt.limits[0])


class ThrottledLoginMixin:
    """For Django's authentication forms: counts each attempt before authenticating, refuses a paused one."""

    request: HttpRequest | None
    throttled = False

    def clean(self) -> dict:
        username = self.cleaned_data.get("username") or ""
        if not (username and self.cleaned_data.get("password")):
            return super().clean()  # nothing to authenticate: the fields' own errors say what is missing
        network = ratelimit.client_network(self.request) if self.request is not None else "unknown"
        attempt = login_attempt_begin(username, network)
        if not attempt.allowed:
            self.throttled = True
            minutes = max(1, math.ceil((attempt.paused_until - time.time()) / 60))
            raise ValidationError(
                ngettext(
                    "Too many failed logins. For your security logging in is paused: try again in %(minutes)d minute.",
                    "Too many failed logins. For your security logging in is paused: try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        cleaned = super().clean()  # a wrong password raises, and the attempt stays counted
        login_attempt_succeed(attempt)
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
        context["failure_limit"] = settings.LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_CLIENT
        context["cooloff_minutes"] = settings.LOGIN_COOLOFF_SECONDS // 60
        return context

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response
