"""manage.py apply_retention: each rule, its boundary day, idempotency, history rows and files in storage."""

import datetime
import io

import pytest
import time_machine
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from bodies import services as body_services
from bodies.models import Meeting, Membership
from initiatives import services
from initiatives.models import AnnualReportFile, Attachment, CoInitiator, Initiative
from initiatives.services import AttachmentData, CoInitiatorData
from osallisuus.models import OutboxMessage
from osallisuus.outbox import outbox_give_up
from osallisuus.roles import Role
from privacy.management.commands.apply_retention import apply_retention
from privacy.models import RetentionRun
from tests.bodies.factories import fill_term, helsinki, make_body, make_meeting, make_municipalities, make_term
from tests.conftest import make_user
from tests.initiatives.factories import committed, make_initiative, make_organ
from tests.initiatives.smtp import loopback_smtp

REMOVED = "[…]"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DECLARED_ON = datetime.date(2026, 6, 10)


def at(day: datetime.date, hour: int = 12):
    return time_machine.travel(timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour)), tick=False)


def run(day: datetime.date, *args: str) -> str:
    out = io.StringIO()
    with at(day, hour=2):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def registry(db):
    return make_user("kirjaaja", Role.REGISTRY)


def _closed_initiative(registry, *, consent: bool = False, publish: bool = False, **fields) -> Initiative:
    """An initiative of 2025 answered and then declared fully processed on DECLARED_ON, with co-initiators, an
    attachment and the emails of its whole life."""
    with at(datetime.date(2025, 3, 3)):
        initiative = make_initiative(
            arrived_on=datetime.date(2025, 3, 3),
            name=fields.pop("name", "Maija Meikäläinen"),
            email=fields.pop("email", "maija@example.invalid"),
            phone="040 123 4567",
            postal_address="Kotikatu 1\n28100 Pori",
            membership_grounds="Omistan kesämökin Merikarvialla",
            name_publication_consent=consent,
            co_initiators=[CoInitiatorData(name="Kalle Kanssatekijä")],
            attachments=[AttachmentData(original_name="maija-liite.pdf", content_type="application/pdf", content=PDF)],
            **fields,
        )
        organ = make_organ()
        with committed():  # its email is delivered (tried) as it commits
            initiative = services.initiative_send_notice(
                initiative=initiative,
                user=registry,
                handling_organ=organ,
                estimated_completion=datetime.date(2025, 9, 1),
                info_contact_name="Ville Valmistelija",
                info_contact_email="ville@example.invalid",
            )
        initiative = services.initiative_record_hearing(
            initiative=initiative, user=registry, offered_on=datetime.date(2025, 3, 3), notes="Maija kertoi penkeistä."
        )
    with at(datetime.date(2025, 5, 5)):
        initiative = services.initiative_record_decision(
            initiative=initiative,
            user=registry,
            outcome=Initiative.Outcome.YES,
            measures="Penkit hankitaan.",
            decision_organ=organ,
            decision_date=datetime.date(2025, 5, 5),
        )
        with committed():
            initiative = services.initiative_send_final_notice(initiative=initiative, user=registry)
        initiative.refresh_from_db()
        if initiative.final_notice_sent_at is None:  # the mail server is down: the letter is posted instead
            final = OutboxMessage.objects.about(initiative).get(kind=OutboxMessage.Kind.FINAL_NOTICE)
            outbox_give_up(message_id=final.pk, user=registry)
            initiative = services.initiative_record_final_notice_posted(
                initiative=initiative, user=registry, posted_on=datetime.date(2025, 5, 5)
            )
        if publish:
            initiative = services.initiative_publish(initiative=initiative, user=registry)
    with at(DECLARED_ON):
        services.initiatives_declare_processed(
            user=registry,
            organ=organ,
            meeting_date=DECLARED_ON,
            section="§ 40",
            list_year=2025,
            initiatives=[initiative],
        )
    initiative.refresh_from_db()
    return initiative


