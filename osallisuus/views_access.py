"""The access request page of the staff workspace (/henkilosto/tietopyynto/): the registry answers a data subject's
request (GDPR art. 15) by downloading, as JSON, everything the portal holds under one email address or name.

Only the registry (and administrators, who hold every role): requests are sent to the registry's address (the
privacy notice), the export shows every contact detail, and the HYTE coordinators never see those (data
minimisation). Every download is logged (osallisuus.access_request)."""

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from osallisuus.access_request import access_request_export
from osallisuus.http import StaffRequest
from osallisuus.models import AccessRequestExport
from osallisuus.roles import Role, has_role

RECENT_EXPORTS = 20


class AccessRequestForm(forms.Form):
    query = forms.CharField(
        label=_("Email address or name"),
        max_length=254,
        help_text=_(
            "The address or the whole name exactly as the person gave it (capital letters do not matter). "
            "Search again with the other one if the person gave both."
        ),
    )

    def clean_query(self) -> str:
        query = " ".join(self.cleaned_data["query"].split())
        if "@" in query:
            validate_email(query)
        elif len(query) < 3:
            raise forms.ValidationError(_("Write the whole name, at least three letters."))
        return query


def can_answer_access_requests(user) -> bool:
    """The registry and administrators (module docstring)."""
    return has_role(user, Role.REGISTRY)


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
    return render(request, "staff/access_request.html", {"form": form, "exports": exports}, status=status)
