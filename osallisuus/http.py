"""The request types the views are annotated with: what django-htmx's middleware and the login add to a request."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from osallisuus.models import User


class HtmxHttpRequest(HttpRequest):
    """A request through django-htmx's middleware (`request.htmx`)."""

    htmx: HtmxDetails


class StaffRequest(HtmxHttpRequest):
    """A request of a logged-in member of staff (the views require the login)."""

    user: User
