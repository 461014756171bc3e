"""The staff navigation's question to this app: is the access request page offered to the user."""

from django import template
from django.contrib.auth.models import AnonymousUser

from osallisuus.models import User
from privacy.permissions import can_answer_access_requests as _can_answer_access_requests

register = template.Library()


@register.filter
def can_answer_access_requests(user: User | AnonymousUser) -> bool:
    return _can_answer_access_requests(user)
