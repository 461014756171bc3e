"""The privacy notice (/tietosuoja/), rendered from the inventory, and the access request page of the staff workspace
(/henkilosto/tietopyynto/): the registry answers a data subject's request (GDPR art. 15) by downloading, as JSON,
everything the portal holds under one email address or name. Only the registry (privacy.permissions); every download
is logged (privacy.access_request)."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from osallisuus.http import StaffRequest
from privacy import inventory
from privacy.access_request import access_request_export
from privacy.forms import AccessRequestForm
from privacy.models import AccessRequestExport
from privacy.permissions import can_answer_access_requests

RECENT_EXPORTS = 20


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice, rendered from the inventory in privacy.inventory."""
    return render(request, "privacy/notice.html", {"sections": inventory.inventory()})


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def access_request(request: StaffRequest) -> HttpResponse:
    """GET: the form and the latest exports. POST: the JSON download, logged."""
    if not can_answer_access_requests(request.user):
        raise PermissionDenied
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = access_request_export(user=request.user, query=form.cleaned_data["query"])
        stamp = timezone.localtime(data["exported_at"]).strftime("%Y%m%d-%H%M%S")
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="tietopyynto-{stamp}.json"'
        return response
    exports = AccessRequestExport.objects.select_related("exported_by")[:RECENT_EXPORTS]
    status = 400 if form.is_bound else 200
    return render(request, "privacy/access_request.html", {"form": form, "exports": exports}, status=status)
