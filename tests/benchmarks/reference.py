"""A reference page for the processor-time figures (tests/benchmarks/cpu.py): the plainest Django list of the same
twenty published initiatives, measured beside the portal's pages and not budgeted.

It is what a list costs in Django before any of the portal's own work: the ORM reads the count and the page (whole
rows with their municipality and organ), and a template extending the portal's base.html writes, per row, one
`{% url %}` and seven values. A budget below its multiple of /healthz asks for less than the framework itself spends.
The URL configuration is the portal's with this page added; cpu.py measures with it, the portal never serves it."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from initiatives.models import Initiative
from osallisuus.urls import urlpatterns as portal_urlpatterns

PATH = "/_reference/list/"
NAME = "reference: plain Django list of 20"

TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}<h1>Initiatives</h1><p>{{ page.paginator.count }}</p>
<ul>{% for initiative in page %}<li>
<h3><a href="{% url 'initiatives:detail' initiative.reference %}">{{ initiative.title }}</a></h3>
<dl><dt>Reference</dt><dd>{{ initiative.reference }}</dd><dt>Arrived</dt><dd>{{ initiative.arrived_on }}</dd>
<dt>Status</dt><dd>{{ initiative.status }}</dd><dt>Municipality</dt><dd>{{ initiative.home_municipality.name }}</dd>
<dt>Handled by</dt><dd>{{ initiative.handling_organ.name }}</dd></dl><p>{{ initiative.text }}</p></li>{% endfor %}
</ul>{% endblock %}"""
)


def plain_list(request: HttpRequest) -> HttpResponse:
    rows = Initiative.objects.published().select_related("home_municipality", "handling_organ")
    page = Paginator(rows.order_by("-arrived_on", "-sequence"), 20).get_page(request.GET.get("page"))
    return HttpResponse(TEMPLATE.render({"page": page}, request))


urlpatterns = [path(PATH.strip("/") + "/", plain_list), *portal_urlpatterns]
