"""Random sequences of real actions on initiatives, with the rules checked after every step.

A hypothesis state machine drives the public form, the services, the staff page (sending the notice, publishing),
the admin's change form (corrections, including turning a consenting resident into a service user after publication),
the council's declaration, the mail server delivering what is queued (a notice counts as sent only then) and the
letters recorded as posted, in any order: steps the transition table does not allow are tried too, and must be
refused with nothing stored. The steps get the initiative as it was when it entered the machine, so most act on a
stale copy, as a second member of staff with an old page open would. The clock moves on between steps, so
arrivals, notices and decisions fall on different days and some initiatives arrive long before they are registered.

Invariants, checked after every step:

1. No public output (the list, every published initiative's page, the Atom feed, the open data JSON, the yearly
   list of every arrival year) contains an initiator's email, phone or postal address, a service user's name or the
   name of an initiator who did not consent; a service user's municipality is not on their initiative's page.
2. "Published" in SQL and in Python agree: `published()` holds exactly the rows whose `is_published` is true.
3. The final notice is never sent (prepared) before the one-month notice, nor without it; a notice counts as sent
   (given: its email delivered or its letter posted) only after it was prepared.
4. An initiative declared fully processed had its final notice sent, or its declaration's history row says the
   staff confirmed it without one.
5. Every change after arrival has a history row with a user and a reason (a notice's delivery by email is recorded by
   no person, with its reason); the arrival has its reason too.
6. Every deadline equals `month_deadline(arrived_on)`.
7. The status is one the transition table can reach with the recorded facts (a notice for "in progress", a decision
   for "decided", a final notice for "answered"; the notices as prepared).

`make test` runs a few hundred steps (tests/hypothesis_profiles.py); HYPOTHESIS_PROFILE=long runs ten times more.
"""

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from initiatives import services
from initiatives.annual import annual_list
from initiatives.models import Initiative
from initiatives.reports import AnnualListReport
from osallisuus.deadlines import month_deadline
from osallisuus.models import Municipality, Organ
from osallisuus.outbox import outbox_retry_undelivered
from osallisuus.roles import Role
from tests.conftest import make_user
from tests.hypothesis_profiles import STATE_MACHINE

Kind = Initiative.InitiatorKind
Status = Initiative.Status
START = datetime.datetime(2026, 1, 12, 9, 0, tzinfo=datetime.UTC)


class Secrets:
    """Unique strings per initiator, so that finding one in an output can only mean it leaked."""

    def __init__(self, number: int) -> None:
        self.name = f"Tekijä{number:03d} Salanimi{number:03d}"
        self.email = f"tekija{number:03d}@example.invalid"
        self.phone = f"+358 40 {number:03d} 7717"
        self.address = f"Salakatu {number:03d} B"


