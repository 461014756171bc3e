"""Template filters of accessibility feedback: whether to offer its staff pages (osallisuus.feedback.permissions)."""

from django import template
from django.contrib.auth.models import AnonymousUser

from osallisuus.feedback.permissions import can_see_feedback as _can_see_feedback
from osallisuus.models import User

register = template.Library()


@register.filter
def can_see_feedback(user: User | AnonymousUser) -> bool:
    return _can_see_feedback(user)