def _retention_day(settings) -> datetime.date:
    """The first day the initiator's data may be removed: the day after the kept period."""
    return DECLARED_ON + datetime.timedelta(days=settings.RETENTION_INITIATOR_CONTACT_DAYS + 1)


# --- Initiatives ----------------------------------------------------------------------------------------------


def test_initiator_data_kept_through_the_last_day_of_the_period(registry, settings, django_capture_on_commit_callbacks):
    initiative = _closed_initiative(registry)
    last_kept = _retention_day(settings) - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        output = run(last_kept)
    assert "Nothing to remove" in output
    initiative.refresh_from_db()
    assert initiative.email == "maija@example.invalid"
    assert initiative.name == "Maija Meikäläinen"
    assert initiative.attachments.count() == 1


def test_initiator_contact_details_name_attachments_and_emails_removed_the_next_day(
    registry, settings, django_capture_on_commit_callbacks
):
    initiative = _closed_initiative(registry)
    attachment = initiative.attachments.get()
    stored_file = settings.MEDIA_ROOT / attachment.file.name
    assert stored_file.exists()
    assert OutboxMessage.objects.about(initiative).count() == 3  # receipt, notice, final notice

    with django_capture_on_commit_callbacks(execute=True):
        output = run(_retention_day(settings))

    initiative.refresh_from_db()
    assert (initiative.email, initiative.phone, initiative.postal_address) == ("", "", "")
    assert initiative.membership_grounds == ""
    assert initiative.hearing_notes == ""
    assert initiative.name == REMOVED
    # The initiative itself stays: a public document kept as the archive rules require.
    assert initiative.title.startswith("Lisää penkkejä")
    assert initiative.measures == "Penkit hankitaan."
    assert initiative.home_municipality is not None
    assert initiative.hearing_offered_on == datetime.date(2025, 3, 3)
    assert list(CoInitiator.objects.filter(initiative=initiative).values_list("name", flat=True)) == [REMOVED]
    assert not Attachment.objects.filter(initiative=initiative).exists()
    assert not stored_file.exists()
    messages = list(OutboxMessage.objects.about(initiative).all())
    assert len(messages) == 3
    assert all(m.recipient == "" and m.body == "" for m in messages)
    assert {m.kind for m in messages} == {"receipt", "notice", "final_notice"}  # proof of the notices stays
    assert all(m.subject and m.created_at for m in messages)
    assert "Cleaned initiatives.initiatives: 1" in output
    assert "Cleaned initiatives.attachments: 1" in output
    assert "Cleaned initiatives.messages: 3" in output


def test_history_rows_of_the_initiative_hold_no_personal_data(registry, settings, django_capture_on_commit_callbacks):
    initiative = _closed_initiative(registry)
    history = Initiative.history.model.objects.filter(id=initiative.pk)
    before = history.count()
    assert history.filter(email="maija@example.invalid").count() == before

    with django_capture_on_commit_callbacks(execute=True):
        run(_retention_day(settings))

    assert history.count() == before + 1  # the old rows stay (the audit trail), cleaned; one row records the removal
    for field in ("email", "phone", "postal_address", "membership_grounds", "hearing_notes"):
        assert not history.exclude(**{field: ""}).exists(), field
    assert set(history.values_list("name", flat=True)) == {REMOVED}
    # who did what and when is kept
    assert set(history.values_list("history_user", flat=True)) == {registry.pk, None}
    latest = history.order_by("-history_date").first()
    assert latest.history_change_reason == "Henkilötiedot poistettu: säilytysaika päättyi"


@pytest.fixture
def mail_server_down(settings):
    """Django's mail goes to a loopback SMTP server that is not running: every email fails and keeps its error."""
    yield from loopback_smtp(settings)


