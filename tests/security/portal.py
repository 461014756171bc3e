"""The whole portal's URLs, discovered from the URL resolver, with real objects to fill their arguments.

`build_portal()` makes one of everything through the apps' own factories and services (an initiative that went
all the way from the web form with an attachment to its published answer, a body with a term, members, a meeting
with published minutes and a statement, the programme with its rows, a yearly list PDF), and the five identities
the matrix asks as: anonymous, each staff role and an administrator."""

import datetime
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accessibility.services import accessibility_feedback_receive
from bodies import services as body_services
from bodies.models import Attendance
from initiatives import services as initiative_services
from initiatives.models import AnnualReportFile, Initiative
from initiatives.services import AttachmentData
from ladder.models import ParticipationKind, TimelineEntry
from osallisuus.models import User
from osallisuus.roles import Role
from privacy.models import AccessRequestExport, RetentionRun
from tests.bodies.factories import fill_term, helsinki, make_body, make_meeting, make_municipalities, make_term
from tests.conftest import make_user
from tests.initiatives.factories import make_decided, make_organ
from tests.ladder.factories import make_action, make_measurement, make_metric, make_programme, make_unit

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
IDENTITIES = ("anonymous", "registry", "handler", "hyte", "secretary", "admin")


@dataclass(frozen=True)
class Route:
    """One URL pattern of the resolver: its namespaced name (or its route when it has none) and how to reverse it."""

    key: str
    route: str
    pattern: URLPattern
    namespace: str | None

    @property
    def is_admin(self) -> bool:
        return self.namespace == "admin"


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str | None = None) -> list[Route]:
    """Every URL pattern reachable from the root resolver, included ones (the admin's too), in resolver order."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            routes.extend(walk(entry, prefix + str(entry.pattern), inner))
        else:
            route = prefix + str(entry.pattern)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = f"{namespace}:<{route}>" if namespace else f"<{route}>"
            routes.append(Route(key=key, route=route, pattern=entry, namespace=namespace))
    return routes


@dataclass
class Portal:
    users: dict[str, User | None]
    initiative: Initiative
    objects: dict[str, object] = field(default_factory=dict)


def build_portal() -> Portal:
    """One of everything, made the way the portal makes it."""
    registry = make_user("kirjaaja", Role.REGISTRY)
    handler = make_user("valmistelija", Role.HANDLER)
    hyte = make_user("koordinaattori", Role.HYTE)
    secretary = make_user("sihteeri", Role.SECRETARY)
    admin = make_user("paakayttaja", superuser=True)

    organ = make_organ()
    organ.handlers.add(handler)
    initiative = make_decided(
        registry,
        organ=organ,
        attachments=[AttachmentData(original_name="../../liite.pdf", content_type="application/pdf", content=PDF)],
    )
    initiative = initiative_services.initiative_send_final_notice(initiative=initiative, user=registry)
    initiative = initiative_services.initiative_publish(initiative=initiative, user=registry)
    annual_file = AnnualReportFile.objects.create(
        year=initiative.arrival_year, fingerprint="0" * 64, state=AnnualReportFile.State.DONE, requested_by=registry
    )
    annual_file.file.save("aloitteet.pdf", ContentFile(PDF), save=True)

    make_municipalities()
    body = make_body(secretaries=(secretary,))
    term = make_term(body)
    memberships = fill_term(term)
    meeting = make_meeting(body, helsinki(2026, 9, 15))
    body_services.agenda_item_add(meeting=meeting, title="Palveluverkko", user=None)
    body_services.meeting_attendance_record(
        meeting=meeting, attendance={seat: Attendance.Attendee.MEMBER for seat in term.seats.all()}, user=None
    )
    body_services.meeting_mark_held(meeting=meeting, user=None)
    body_services.meeting_minutes_update(
        meeting=meeting, text="Pöytäkirja", file=ContentFile(PDF, name="poytakirja.pdf"), user=None
    )
    # Published today, so that its PDF is still public (it leaves the web after the appeal period).
    published_on = max(timezone.localdate(), datetime.date(2026, 9, 20))
    body_services.meeting_minutes_publish(meeting=meeting, approved_on=published_on, today=published_on, user=None)
    meeting.refresh_from_db()
    statement = body_services.statement_create(
        body=body,
        subject="Lausunto palveluverkosta",
        given_on=datetime.date(2026, 3, 12),
        requested_by_other="Aluehallitus",
        text="Lausunnon teksti.",
        attachment=ContentFile(PDF, name="lausunto.pdf"),
        user=None,
    )

    programme = make_programme()
    make_action(programme, units=[make_unit()])
    make_measurement(make_metric(programme))
    ParticipationKind.objects.create(programme=programme, kind=ParticipationKind.Kind.values[0])
    TimelineEntry.objects.create(programme=programme, heading="Aloitus", quarter=20241, text="Työryhmä aloittaa.")
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="initiatives.tasks.deliver", backend_name="default"
    )

    feedback = accessibility_feedback_receive(
        message="Lomakkeen virheilmoitus ei näy ruudunlukijalle.", email="palaute@example.invalid"
    )
    AccessRequestExport.objects.create(exported_by=registry, query="palaute@example.invalid", record_count=1)
    RetentionRun.objects.create(counts={"initiator_contact": 0})

    return Portal(
        users={
            "anonymous": None,
            "registry": registry,
            "handler": handler,
            "hyte": hyte,
            "secretary": secretary,
            "admin": admin,
        },
        initiative=initiative,
        objects={
            "attachment": initiative.attachments.get(),
            "annual_file": annual_file,
            "body": body,
            "term": term,
            "seat": memberships[0].seat,
            "membership": memberships[0],
            "meeting": meeting,
            "statement": statement,
            "feedback": feedback,
        },
    )


# --- Arguments of the portal's own URLs, by the kind of object a URL shows -----------------------------------------


def url_arguments(kind: str, portal: Portal) -> dict:
    """Keyword arguments for a URL showing `kind` of object (the ARGS column of the matrix)."""
    initiative, o = portal.initiative, portal.objects
    slug = o["body"].slug
    return {
        "": {},
        "initiative": {"reference": initiative.reference},
        "tracking": {"token": initiative.tracking_token},
        "attachment": {"reference": initiative.reference, "attachment_id": o["attachment"].pk},
        "year": {"year": initiative.arrival_year},
        "annual-file": {"pk": o["annual_file"].pk},
        "body": {"slug": slug},
        "term": {"slug": slug, "term_id": o["term"].pk},
        "seat": {"slug": slug, "seat_id": o["seat"].pk},
        "membership": {"slug": slug, "pk": o["membership"].pk},
        "meeting": {"slug": slug, "pk": o["meeting"].pk},
        "statement": {"slug": slug, "pk": o["statement"].pk},
        "feedback": {"pk": o["feedback"].pk},
    }[kind]


# --- The admin's URLs: filled from the model each pattern belongs to ---------------------------------------------

ADMIN_MODEL_NAME = re.compile(r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_(?P<view>[a-z_]+)$")
ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>[a-z_]+)/(?P<model>[a-z]+)/<path:object_id>/$")


def admin_model(route: Route):
    """The model class an admin pattern belongs to, or None for the admin's own pages."""
    for model in (model for model in apps.get_models() if admin_site.is_registered(model)):
        meta = model._meta
        match = ADMIN_MODEL_NAME.match(route.key)
        if match and route.key.startswith(f"admin:{meta.app_label}_{meta.model_name}_"):
            return model
        match = ADMIN_MODEL_ROUTE.match(route.route)
        if match and (match["app"], match["model"]) == (meta.app_label, meta.model_name):
            return model
    return None


