"""Public pages of initiatives: the form, the initiator's private page, the list and the detail."""

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from initiatives import services
from initiatives.feeds import public_initiatives_conditional
from initiatives.forms.public import InitiativeFilterForm, InitiativeForm
from initiatives.forms.public import ResendLinkForm as ResendForm
from initiatives.models import Initiative
from initiatives.open_data import OpenDataBuilder, open_data_initiatives
from initiatives.publication import public_view, public_views, with_public_relations
from initiatives.selectors import initiative_with_relations, public_cards, public_list, published_years
from osallisuus import ratelimit
from osallisuus.downloads import CSV, content_download
from osallisuus.error_pages import form_rate_limited
from osallisuus.fragments import fragment_or_page, wants_fragment
from osallisuus.http import HtmxHttpRequest
from osallisuus.uploads import NOT_STORED_MESSAGE, StorageFailed

PAGE_SIZE = 20
# Successful submissions of the initiative form, and requests for the links, per client (osallisuus.ratelimit: an
# IPv4 address or an IPv6 /64) and hour.
CREATE_LIMIT_PER_HOUR = 5
RESEND_LIMIT_PER_HOUR = 5
RESEND_LIMIT_PER_ADDRESS_PER_HOUR = 3


class KeysFirstPaginator(Paginator):
    """Picks a page's primary keys from `object_list` in a subquery and reads their rows from `rows` (ordered as
    `object_list`), in one query. The keys of the public list's order come from a covering index (migration 0007),
    so a deep page walks the index instead of sorting every published initiative with all its text; the rows' query
    needs none of the filters again."""

    def __init__(self, object_list: QuerySet, per_page: int, *, rows: QuerySet, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return Page(list(self.rows.filter(pk__in=keys)), number, self)


def _private(response: HttpResponse) -> HttpResponse:
    """The initiator's private page: never cached, never indexed, and its secret address never sent as a referrer.

    "strict-origin" rather than "no-referrer": under "no-referrer" browsers send `Origin: null` with the page's own
    POST forms (the language switcher), which Django's CSRF check rightly refuses. With "strict-origin" a Referer
    never carries more than the site's origin, so the token in the path stays private all the same."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def initiative_create(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET" and wants_fragment(request) and request.htmx.target == "service-field":
        # Show the service field only to service users (without JavaScript it is always shown with a hint).
        form = InitiativeForm(initial={"service": request.GET.get("service", "")})
        show_service = request.GET.get("initiator_kind") == Initiative.InitiatorKind.SERVICE_USER
        context = {"form": form, "service_state": "shown" if show_service else "hidden"}
        # The consent box goes with it (out of band): a service user's name is never published (publication.py).
        service_field = render_to_string("initiatives/public/create.html#service-field", context, request)
        consent_field = render_to_string("initiatives/public/create.html#consent-field", {**context, "oob": True})
        return HttpResponse(service_field + consent_field)
    if request.method == "GET":
        form = InitiativeForm(
            initial={"letter_language": translation.get_language(), "form_token": InitiativeForm.new_token()}
        )
        return render(request, "initiatives/public/create.html", {"form": form})
    form = InitiativeForm(request.POST, request.FILES)
    if not form.is_valid():
        form.renew_token_if_spent()
        return render(request, "initiatives/public/create.html", {"form": form}, status=400)
    existing = Initiative.objects.filter(submission_key=form.submission_key).first()
    if existing is None:
        if not ratelimit.client_rate_limit_take(
            request, scope="create", limit=CREATE_LIMIT_PER_HOUR, period_seconds=3600
        ):
            return form_rate_limited(request)
        try:
            existing = services.initiative_create(
                **form.service_arguments(), arrived_on=timezone.localdate(), channel=Initiative.Channel.WEB
            )
        except ValidationError as error:
            # A rule the service holds that the form did not catch: shown like any other error, nothing stored.
            for message in error.messages:
                form.add_error(None, message)
            return render(request, "initiatives/public/create.html", {"form": form}, status=400)
        except StorageFailed:
            # A file could not be written (a full media volume): nothing was stored, the answers are kept.
            form.add_error(None, NOT_STORED_MESSAGE)
            return render(request, "initiatives/public/create.html", {"form": form}, status=503)
    return HttpResponseRedirect(reverse("initiatives:track", args=[existing.tracking_token]) + "?sent=1")


@require_GET
def initiative_track(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The initiator's private page, reached only through the unguessable link in their receipt."""
    initiative = get_object_or_404(
        initiative_with_relations().select_related("declared_processed_in__organ"), tracking_token=token
    )
    with translation.override(initiative.letter_language):
        # The letters as they were sent, in the language the initiator chose for them.
        notice_letter = (
            render_to_string("initiatives/email/includes/notice_body.txt", {"initiative": initiative}).strip()
            if initiative.notice_sent_at
            else ""
        )
        final_letter = (
            render_to_string("initiatives/email/includes/final_body.txt", {"initiative": initiative}).strip()
            if initiative.final_notice_sent_at
            else ""
        )
    context = {
        "initiative": initiative,
        "just_sent": request.GET.get("sent") == "1",
        "tracking_url": services.tracking_url(initiative),
        "notice_letter": notice_letter,
        "final_letter": final_letter,
    }
    return _private(render(request, "initiatives/public/track.html", context))


@require_http_methods(["GET", "POST"])
def initiative_resend_link(request: HtmxHttpRequest) -> HttpResponse:
    """Email the private links again. The answer is the same whether or not the address is known."""
    if request.method == "GET":
        context = {"form": ResendForm(), "sent": request.GET.get("sent") == "1"}
        return _no_store(render(request, "initiatives/public/resend_link.html", context))
    form = ResendForm(request.POST)
    if not form.is_valid():
        return _no_store(render(request, "initiatives/public/resend_link.html", {"form": form}, status=400))
    if not ratelimit.client_rate_limit_take(request, scope="resend", limit=RESEND_LIMIT_PER_HOUR, period_seconds=3600):
        return form_rate_limited(request)
    email = form.cleaned_data["email"]
    # A few messages an hour to one address at most, however many clients ask: no one can flood a mailbox.
    if ratelimit.rate_limit_take(
        ratelimit.RateLimit(
            scope="resend-address", identity=email.lower(), limit=RESEND_LIMIT_PER_ADDRESS_PER_HOUR, period_seconds=3600
        )
    ).allowed:
        services.initiative_resend_tracking_links(email=email, language=translation.get_language())
    return HttpResponseRedirect(reverse("initiatives:resend-link") + "?sent=1")


@require_GET
def initiative_list(request: HtmxHttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET, years=published_years())
    form.is_valid()  # invalid values are left out of cleaned_data and so ignored
    ordering = form.ordering()
    initiatives = public_list(ordering=ordering, **form.filters())
    rows = public_cards(ordering=ordering)
    page = KeysFirstPaginator(initiatives, PAGE_SIZE, rows=rows).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "items": public_views(page), "query": query.urlencode()}
    return render(request, fragment_or_page(request, "initiatives/public/list.html", "results"), context)


@require_GET
def initiative_detail(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    initiative = get_object_or_404(with_public_relations(Initiative.objects.published()), reference=reference)
    return render(
        request, "initiatives/public/detail.html", {"initiative": initiative, "public": public_view(initiative)}
    )


@require_GET
@public_initiatives_conditional
def open_data_csv(request: HttpRequest) -> HttpResponse:
    """The published initiatives' public fields as CSV (CC BY 4.0)."""
    return content_download(OpenDataBuilder(open_data_initiatives()).csv(), "aloitteet.csv", content_type=CSV)


@require_GET
@public_initiatives_conditional
def open_data_json(request: HttpRequest) -> HttpResponse:
    """The published initiatives' public fields as JSON (CC BY 4.0)."""
    return HttpResponse(OpenDataBuilder(open_data_initiatives()).json(), content_type="application/json")