def _rows_holding(values: list[str]) -> list[str]:
    """Every row of the initiatives app, its history tables included, with one of `values` in a text field."""
    found = []
    for model in apps.get_app_config("initiatives").get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for value in values if names else []:
            condition = models.Q(*[models.Q(**{f"{name}__icontains": value}) for name in names], _connector="OR")
            found += [f"{model.__name__} {pk}: {value}" for pk in model.objects.filter(condition).values_list("pk")]
    return found


def test_no_copy_of_the_initiators_data_is_left_in_any_table(
    registry, settings, mail_server_down, django_capture_on_commit_callbacks
):
    """The initiative, its history rows, its co-initiators and theirs, its attachments and files, and its emails with
    the error text of each failed delivery."""
    with django_capture_on_commit_callbacks(execute=True):
        initiative = _closed_initiative(registry)
    messages = OutboxMessage.objects.about(initiative).filter().order_by("pk")
    assert messages.count() == 3
    assert all(m.sent_at is None and m.last_error for m in messages.all())
    personal = ["maija", "Meikäläinen", "Kotikatu", "040 123 4567", "Merikarvialla", "Kanssatekijä"]
    assert _rows_holding(personal)
    stored_file = settings.MEDIA_ROOT / initiative.attachments.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        output = run(_retention_day(settings))

    assert _rows_holding(personal) == []
    assert list(messages.values_list("recipient", "body", "last_error")) == [("", "", "")] * 3
    assert all(m.subject and m.attempts == 1 for m in messages.all())  # the record of what was tried stays
    assert not stored_file.exists()
    assert "Cleaned initiatives.messages: 3" in output
    # Nothing left: the next run finds nothing, and the emails whose address is gone are never sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert "Nothing to remove" in run(_retention_day(settings) + datetime.timedelta(days=1))
    call_command("send_outbox", stdout=io.StringIO())
    assert set(messages.values_list("attempts", flat=True)) == {1}


def test_the_error_text_alone_is_reason_enough_to_clean(
    registry, settings, mail_server_down, django_capture_on_commit_callbacks
):
    """An email whose address and text are already gone but whose error text is not still counts as data left."""
    with django_capture_on_commit_callbacks(execute=True):
        initiative = _closed_initiative(registry)
    OutboxMessage.objects.about(initiative).filter().update(recipient="", body="")
    with django_capture_on_commit_callbacks(execute=True):
        run(_retention_day(settings))
    assert set(OutboxMessage.objects.about(initiative).filter().values_list("last_error", flat=True)) == {""}


def test_tracking_link_error_text_is_cleaned_too(
    registry, settings, mail_server_down, django_capture_on_commit_callbacks
):
    sent_on = datetime.date(2025, 2, 2)
    with at(sent_on), django_capture_on_commit_callbacks(execute=True):
        make_initiative(arrived_on=sent_on, email="linkki@example.invalid")
        services.initiative_resend_tracking_links(email="linkki@example.invalid", language="fi")
    link = OutboxMessage.objects.get(kind=OutboxMessage.Kind.TRACKING_LINK)
    assert link.last_error
    with django_capture_on_commit_callbacks(execute=True):
        run(sent_on + datetime.timedelta(days=settings.RETENTION_INITIATOR_CONTACT_DAYS + 1))
    link.refresh_from_db()
    assert (link.recipient, link.body, link.last_error) == ("", "", "")


