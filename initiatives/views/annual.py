"""The yearly list in the staff workspace: preview, PDF (made in the background) and CSV, and the council's
"fully processed" decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from initiatives import permissions
from initiatives.annual import annual_list, annual_list_queryset, default_organ
from initiatives.annual_services import annual_list_file_request
from initiatives.forms.annual import DeclarationForm, OrganFilterForm
from initiatives.models import AnnualReportFile
from initiatives.reports import AnnualListReport
from initiatives.services import initiatives_declare_processed
from osallisuus.downloads import CSV, content_download, file_download
from osallisuus.fragments import fragment_or_page
from osallisuus.http import StaffRequest
from osallisuus.models import Organ


def _require_list_keeper(request: HttpRequest) -> None:
    if not permissions.can_keep_annual_list(request.user):
        raise PermissionDenied


def _chosen_organ(request: HttpRequest) -> tuple[OrganFilterForm, Organ | None]:
    """The organ from ?organ=; without the parameter the council's list, with an empty one every organ's."""
    if "organ" not in request.GET:
        organ = default_organ()
        return OrganFilterForm(initial={"organ": organ}), organ
    form = OrganFilterForm(request.GET)
    return form, form.cleaned_data["organ"] if form.is_valid() else None


@never_cache
@login_required
@require_GET
def annual_list_page(request: StaffRequest, year: int) -> HttpResponse:
    _require_list_keeper(request)
    form, organ = _chosen_organ(request)
    context = {"listing": annual_list(year=year, organ=organ), "form": form, "organ": organ, "year": year}
    return render(request, fragment_or_page(request, "initiatives/annual/page.html", "preview"), context)


@never_cache
@login_required
@require_GET
def annual_list_csv(request: StaffRequest, year: int) -> HttpResponse:
    _require_list_keeper(request)
    _form, organ = _chosen_organ(request)
    content = AnnualListReport(annual_list(year=year, organ=organ)).csv()
    return content_download(content, f"aloitteet-{year}.csv", content_type=CSV)


@login_required
@require_POST
def annual_list_pdf_request(request: StaffRequest, year: int) -> HttpResponse:
    _require_list_keeper(request)
    _form, organ = _chosen_organ(request)
    report_file = annual_list_file_request(user=request.user, year=year, organ=organ)
    return redirect("initiatives:annual-file", pk=report_file.pk)


@never_cache
@login_required
@require_GET
def annual_list_file(request: StaffRequest, pk: int) -> HttpResponse:
    """Progress of a PDF being made; htmx polls the status partial until the file is ready."""
    _require_list_keeper(request)
    report_file = get_object_or_404(AnnualReportFile.objects.select_related("organ"), pk=pk)
    template = fragment_or_page(request, "initiatives/annual/file.html", "status")
    return render(request, template, {"report_file": report_file})


@login_required
@require_GET
def annual_list_file_download(request: StaffRequest, pk: int) -> FileResponse:
    _require_list_keeper(request)
    report_file = get_object_or_404(AnnualReportFile, pk=pk, state=AnnualReportFile.State.DONE)
    response = file_download(report_file.file, f"aloitteet-{report_file.year}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def annual_list_declare(request: StaffRequest, year: int) -> HttpResponse:
    """Record the council's meeting, its § and which initiatives on the list it declared fully processed. Those
    whose final notice has not been sent are shown apart and need a confirmation each (the service's rule)."""
    _require_list_keeper(request)
    candidates = annual_list_queryset(year=year, organ=None).filter(declared_processed_in__isnull=True)
    form = DeclarationForm(request.POST or None, candidates=candidates, initial={"organ": default_organ()})
    if request.method == "POST" and form.is_valid():
        try:
            declaration = initiatives_declare_processed(
                user=request.user,
                organ=form.cleaned_data["organ"],
                meeting_date=form.cleaned_data["meeting_date"],
                section=form.cleaned_data["section"],
                list_year=year,
                initiatives=form.declared(),
                confirmed_unfinished=list(form.cleaned_data["confirmed_unfinished"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Recorded: %(count)d initiatives declared fully processed (%(decision)s).")
                % {"count": declaration.initiatives.count(), "decision": declaration},
            )
            return redirect("initiatives:annual-list", year=year)
    return render(request, "initiatives/annual/declare.html", {"form": form, "year": year})
