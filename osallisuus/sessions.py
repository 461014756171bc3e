"""Staff sessions end SESSION_COOKIE_AGE (an hour) after their last request, and each request moves that end ahead.

Moving it means saving the session: a database write and commit. Instead of on every request, a session is saved when
its last save is SESSION_REFRESH_SECONDS (a minute) old or more, so a session ends between an hour minus a minute and
an hour after its last request, never later. Logging in saves the session and so counts as its first save.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse

SAVED_AT = "_saved_at"  # in the session: when it was last saved, in seconds since the epoch


class SlidingSessionMiddleware:
    """Marks a session to be saved when its last save is a minute old. Comes after SessionMiddleware, whose
    response phase then saves it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.accessed and not session.is_empty():
            now = int(time.time())
            if session.modified or now - session.get(SAVED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SAVED_AT] = now
        return response


def _stamp_at_login(sender, request: HttpRequest, **kwargs) -> None:
    request.session[SAVED_AT] = int(time.time())


def connect_signals() -> None:
    """Called from AppConfig.ready: a login (also a test's force_login) stamps its new session."""
    user_logged_in.connect(_stamp_at_login, dispatch_uid="sessions-stamp-at-login")