class InitiativeMachine(RuleBasedStateMachine):
    initiatives = Bundle("initiatives")

    def __init__(self) -> None:
        super().__init__()
        self.clock = time_machine.travel(START, tick=False)
        self.now = self.clock.start()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.registry = make_user("sm-kirjaamo", Role.REGISTRY)
        self.hyte = make_user("sm-hyte", Role.HYTE)
        self.admin = make_user("sm-admin", superuser=True)
        self.organ = Organ.objects.create(name="Aluevaltuusto", kind=Organ.Kind.COUNCIL)
        self.pori = Municipality.objects.create(name="Pori", code="609")
        self.siikainen = Municipality.objects.create(name="Siikainen", code="747")
        self.secrets: dict[int, Secrets] = {}
        self.confirmed_unfinished: set[int] = set()
        self.public = Client()

    def staff(self, user) -> Client:
        """A client logged in as `user` now (staff sessions end after a while and the clock moves on by days)."""
        client = Client()
        client.force_login(user)
        return client

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.clock.stop()

    # --- Steps ------------------------------------------------------------------------------------------------------

    @rule(days=st.integers(min_value=1, max_value=45))
    def days_pass(self, days: int) -> None:
        self.now.shift(datetime.timedelta(days=days))

    @rule(
        target=initiatives,
        kind=st.sampled_from([Kind.RESIDENT, Kind.SERVICE_USER, Kind.ORGANISATION]),
        consent=st.booleans(),
        days_ago=st.sampled_from([0, 0, 3, 40]),
        by_email=st.booleans(),
    )
    def arrive(self, kind: str, consent: bool, days_ago: int, by_email: bool) -> Initiative:
        secrets = Secrets(len(self.secrets) + 1)
        initiative = services.initiative_create(
            initiator_kind=kind,
            name=secrets.name,
            title=f"Aloite {len(self.secrets) + 1}",
            text="Ehdotan parempia palveluja.",
            arrived_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            channel=Initiative.Channel.WEB if days_ago == 0 else Initiative.Channel.PAPER,
            home_municipality=self.siikainen if kind == Kind.SERVICE_USER else self.pori,
            email=secrets.email if by_email else "",
            postal_address=secrets.address,
            phone=secrets.phone,
            name_publication_consent=consent,
            service="Kotihoito" if kind == Kind.SERVICE_USER else "",
            user=None if days_ago == 0 else self.registry,
        )
        self.secrets[initiative.pk] = secrets
        return initiative

    @rule(target=initiatives, service_user=st.booleans(), consent=st.booleans())
    def arrive_by_the_web_form(self, service_user: bool, consent: bool) -> Initiative:
        """The public form, as a resident or a service user would send it (the consent box ticked or not)."""
        secrets = Secrets(len(self.secrets) + 1)
        token = self.public.get("/aloitteet/uusi/").context["form"]["form_token"].value()
        self.now.shift(datetime.timedelta(hours=1))  # a person takes a while; the form's rate limit is per hour
        data = {
            "initiator_kind": Kind.SERVICE_USER if service_user else Kind.RESIDENT,
            "service": "Kotihoito" if service_user else "",
            "name": secrets.name,
            "home_municipality": (self.siikainen if service_user else self.pori).pk,
            "email": secrets.email,
            "postal_address": secrets.address,
            "phone": secrets.phone,
            "letter_language": "fi",
            "title": f"Aloite {len(self.secrets) + 1}",
            "text": "Ehdotan parempia palveluja.",
            "form_token": token,
            "homepage": "",
        }
        if consent:
            data["name_publication_consent"] = "on"
        response = self.public.post("/aloitteet/uusi/", data)
        assert response.status_code == 302, response.context["form"].errors
        initiative = Initiative.objects.get(email=secrets.email)
        self.secrets[initiative.pk] = secrets
        return initiative

    def _attempt(self, initiative: Initiative, step: str, call) -> None:
        """Take `step`: it must succeed exactly when the transition table allows it (validation aside)."""
        initiative.refresh_from_db()
        allowed = initiative.allows(step)
        before = initiative.history.count()
        try:
            call()
        except services.TransitionError:
            assert not allowed, f"{step} refused although the table allows it from {initiative.status}"
            assert initiative.history.count() == before
            return
        except ValidationError:
            assert initiative.history.count() == before
            return
        assert allowed, f"{step} taken from {initiative.status} although the table does not allow it"

    @rule(initiative=initiatives)
    def send_notice_in_the_workspace(self, initiative: Initiative) -> None:
        initiative.refresh_from_db()
        allowed, sent_before = initiative.allows("send_notice"), initiative.notice_sent_at
        prepared_before = initiative.notice_prepared_at
        response = self.staff(self.registry).post(
            reverse("initiatives:staff-detail", args=[initiative.reference]),
            {
                "send_notice": "",
                "send_notice-handling_organ": self.organ.pk,
                "send_notice-estimated_completion": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
                "send_notice-info_contact_name": "Ville Valmistelija",
                "send_notice-info_contact_email": "ville@example.invalid",
            },
        )
        assert response.status_code == 302
        initiative.refresh_from_db()
        if allowed:
            assert initiative.notice_prepared_at == timezone.now()
            assert initiative.status == Status.IN_PROGRESS
        else:
            assert initiative.notice_prepared_at == prepared_before
        assert initiative.notice_sent_at == sent_before  # sent only once its email is delivered or its letter posted

    @rule()
    def mail_server_delivers(self) -> None:
        """`manage.py send_outbox`: every message due is delivered (the locmem backend accepts them all)."""
        outbox_retry_undelivered()

    @rule(initiative=initiatives, final=st.booleans())
    def record_letter_posted(self, initiative: Initiative, final: bool) -> None:
        service = services.initiative_record_final_notice_posted if final else services.initiative_record_notice_posted
        self._attempt(
            initiative,
            "record_final_notice_posted" if final else "record_notice_posted",
            lambda: service(initiative=initiative, user=self.registry, posted_on=timezone.localdate()),
        )

    @rule(initiative=initiatives, held=st.booleans())
    def record_hearing(self, initiative: Initiative, held: bool) -> None:
        today = timezone.localdate()
        self._attempt(
            initiative,
            "record_hearing",
            lambda: services.initiative_record_hearing(
                initiative=initiative, user=self.registry, offered_on=today, held_on=today if held else None
            ),
        )

    @rule(initiative=initiatives, outcome=st.sampled_from(Initiative.Outcome.values))
    def record_decision(self, initiative: Initiative, outcome: str) -> None:
        self._attempt(
            initiative,
            "record_decision",
            lambda: services.initiative_record_decision(
                initiative=initiative,
                user=self.registry,
                outcome=outcome,
                measures="Toimenpiteet kirjattu.",
                decision_organ=self.organ,
                decision_date=timezone.localdate(),
                decision_section="§ 1",
            ),
        )

    @rule(initiative=initiatives)
    def send_final_notice(self, initiative: Initiative) -> None:
        self._attempt(
            initiative,
            "send_final_notice",
            lambda: services.initiative_send_final_notice(initiative=initiative, user=self.registry),
        )

    @rule(initiative=initiatives, redacted=st.booleans())
    def publish_in_the_workspace(self, initiative: Initiative, redacted: bool) -> None:
        initiative.refresh_from_db()
        response = self.staff(self.hyte).post(
            reverse("initiatives:staff-detail", args=[initiative.reference]),
            {
                "publish": "",
                "publish-public_title": "Julkinen otsikko" if redacted else "",
                "publish-public_text": "Julkinen teksti ilman henkilötietoja." if redacted else "",
            },
        )
        assert response.status_code in {200, 302}
        if initiative.allows("publish") and (redacted or not initiative.is_service_user):
            initiative.refresh_from_db()
            assert initiative.is_published

    @rule(initiative=initiatives)
    def unpublish(self, initiative: Initiative) -> None:
        self._attempt(
            initiative,
            "unpublish",
            lambda: services.initiative_unpublish(initiative=initiative, user=self.hyte, reason="Poistettu"),
        )

    @rule(initiative=initiatives)
    def reclassify(self, initiative: Initiative) -> None:
        self._attempt(
            initiative,
            "reclassify",
            lambda: services.initiative_reclassify(
                initiative=initiative, user=self.registry, kind="feedback", message="Käsitellään palautteena."
            ),
        )

    @rule(initiative=initiatives, to_service_user=st.booleans())
    def correct_in_the_admin(self, initiative: Initiative, to_service_user: bool) -> None:
        """An administrator corrects the facts; turning the initiator into a service user after publication."""
        client = self.staff(self.admin)
        url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
        form = client.get(url).context["adminform"].form
        data = {name: form.initial.get(name) for name in form.fields}
        data = {name: ("" if value is None else value) for name, value in data.items() if value is not False}
        data.update({"title": f"{data['title']} (korjattu)"[:200]})
        if to_service_user:
            data.update({"initiator_kind": Kind.SERVICE_USER, "service": "Kotihoito"})
        for prefix in ("co_initiators", "attachments"):
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        initiative.refresh_from_db()
        status = initiative.status
        response = client.post(url, data)
        assert response.status_code == 302
        initiative.refresh_from_db()
        assert initiative.status == status

    @rule(chosen=st.lists(initiatives, min_size=1, max_size=3, unique_by=lambda i: i.pk), confirm=st.booleans())
    def declare_processed(self, chosen: list[Initiative], confirm: bool) -> None:
        for initiative in chosen:
            initiative.refresh_from_db()
        unfinished = [i for i in chosen if i.final_notice_sent_at is None]
        declared_before = {i.pk: i.declared_processed_in_id for i in chosen}
        try:
            services.initiatives_declare_processed(
                user=self.hyte,
                organ=self.organ,
                meeting_date=timezone.localdate(),
                section="§ 9",
                list_year=max(i.arrival_year for i in chosen),
                initiatives=chosen,
                confirmed_unfinished=unfinished if confirm else (),
            )
        except (services.TransitionError, ValidationError):
            for initiative in chosen:
                initiative.refresh_from_db()
                assert initiative.declared_processed_in_id == declared_before[initiative.pk]
            return
        assert confirm or not unfinished, "an initiative without a final notice was declared without confirmation"
        self.confirmed_unfinished.update(i.pk for i in unfinished)

    # --- Invariants -------------------------------------------------------------------------------------------------

    def _public_outputs(self) -> dict[str, str]:
        outputs = {
            "list": self.public.get("/aloitteet/").text,
            "feed": self.public.get("/aloitteet/syote/").text,
            "open data": json.dumps(json.loads(self.public.get("/aloitteet/avoin-data.json").text), ensure_ascii=False),
        }
        for year in set(Initiative.objects.values_list("arrival_year", flat=True)):
            outputs[f"yearly list {year}"] = (
                AnnualListReport(annual_list(year=year, organ=None)).csv().decode("utf-8-sig")
            )
        return outputs

    @invariant()
    def no_public_output_holds_personal_data(self) -> None:
        initiatives = list(Initiative.objects.all())
        outputs = self._public_outputs()
        for initiative in initiatives:
            if initiative.is_published:
                page = self.public.get(f"/aloitteet/{initiative.reference}/").text
                outputs[f"page {initiative.reference}"] = page
                if initiative.is_service_user:
                    assert "Siikainen" not in page, initiative.reference
        for initiative in initiatives:
            secrets = self.secrets[initiative.pk]
            forbidden = [secrets.email, secrets.phone, secrets.address]
            if initiative.is_service_user or not initiative.name_publication_consent:
                forbidden.append(secrets.name)
            for where, content in outputs.items():
                for secret in forbidden:
                    assert secret not in content, f"{secret!r} of {initiative.reference} on {where}"

    @invariant()
    def published_agrees_in_sql_and_python(self) -> None:
        published = set(Initiative.objects.published().values_list("pk", flat=True))
        for initiative in Initiative.objects.all():
            assert initiative.is_published is (initiative.pk in published)

    @invariant()
    def notices_in_order_and_deadlines_exact(self) -> None:
        for initiative in Initiative.objects.all():
            assert initiative.notice_due_on == month_deadline(initiative.arrived_on)
            if initiative.final_notice_prepared_at is not None:
                assert initiative.notice_prepared_at is not None
                assert initiative.final_notice_prepared_at >= initiative.notice_prepared_at
            for notice in Initiative.NOTICES.values():
                given, prepared = getattr(initiative, notice.given), getattr(initiative, notice.prepared)
                assert given is None or (prepared is not None and given >= prepared), (initiative.reference, notice)
            status = initiative.status
            assert (status == Status.IN_PROGRESS) <= (initiative.notice_prepared_at is not None)
            assert (status == Status.DECIDED) <= bool(initiative.outcome)
            assert (status == Status.ANSWERED) <= (initiative.final_notice_prepared_at is not None)
            assert (status == Status.RECEIVED) <= (initiative.notice_prepared_at is None)

    @invariant()
    def declared_only_when_answered_or_confirmed(self) -> None:
        for initiative in Initiative.objects.filter(declared_processed_in__isnull=False).select_related(
            "declared_processed_in"
        ):
            declared = initiative.history.filter(declared_processed_in__isnull=False).earliest("history_date")
            if declared.final_notice_sent_at is None:
                assert initiative.pk in self.confirmed_unfinished, initiative.reference
                expected = gettext(
                    "Declared fully processed although the final notice had not been sent (confirmed): %(decision)s"
                ) % {"decision": initiative.declared_processed_in}
                assert declared.history_change_reason == expected

    @invariant()
    def every_change_has_a_user_and_a_reason(self) -> None:
        delivered = {gettext("One-month notice delivered by email"), gettext("Final notice delivered by email")}
        for row in Initiative.history.all():
            assert row.history_change_reason, (row.reference, row.history_type)
            if row.history_type == "~" and row.history_change_reason not in delivered:
                assert row.history_user_id is not None, (row.reference, row.history_change_reason)


@pytest.mark.django_db
def test_initiatives_keep_their_rules_over_random_sequences_of_actions():
    run_state_machine_as_test(InitiativeMachine, settings=STATE_MACHINE)
