"""The staff navigation's question to this app: is the accessibility feedback page offered to the user."""

from django import template
from django.contrib.auth.models import AnonymousUser

from accessibility.permissions import can_see_feedback as _can_see_feedback
from osallisuus.models import User

register = template.Library()


@register.filter
def can_see_feedback(user: User | AnonymousUser) -> bool:
    return _can_see_feedback(user)
