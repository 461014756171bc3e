"""The programme's public page and the HYTE coordinator's staff page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ladder import selectors
from ladder.forms import ActionFilterForm, ReportYearForm
from ladder.reports import programme_report_pdf
from osallisuus.downloads import PDF, content_download
from osallisuus.fragments import wants_fragment
from osallisuus.http import HtmxHttpRequest
from osallisuus.models import User
from osallisuus.roles import Role, has_role


def can_keep_programme(user: User) -> bool:
    """Only the HYTE coordinator (and administrators) keep the programme and see its staff page."""
    return has_role(user, Role.HYTE)


@require_GET
def index(request: HtmxHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    programme = selectors.current_programme(today=today)
    if programme is None:
        return render(request, "ladder/index.html", {"programme": None})
    fragment = wants_fragment(request)
    parts = selectors.programme_parts(programme=programme, partners=not fragment)
    form = ActionFilterForm(request.GET or None, **selectors.filter_choices(parts=parts))
    filters = form.filters() if form.is_bound else selectors.ActionFilters()
    actions = selectors.filter_actions(parts.actions, filters, kinds=parts.kinds)
    context = {
        "programme": programme,
        "form": form,
        "filters": filters,
        "today": today,
        "steps": parts.steps,
        "actions": actions,
        "blocks": selectors.step_blocks(steps=parts.steps, actions=actions, filters=filters),
        "timeline": selectors.action_timeline(actions=actions),
        "thl_min_group": settings.THL_INDICATOR_MIN_GROUP,
    }
    if fragment:
        return render(request, "ladder/index.html#programme-actions", context)
    context |= {
        "metric_rows": selectors.metric_rows(programme=programme, today=today),
        "participation_kinds": parts.kinds,
        "change_timeline": selectors.programme_timeline(programme=programme),
    }
    return render(request, "ladder/index.html", context)


def _require_keeper(request: HttpRequest) -> None:
    if not can_keep_programme(request.user):
        raise PermissionDenied


@require_GET
@login_required
def staff_index(request: HttpRequest) -> HttpResponse:
    _require_keeper(request)
    today = timezone.localdate()
    return render(
        request,
        "ladder/staff_index.html",
        {
            "late_actions": list(selectors.late_actions(today=today)),
            "today": today,
            "report_form": ReportYearForm(initial={"year": today.year}),
        },
    )


@require_GET
@login_required
def staff_report(request: HttpRequest) -> HttpResponse:
    _require_keeper(request)
    form = ReportYearForm(request.GET)
    if not form.is_valid():
        today = timezone.localdate()
        return render(
            request,
            "ladder/staff_index.html",
            {"late_actions": list(selectors.late_actions(today=today)), "today": today, "report_form": form},
            status=400,
        )
    year = form.cleaned_data["year"]
    return content_download(programme_report_pdf(year=year), f"osallisuusohjelma-{year}.pdf", content_type=PDF)
