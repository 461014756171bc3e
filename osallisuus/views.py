import datetime

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from osallisuus import privacy as privacy_inventory

# Django's own view: the language form on every page carries its CSRF token like every other form, and `next` must
# stay on this site.
set_language = i18n.set_language


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


# The day the accessibility statement was made and the portal last tested (306/2019 15 §): change it only with a
# new assessment, and the statement's text with it.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 1)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html", {"statement_date": ACCESSIBILITY_STATEMENT_DATE})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice, rendered from the inventory in osallisuus.privacy."""
    return render(request, "pages/privacy.html", {"sections": privacy_inventory.inventory()})


@never_cache
@require_safe  # load balancers probe with GET or HEAD
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database answers, 503 otherwise; touches neither the session nor CSRF."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