def test_name_kept_when_published_with_consent(registry, settings, django_capture_on_commit_callbacks):
    initiative = _closed_initiative(registry, consent=True, publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        run(_retention_day(settings))
    initiative.refresh_from_db()
    assert initiative.name == "Maija Meikäläinen"
    assert initiative.email == ""
    assert set(Initiative.history.model.objects.filter(id=initiative.pk).values_list("email", flat=True)) == {""}


def test_name_removed_when_consented_but_never_published(registry, settings, django_capture_on_commit_callbacks):
    initiative = _closed_initiative(registry, consent=True, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        run(_retention_day(settings))
    initiative.refresh_from_db()
    assert initiative.name == REMOVED


def test_second_run_does_nothing_and_says_so(registry, settings, django_capture_on_commit_callbacks):
    initiative = _closed_initiative(registry)
    day = _retention_day(settings)
    with django_capture_on_commit_callbacks(execute=True):
        run(day)
    history_count = Initiative.history.model.objects.filter(id=initiative.pk).count()
    with django_capture_on_commit_callbacks(execute=True):
        output = run(day + datetime.timedelta(days=1))
    assert output.strip() == "Nothing to remove: no personal data is past its retention time."
    assert Initiative.history.model.objects.filter(id=initiative.pk).count() == history_count
    assert RetentionRun.objects.count() == 1


def test_retention_run_records_counts_only(registry, settings, django_capture_on_commit_callbacks):
    _closed_initiative(registry)
    with django_capture_on_commit_callbacks(execute=True):
        run(_retention_day(settings))
    record = RetentionRun.objects.get()
    assert record.counts["initiatives.initiatives"] == 1
    assert record.counts["initiatives.co_initiators"] == 1
    assert "maija" not in str(record.counts).lower()


def test_dry_run_counts_and_changes_nothing(registry, settings, django_capture_on_commit_callbacks):
    initiative = _closed_initiative(registry)
    with django_capture_on_commit_callbacks(execute=True):
        output = run(_retention_day(settings), "--dry-run")
    assert "Would clean initiatives.initiatives: 1" in output
    assert "Dry run: nothing was changed." in output
    initiative.refresh_from_db()
    assert initiative.email == "maija@example.invalid"
    assert initiative.attachments.count() == 1
    assert not RetentionRun.objects.exists()


def test_open_and_undeclared_initiatives_are_untouched(registry, settings, django_capture_on_commit_callbacks):
    with at(datetime.date(2024, 1, 10)):
        waiting = make_initiative(arrived_on=datetime.date(2024, 1, 10), email="odottaa@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        run(datetime.date(2030, 1, 1))
    waiting.refresh_from_db()
    assert waiting.email == "odottaa@example.invalid"
    assert OutboxMessage.objects.about(waiting).get().recipient == "odottaa@example.invalid"


def test_setting_changes_the_period(registry, settings, django_capture_on_commit_callbacks):
    settings.RETENTION_INITIATOR_CONTACT_DAYS = 30
    initiative = _closed_initiative(registry)
    with django_capture_on_commit_callbacks(execute=True):
        run(DECLARED_ON + datetime.timedelta(days=30))
    initiative.refresh_from_db()
    assert initiative.email == "maija@example.invalid"
    with django_capture_on_commit_callbacks(execute=True):
        run(DECLARED_ON + datetime.timedelta(days=31))
    initiative.refresh_from_db()
    assert initiative.email == ""


def test_reclassified_message_cleaned_after_the_period_from_reclassification(
    registry, settings, django_capture_on_commit_callbacks
):
    reclassified_on = datetime.date(2025, 4, 1)
    with at(reclassified_on):
        message = make_initiative(arrived_on=reclassified_on, name="Pekka Palautteenantaja", phone="050 1")
        services.initiative_reclassify(
            initiative=message, user=registry, kind=Initiative.Reclassification.FEEDBACK, message="Hei Pekka, ..."
        )
    last_kept = reclassified_on + datetime.timedelta(days=settings.RETENTION_INITIATOR_CONTACT_DAYS)
    with django_capture_on_commit_callbacks(execute=True):
        run(last_kept)
    message.refresh_from_db()
    assert message.name == "Pekka Palautteenantaja"
    with django_capture_on_commit_callbacks(execute=True):
        run(last_kept + datetime.timedelta(days=1))
    message.refresh_from_db()
    assert (message.name, message.phone, message.email, message.reclassification_message) == (REMOVED, "", "", "")


def test_tracking_link_messages_cleaned_after_the_period(registry, settings, django_capture_on_commit_callbacks):
    sent_on = datetime.date(2025, 2, 2)
    with at(sent_on):
        make_initiative(arrived_on=sent_on, email="linkki@example.invalid")
        services.initiative_resend_tracking_links(email="linkki@example.invalid", language="fi")
    link = OutboxMessage.objects.get(kind=OutboxMessage.Kind.TRACKING_LINK)
    last_kept = sent_on + datetime.timedelta(days=settings.RETENTION_INITIATOR_CONTACT_DAYS)
    with django_capture_on_commit_callbacks(execute=True):
        run(last_kept)
    link.refresh_from_db()
    assert link.recipient == "linkki@example.invalid"
    with django_capture_on_commit_callbacks(execute=True):
        run(last_kept + datetime.timedelta(days=1))
    link.refresh_from_db()
    assert (link.recipient, link.body) == ("", "")


# --- Bodies -----------------------------------------------------------------------------------------------------

TERM_START, TERM_END = datetime.date(2023, 6, 1), datetime.date(2025, 5, 31)


@pytest.fixture
def past_body(db):
    """A body whose term ended on TERM_END, every seat filled with contact details, and a held meeting whose
    minutes (published 2024-09-20) list those present by name."""
    make_municipalities()
    body = make_body()
    with at(datetime.date(2023, 6, 1)):
        term = make_term(body, TERM_START, TERM_END)
        members = fill_term(term)
    body_services.membership_update(
        membership=members[0],
        member_name="Jäsen0 Esimerkki",
        deputy_name="Varajäsen0 Esimerkki",
        member_email="uusi0@yksityinen.example",
        member_phone=members[0].member_phone,
        deputy_email=members[0].deputy_email,
        deputy_phone=members[0].deputy_phone,
        role=Membership.Role.CHAIR,
        end=None,
        user=None,
    )
    with at(datetime.date(2024, 9, 1)):
        meeting = make_meeting(body, helsinki(2024, 9, 10))
    with at(datetime.date(2024, 9, 11)):
        body_services.meeting_mark_held(meeting=meeting, user=None)
        body_services.meeting_minutes_update(
            meeting=meeting,
            text="Läsnä: Jäsen0 Esimerkki (pj.), Varajäsen1 Esimerkki, Jäsen2 Esimerkki.\n"
            "Jäsen0 Esimerkki avasi kokouksen. Käsiteltiin palkinnon saajat.",
            user=None,
        )
    with at(datetime.date(2024, 9, 20)):
        body_services.meeting_minutes_publish(meeting=meeting, approved_on=datetime.date(2024, 9, 20), user=None)
    body.term, body.members, body.meeting = term, members, meeting
    return body


MINUTES_PUBLISHED = datetime.date(2024, 9, 20)


def test_names_in_minutes_kept_during_the_appeal_period(past_body, settings):
    last_kept = MINUTES_PUBLISHED + datetime.timedelta(days=settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS)
    run(last_kept)
    past_body.meeting.refresh_from_db()
    assert "Jäsen0 Esimerkki" in past_body.meeting.minutes_text


def test_names_in_minutes_removed_after_the_appeal_period(past_body, settings):
    day = MINUTES_PUBLISHED + datetime.timedelta(days=settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS + 1)
    output = run(day)
    meeting = Meeting.objects.get(pk=past_body.meeting.pk)
    assert meeting.minutes_text == (
        "Läsnä: [nimi poistettu] (pj.), [nimi poistettu], [nimi poistettu].\n"
        "[nimi poistettu] avasi kokouksen. Käsiteltiin palkinnon saajat."
    )
    assert meeting.minutes_names_removed_at is not None
    assert "Cleaned minutes.meetings: 1" in output
    assert "Cleaned minutes.names: 4" in output
    history = Meeting.history.model.objects.filter(id=meeting.pk)
    assert not history.filter(minutes_text__contains="Jäsen0 Esimerkki").exists()
    assert history.filter(minutes_text__contains="[nimi poistettu] avasi kokouksen").exists()
    # The memberships themselves are not touched by this rule: the term's own period has not passed.
    assert Membership.objects.filter(member_name="Jäsen0 Esimerkki").exists()
    # Run again: nothing left.
    assert "Nothing to remove" in run(day + datetime.timedelta(days=1))


def test_member_data_kept_through_the_last_day_and_removed_the_next(past_body, settings):
    last_kept = TERM_END + datetime.timedelta(days=settings.RETENTION_BODY_MEMBER_DAYS)
    run(last_kept)
    assert Membership.objects.filter(member_email__endswith="@yksityinen.example").count() == len(past_body.members)

    output = run(last_kept + datetime.timedelta(days=1))
    memberships = Membership.objects.filter(seat__term=past_body.term)
    assert memberships.count() == len(past_body.members)
    for membership in memberships:
        assert (membership.member_name, membership.deputy_name) == (REMOVED, REMOVED)
        assert (membership.member_email, membership.member_phone) == ("", "")
        assert (membership.deputy_email, membership.deputy_phone) == ("", "")
    # seats, roles and dates stay for the body's figures
    assert memberships.filter(role=Membership.Role.CHAIR).count() == 1
    assert f"Cleaned members.memberships: {len(past_body.members)}" in output

    history = Membership.history.model.objects.filter(id__in=[m.pk for m in past_body.members])
    assert not history.exclude(member_name=REMOVED).exists()
    assert not history.filter(member_email__contains="@").exists()
    assert not history.filter(deputy_phone__startswith="050").exists()
    assert not history.filter(member_email="uusi0@yksityinen.example").exists()

    assert "Nothing to remove" in run(last_kept + datetime.timedelta(days=2))


def test_members_of_the_current_term_are_untouched(past_body, settings):
    current = make_term(past_body, datetime.date(2025, 6, 1), datetime.date(2029, 5, 31))
    with at(datetime.date(2025, 6, 1)):
        body_services.membership_start(
            seat=current.seats.first(),
            member_name="Nykyinen Jäsen",
            member_email="nykyinen@example.invalid",
            start=current.start,
            user=None,
        )
    run(TERM_END + datetime.timedelta(days=settings.RETENTION_BODY_MEMBER_DAYS + 1))
    assert Membership.objects.get(seat__term=current).member_email == "nykyinen@example.invalid"


def test_one_run_applies_every_rule_and_logs_once(registry, past_body, settings, django_capture_on_commit_callbacks):
    _closed_initiative(registry)
    with django_capture_on_commit_callbacks(execute=True), at(datetime.date(2030, 1, 1), hour=2):
        counts = apply_retention(today=datetime.date(2030, 1, 1))
    assert counts["initiatives.initiatives"] == 1
    assert counts["minutes.meetings"] == 1
    assert counts["members.memberships"] == len(past_body.members)
    assert RetentionRun.objects.count() == 1


def test_stored_yearly_lists_showing_a_consenting_name_are_deleted(
    registry, settings, django_capture_on_commit_callbacks
):
    initiative = _closed_initiative(registry, consent=True, publish=False)
    lists = {}
    for year in (2024, 2025, 2026):
        report = AnnualReportFile(year=year, fingerprint=f"f{year}", state=AnnualReportFile.State.DONE)
        report.file.save(f"aloitteet-{year}.pdf", ContentFile(PDF), save=True)
        lists[year] = report
    paths = {year: settings.MEDIA_ROOT / report.file.name for year, report in lists.items()}

    with django_capture_on_commit_callbacks(execute=True):
        output = run(_retention_day(settings))

    # 2025: the year it arrived and was declared fully processed on; the other years' lists never showed it
    assert sorted(AnnualReportFile.objects.values_list("year", flat=True)) == [2024, 2026]
    assert not paths[2025].exists()
    assert paths[2024].exists()
    assert paths[2026].exists()
    assert "Cleaned initiatives.yearly_list_files: 1" in output
    initiative.refresh_from_db()
    assert initiative.name == REMOVED
