"""Deterministic builders for initiatives: every value explicit, overridable by keyword."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count

from django.db import connection
from django.test import TestCase
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative
from osallisuus.models import Municipality, Organ, User

_numbers = count(1)


@contextmanager
def committed() -> Iterator[None]:
    """Run the on-commit callbacks (the email's delivery) registered inside, once, as the transaction's commit would:
    a test runs in a transaction that never commits. Unlike TestCase.captureOnCommitCallbacks alone, an enclosing
    capture does not run them a second time (which, after a test has moved the clock on, would be a second attempt
    at an email the first could not deliver). It takes them off the connection's list as Django's own capture reads
    it: Django has no public way to say that a callback has run."""
    start = len(connection.run_on_commit)
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
    del connection.run_on_commit[start:]


def make_municipality(name: str = "Pori", code: str = "609") -> Municipality:
    return Municipality.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_organ(name: str = "Aluehallitus", kind: str = Organ.Kind.BOARD) -> Organ:
    return Organ.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def make_initiative(**overrides) -> Initiative:
    """An initiative created through the service, as the web form would (receipt email included)."""
    number = next(_numbers)
    fields = {
        "initiator_kind": Initiative.InitiatorKind.RESIDENT,
        "name": f"Aloitteen Tekijä {number}",
        "title": f"Lisää penkkejä terveysaseman pihaan {number}",
        "text": "Terveysaseman pihassa ei ole paikkaa levätä. Ehdotan kahta penkkiä.",
        "arrived_on": timezone.localdate(),
        "email": f"tekija{number}@example.invalid",
        "letter_language": "fi",
    }
    fields.update(overrides)
    if "home_municipality" not in fields:
        fields["home_municipality"] = make_municipality()
    return services.initiative_create(**fields)


def make_noticed(user: User, *, organ: Organ | None = None, **overrides) -> Initiative:
    """An initiative whose one-month notice was sent (Initiative.Notice): its email delivered as the transaction
    commits, or, to an initiator without email, its letter posted today."""
    initiative = make_initiative(**overrides)
    with committed():
        initiative = services.initiative_send_notice(
            initiative=initiative,
            user=user,
            handling_organ=organ or make_organ(),
            estimated_completion=timezone.localdate() + datetime.timedelta(days=90),
            info_contact_name="Ville Valmistelija",
            info_contact_email="ville.valmistelija@example.invalid",
        )
    if initiative.notice_awaits_posting:
        services.initiative_record_notice_posted(initiative=initiative, user=user, posted_on=timezone.localdate())
    initiative.refresh_from_db()
    return initiative


def send_final_notice(initiative: Initiative, user: User) -> Initiative:
    """The final notice sent (Initiative.Notice): its email delivered as the transaction commits, or its letter
    posted today."""
    with committed():
        initiative = services.initiative_send_final_notice(initiative=initiative, user=user)
    if initiative.final_notice_awaits_posting:
        services.initiative_record_final_notice_posted(initiative=initiative, user=user, posted_on=timezone.localdate())
    initiative.refresh_from_db()
    return initiative


def make_decided(user: User, *, outcome: str = Initiative.Outcome.YES, **overrides) -> Initiative:
    initiative = make_noticed(user, **overrides)
    return services.initiative_record_decision(
        initiative=initiative,
        user=user,
        outcome=outcome,
        measures="Pihaan hankitaan kaksi penkkiä keväällä.",
        decision_organ=initiative.handling_organ,
        decision_date=timezone.localdate(),
        decision_section="§ 12",
    )


def make_published(user: User, **overrides) -> Initiative:
    initiative = make_initiative(**overrides)
    return services.initiative_publish(initiative=initiative, user=user)