def admin_view(route: Route) -> str:
    """changelist, add, change, delete, history, simple_history, password, redirect (the object's bare URL)."""
    model = admin_model(route)
    if route.key == "admin:auth_user_password_change":
        return "password"
    if model is None:
        return route.key
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
    return route.key.removeprefix(prefix) if route.key.startswith(prefix) else "redirect"


def admin_url(route: Route, portal: Portal) -> str:
    model = admin_model(route)
    view = admin_view(route)
    if route.key == "admin:app_list":
        return reverse(route.key, kwargs={"app_label": "ladder"})
    if route.key == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(Initiative)
        return reverse(route.key, kwargs={"content_type_id": content_type.pk, "object_id": portal.initiative.pk})
    if route.key == "admin:<admin/(?P<url>.*)$>":
        return "/admin/ei-ole/"
    if view == "password":
        return reverse(route.key, kwargs={"id": portal.users["registry"].pk})
    if model is None or view in {"changelist", "add"}:
        return reverse(route.key)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"build_portal() makes no {model.__name__} for {route.route}"
    if view == "simple_history":
        return reverse(route.key, args=[obj.pk, obj.history.order_by("history_id").first().history_id])
    if view == "redirect":
        meta = model._meta
        return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/"
    return reverse(route.key, kwargs={"object_id": obj.pk})
