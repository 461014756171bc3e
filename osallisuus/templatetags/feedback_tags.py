"""Template filters of accessibility feedback: whether to offer its staff pages (osallisuus.feedback.permissions)."""

from django import template
from django.contrib.auth.models import AnonymousUser

from osallisuus.feedback.permissions import can_handle_feedback as _can_handle_feedback
from osallisuus.models import User

register = template.Library()


@register.filter
def can_handle_feedback(user: User | AnonymousUser) -> bool:
    return _can_handle_feedback(user)
