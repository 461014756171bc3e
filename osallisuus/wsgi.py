import os

from django.core.wsgi import get_wsgi_application
from django.utils.http import parse_header_parameters

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osallisuus.settings")

django_application = get_wsgi_application()

from osallisuus.middleware import UNREADABLE_CONTENT_TYPE  # noqa: E402 - after the settings are set up


def application(environ: dict, start_response):
    """Django reads the Content-Type header while it builds the request and raises BadRequest when the header does not
    parse: before any middleware or error view, so the server would answer with its bare 500. Such a request goes on
    without a content type and marked; osallisuus.middleware.MalformedRequestMiddleware answers it with 400."""
    try:
        parse_header_parameters(environ.get("CONTENT_TYPE", ""))
    except ValueError:
        environ = {**environ, "CONTENT_TYPE": "", UNREADABLE_CONTENT_TYPE: True}
    return django_application(environ, start_response)
