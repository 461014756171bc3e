"""Messages of Django itself that its Finnish or Swedish catalogue lacks (Django 6.1's empty choice of a select).
Listed here so that makemessages takes them into the project's catalogues (locale/), which Django reads before its
own; nothing imports this module."""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES = [
    gettext_noop("- Select an option -"),
]
