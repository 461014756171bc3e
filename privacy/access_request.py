"""Answering a data subject's access request (GDPR art. 15) from the portal's own data (DOMAIN.md).

`personal_data_of(query)` collects everything the portal holds under one email address or one name: initiatives
made as the initiator or signed as a co-initiator, the emails sent (with the mail server's answer when one could not
be delivered), memberships of advisory bodies with the meetings attended, accessibility feedback, and a staff
account, each with its history rows. `access_request_export` builds it for a member of staff and logs the export
(who, when, query, how many records).

Matching is exact (case and surrounding spaces aside), never a substring, so "Anna" finds nobody called "Anna
Virtanen". Other people's data is left out: a co-initiator's export has the initiative's title and reference but not
the initiator's details; an initiator's export counts the co-initiators without naming them; a deputy's export has
the deputy's fields of the membership, not the member's. Staff who handled a case are not named in history rows.

This module reads every app's models, as the privacy app may: the request is about everything the portal holds.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat, Lower, Trim
from django.utils import timezone

from accessibility.models import AccessibilityFeedback
from bodies.models import Attendance, Membership
from initiatives.models import CoInitiator, Initiative
from osallisuus.models import OutboxMessage, User
from privacy.models import AccessRequestExport

INITIATOR_FIELDS = (
    "name",
    "initiator_kind",
    "membership_grounds",
    "email",
    "phone",
    "postal_address",
    "letter_language",
    "name_publication_consent",
)
INITIATIVE_FIELDS = (
    "reference",
    "arrived_on",
    "channel",
    "status",
    *INITIATOR_FIELDS,
    "title",
    "text",
    "service",
    "estimated_completion",
    "info_contact_name",
    "info_contact_email",
    "info_contact_phone",
    "notice_sent_at",
    "hearing_offered_on",
    "hearing_held_on",
    "hearing_notes",
    "outcome",
    "measures",
    "decision_date",
    "decision_section",
    "final_notice_sent_at",
    "publication_state",
    "published_at",
    "public_text",
    "reclassified_as",
    "reclassification_message",
)
MEMBER_FIELDS = {
    "member": ("member_name", "member_email", "member_phone"),
    "deputy": ("deputy_name", "deputy_email", "deputy_phone"),
}
FEEDBACK_FIELDS = (
    "received_at",
    "page_url",
    "message",
    "sender_name",
    "email",
    "language",
    "answered_at",
    "answer_note",
)


@dataclass(frozen=True)
class Query:
    """An email address (contains "@") or a name, compared without case and surrounding spaces."""

    text: str

    @property
    def is_email(self) -> bool:
        return "@" in self.text

    @property
    def normalised(self) -> str:
        return " ".join(self.text.split()).casefold()


def _matches(field: str, query: Query) -> Q:
    return Q(**{f"{field}__iexact": query.text.strip()})


def _matching_ids(model, fields: tuple[str, ...], query: Query) -> set[int]:
    """Ids of rows that hold the query in any of `fields` now or in any history row."""
    condition = Q()
    for name in fields:
        condition |= _matches(name, query)
    ids = set(model.objects.filter(condition).values_list("pk", flat=True))
    if hasattr(model, "history"):
        ids |= set(model.history.model.objects.filter(condition).values_list("id", flat=True))
    return ids


def _values(instance, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _history(model, object_id: int, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = model.history.model.objects.filter(id=object_id).order_by("history_date", "history_id")
    return [
        {"changed_at": row.history_date, "change": row.history_change_reason or "", **_values(row, fields)}
        for row in rows
    ]


def _initiatives(query: Query) -> list[dict[str, Any]]:
    fields = ("email",) if query.is_email else ("name",)
    ids = _matching_ids(Initiative, fields, query)
    initiatives = (
        Initiative.objects.filter(pk__in=ids)
        .select_related("home_municipality", "handling_organ", "decision_organ", "declared_processed_in__organ")
        .prefetch_related("attachments", "co_initiators")
        .order_by("arrived_on", "sequence")
    )
    result = []
    for initiative in initiatives:
        declaration = initiative.declared_processed_in
        result.append(
            {
                **_values(initiative, INITIATIVE_FIELDS),
                "home_municipality": initiative.home_municipality.name if initiative.home_municipality else None,
                "handling_organ": initiative.handling_organ.name if initiative.handling_organ else None,
                "decision_organ": initiative.decision_organ.name if initiative.decision_organ else None,
                "declared_fully_processed": (
                    {
                        "organ": declaration.organ.name,
                        "meeting_date": declaration.meeting_date,
                        "section": declaration.section,
                    }
                    if declaration
                    else None
                ),
                "co_initiators": len(initiative.co_initiators.all()),
                "attachments": [
                    {"file_name": a.original_name, "type": a.content_type, "size": a.size, "uploaded_at": a.uploaded_at}
                    for a in initiative.attachments.all()
                ],
                "history": _history(Initiative, initiative.pk, ("status", *INITIATOR_FIELDS)),
            }
        )
    return result


def _co_initiated(query: Query) -> list[dict[str, Any]]:
    if query.is_email:
        return []  # co-initiators give no address
    ids = _matching_ids(CoInitiator, ("name",), query)
    rows = CoInitiator.objects.filter(pk__in=ids).select_related("initiative", "municipality").order_by("pk")
    return [
        {
            "initiative": co.initiative.reference,
            "title": co.initiative.title,
            "arrived_on": co.initiative.arrived_on,
            "name": co.name,
            "municipality": co.municipality.name if co.municipality else None,
            "history": _history(CoInitiator, co.pk, ("name",)),
        }
        for co in rows
    ]


def _emails(query: Query, initiative_references: list[str]) -> list[dict[str, Any]]:
    initiatives = Initiative.objects.filter(reference__in=initiative_references)
    matching = OutboxMessage.objects.about_any(initiatives).exclude(kind=OutboxMessage.Kind.REMINDER)
    if query.is_email:
        matching |= OutboxMessage.objects.filter(_matches("recipient", query))
    messages = list(matching.order_by("created_at", "pk"))
    about_initiatives = {m.about_row_of(Initiative) for m in messages} - {None}
    references = dict(Initiative.objects.filter(pk__in=about_initiatives).values_list("pk", "reference"))
    return [
        {
            "kind": m.kind,
            "initiative": references.get(m.about_row_of(Initiative)),
            "recipient": m.recipient,
            "subject": m.subject,
            "body": m.body,
            "created_at": m.created_at,
            "sent_at": m.sent_at,
            "delivery_error": m.last_error,
        }
        for m in messages
    ]


def _memberships(query: Query) -> list[dict[str, Any]]:
    result = []
    for role, fields in MEMBER_FIELDS.items():
        match_field = fields[1] if query.is_email else fields[0]
        ids = _matching_ids(Membership, (match_field,), query)
        memberships = (
            Membership.objects.filter(pk__in=ids)
            .select_related("seat__term__body", "seat__municipality")
            .order_by("start", "pk")
        )
        for membership in memberships:
            seat = membership.seat
            attended = Attendance.Attendee.MEMBER if role == "member" else Attendance.Attendee.DEPUTY
            end = membership.end or seat.term.end
            meetings = [
                a.meeting.date
                for a in Attendance.objects.filter(seat=seat, attendee=attended).select_related("meeting")
                if membership.start <= a.meeting.date <= end
            ]
            result.append(
                {
                    "body": seat.term.body.name,
                    "term": {"start": seat.term.start, "end": seat.term.end},
                    "seat": str(seat),
                    "as": role,
                    "role": membership.role,
                    "start": membership.start,
                    "end": membership.end,
                    **_values(membership, fields),
                    "meetings_attended": sorted(meetings),
                    "history": _history(Membership, membership.pk, fields),
                }
            )
    return result


def _feedback(query: Query) -> list[dict[str, Any]]:
    field = "email" if query.is_email else "sender_name"
    ids = _matching_ids(AccessibilityFeedback, (field,), query)
    rows = AccessibilityFeedback.objects.filter(pk__in=ids).order_by("received_at", "pk")
    return [
        {**_values(f, FEEDBACK_FIELDS), "history": _history(AccessibilityFeedback, f.pk, ("sender_name", "email"))}
        for f in rows
    ]


def _staff_accounts(query: Query) -> list[dict[str, Any]]:
    users: QuerySet[User]
    if query.is_email:
        users = User.objects.filter(_matches("email", query))
    else:
        full_name = Lower(Trim(Concat("first_name", Value(" "), "last_name")))
        users = User.objects.annotate(full_name_lower=full_name).filter(full_name_lower=query.normalised)
    return [
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "job_title": user.job_title,
            "work_phone": user.work_phone,
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        }
        for user in users.order_by("pk")
    ]


def personal_data_of(query: Query) -> dict[str, list[dict[str, Any]]]:
    """Everything held under the query, by kind (rules in the module docstring)."""
    initiatives = _initiatives(query)
    return {
        "initiatives": initiatives,
        "co_initiated": _co_initiated(query),
        "emails": _emails(query, [i["reference"] for i in initiatives]),
        "memberships": _memberships(query),
        "accessibility_feedback": _feedback(query),
        "staff_accounts": _staff_accounts(query),
    }


@transaction.atomic
def access_request_export(*, user: User, query: str, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The export for one access request, logged as an AccessRequestExport in the same transaction."""
    parsed = Query(query.strip())
    data = personal_data_of(parsed)
    count = sum(len(records) for records in data.values())
    AccessRequestExport.objects.create(exported_by=user, query=parsed.text, record_count=count)
    return {
        "controller": settings.REGION_NAME,
        "query": parsed.text,
        "exported_at": now or timezone.now(),
        "record_count": count,
        **data,
    }
