"""Template filters of the staff navigation: which staff pages to offer the user (each app's permission rule)."""

from django import template
from django.contrib.auth.models import AnonymousUser

from osallisuus.feedback.permissions import can_see_feedback as _can_see_feedback
from osallisuus.models import User
from osallisuus.views_access import can_answer_access_requests as _can_answer_access_requests

register = template.Library()


@register.filter
def can_see_feedback(user: User | AnonymousUser) -> bool:
    return _can_see_feedback(user)


@register.filter
def can_answer_access_requests(user: User | AnonymousUser) -> bool:
    return _can_answer_access_requests(user)
