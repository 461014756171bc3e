"""Handling an initiative on its staff page: every step through its service, and the refused ones."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative
from osallisuus.models import OutboxMessage
from tests.initiatives.factories import make_decided, make_initiative, make_noticed, make_organ

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _english(client):
    # The page texts below are the English msgids; the Finnish and Swedish pages are the same templates.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 12, 0, tzinfo=HELSINKI), tick=False):
        yield


@pytest.fixture
def organ():
    return make_organ("Palvelulautakunta", "committee")


@pytest.fixture
def handler(handler_user, organ):
    handler_user.first_name, handler_user.last_name = "Ville", "Valmistelija"
    handler_user.work_phone = "044 123 4567"
    handler_user.save()
    organ.handlers.add(handler_user)
    return handler_user


@pytest.fixture
def handler_client(client, handler):
    client.force_login(handler)
    return client


def url(initiative: Initiative) -> str:
    return reverse("initiatives:staff-detail", args=[initiative.reference])


def assigned(organ, **overrides) -> Initiative:
    initiative = make_initiative(**overrides)
    Initiative.objects.filter(pk=initiative.pk).update(handling_organ=organ)
    return Initiative.objects.get(pk=initiative.pk)


def notice_data(organ, **overrides) -> dict:
    data = {
        "send_notice": "1",
        "send_notice-handling_organ": organ.pk,
        "send_notice-estimated_completion": "2027-03-31",
        "send_notice-info_contact_name": "Ville Valmistelija",
        "send_notice-info_contact_email": "ville@example.invalid",
        "send_notice-info_contact_phone": "044 123 4567",
    }
    data.update(overrides)
    return data


def test_notice_form_defaults_to_the_handler_as_contact(handler_client, organ):
    initiative = assigned(organ)
    response = handler_client.get(url(initiative))
    form = response.context["forms"]["send_notice"]
    assert form.initial["info_contact_name"] == "Ville Valmistelija"
    assert form.initial["info_contact_email"] == "valmistelija@example.invalid"
    assert form.initial["info_contact_phone"] == "044 123 4567"
    assert form.initial["handling_organ"] == organ.pk
    assert 'name="send_notice"' in response.text


def test_sending_the_notice_records_it_and_emails_the_initiator(
    handler_client, handler, organ, mailoutbox, django_capture_on_commit_callbacks
):
    initiative = assigned(organ, arrived_on=datetime.date(2026, 11, 2))
    with django_capture_on_commit_callbacks(execute=True):  # the email is delivered as the transaction commits
        response = handler_client.post(url(initiative), notice_data(organ))
    response = handler_client.get(response.url)

    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.IN_PROGRESS
    assert initiative.notice_sent_at is not None
    assert initiative.estimated_completion == datetime.date(2027, 3, 31)
    assert initiative.handler == handler
    assert initiative.notice_method == Initiative.DeliveryMethod.EMAIL
    notice = OutboxMessage.objects.about(initiative).get(kind=OutboxMessage.Kind.NOTICE)
    assert notice.sent_at is not None
    assert initiative.notice_sent_at == notice.sent_at  # the notice counts as sent when its email is delivered
    assert initiative.notice_prepared_at is not None
    assert "Palvelulautakunta" in mailoutbox[-1].body
    assert "31.3.2027" in mailoutbox[-1].body
    page = response.text
    assert "The notice was recorded. It counts as sent once its email is delivered" in page
    assert "Notice sent on time" in page
    assert "One-month notice prepared" in page  # the history with the reason
    assert "Ilmoitus kuukauden kuluessa toimitettu sähköpostilla" in page  # by no person: in the county's language
    assert "Ville Valmistelija" in page  # …and the user


def test_a_late_notice_is_shown_as_late(handler_client, organ, django_capture_on_commit_callbacks):
    initiative = assigned(organ, arrived_on=datetime.date(2026, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        handler_client.post(url(initiative), notice_data(organ))
    assert "Notice sent late" in handler_client.get(url(initiative)).text


def test_notice_with_a_past_estimate_shows_the_error_and_changes_nothing(handler_client, organ):
    initiative = assigned(organ)
    response = handler_client.post(
        url(initiative), notice_data(organ, **{"send_notice-estimated_completion": "2026-11-01"})
    )
    assert response.status_code == 200
    assert "The estimated completion cannot be in the past." in response.text
    assert 'id="error-summary-title"' in response.text
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.RECEIVED
    assert initiative.notice_sent_at is None


def test_notice_without_any_contact_is_refused(handler_client, organ):
    initiative = assigned(organ)
    data = notice_data(organ, **{"send_notice-info_contact_email": "", "send_notice-info_contact_phone": ""})
    response = handler_client.post(url(initiative), data)
    assert "Give an email address or a phone number for the contact person." in response.text
    initiative.refresh_from_db()
    assert initiative.notice_sent_at is None


def test_notice_to_an_initiator_without_email_is_recorded_as_a_letter(handler_client, organ):
    initiative = assigned(organ, email="", postal_address="Kauppakatu 1\n28100 Pori")
    response = handler_client.post(url(initiative), notice_data(organ), follow=True)
    initiative.refresh_from_db()
    assert initiative.notice_method == Initiative.DeliveryMethod.LETTER
    assert not OutboxMessage.objects.about(initiative).exists()
    assert reverse("initiatives:staff-notice-letter", args=[initiative.reference]) in response.text
    assert "print the letters and send them by post" in response.text


def test_a_second_notice_is_refused_with_a_message(handler_client, handler, organ):
    initiative = make_noticed(handler, organ=organ)
    sent_at = initiative.notice_sent_at
    response = handler_client.post(url(initiative), notice_data(organ), follow=True)
    assert "The notice has already been sent or the initiative is closed." in response.text
    initiative.refresh_from_db()
    assert initiative.notice_sent_at == sent_at
    assert OutboxMessage.objects.about(initiative).filter(kind=OutboxMessage.Kind.NOTICE).count() == 1


def test_record_hearing(handler_client, handler, organ):
    initiative = make_noticed(handler, organ=organ)
    data = {
        "record_hearing": "1",
        "record_hearing-offered_on": "2026-11-20",
        "record_hearing-held_on": "2026-11-23",
        "record_hearing-notes": "Aloitteen tekijät kuultiin lautakunnan kokouksessa.",
    }
    response = handler_client.post(url(initiative), data, follow=True)
    initiative.refresh_from_db()
    assert initiative.hearing_offered_on == datetime.date(2026, 11, 20)
    assert initiative.hearing_held_on == datetime.date(2026, 11, 23)
    assert "The hearing was recorded." in response.text
    assert "Hearing recorded" in response.text


def test_hearing_held_before_it_was_offered_is_refused(handler_client, handler, organ):
    initiative = make_noticed(handler, organ=organ)
    data = {"record_hearing": "1", "record_hearing-offered_on": "2026-11-20", "record_hearing-held_on": "2026-11-10"}
    response = handler_client.post(url(initiative), data)
    assert "The hearing cannot be held before it was offered." in response.text
    initiative.refresh_from_db()
    assert initiative.hearing_offered_on is None


def test_hearing_before_the_notice_is_refused(handler_client, organ):
    initiative = assigned(organ)
    data = {"record_hearing": "1", "record_hearing-offered_on": "2026-11-20"}
    response = handler_client.post(url(initiative), data, follow=True)
    assert "A hearing is recorded while it is processed." in response.text
    initiative.refresh_from_db()
    assert initiative.hearing_offered_on is None


def decision_data(organ, **overrides) -> dict:
    data = {
        "record_decision": "1",
        "record_decision-outcome": Initiative.Outcome.PARTLY,
        "record_decision-measures": "Penkit hankitaan kahdelle terveysasemalle.",
        "record_decision-decision_organ": organ.pk,
        "record_decision-decision_date": "2026-11-24",
        "record_decision-decision_section": "§ 45",
    }
    data.update(overrides)
    return data


def test_record_decision_then_send_final_notice(handler_client, handler, organ, django_capture_on_commit_callbacks):
    initiative = make_noticed(handler, organ=organ)
    response = handler_client.post(url(initiative), decision_data(organ), follow=True)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.DECIDED
    assert initiative.outcome == Initiative.Outcome.PARTLY
    assert initiative.decision_section == "§ 45"
    assert "The decision was recorded." in response.text
    assert 'name="send_final_notice"' in response.text

    with django_capture_on_commit_callbacks(execute=True):
        response = handler_client.post(url(initiative), {"send_final_notice": "1"})
    response = handler_client.get(response.url)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.ANSWERED
    final = OutboxMessage.objects.about(initiative).get(kind=OutboxMessage.Kind.FINAL_NOTICE)
    assert initiative.final_notice_sent_at == final.sent_at is not None
    with translation.override("fi"):  # the initiator's language
        assert str(Initiative.Outcome.PARTLY.label) in final.body
    assert "Penkit hankitaan" in final.body
    assert "The final notice was recorded. It counts as sent once its email is delivered" in response.text
    assert reverse("initiatives:staff-final-letter", args=[initiative.reference]) in response.text
    assert 'name="send_final_notice"' not in response.text


def test_decision_in_the_future_is_refused(handler_client, handler, organ):
    initiative = make_noticed(handler, organ=organ)
    response = handler_client.post(
        url(initiative), decision_data(organ, **{"record_decision-decision_date": "2026-12-01"})
    )
    assert "The decision date cannot be in the future." in response.text
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.IN_PROGRESS


def test_decision_before_the_notice_is_refused(handler_client, organ):
    initiative = assigned(organ)
    response = handler_client.post(url(initiative), decision_data(organ), follow=True)
    assert "Send the one-month notice first" in response.text
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.RECEIVED


def test_final_notice_before_the_decision_is_refused_and_nothing_changes(handler_client, handler, organ):
    initiative = make_noticed(handler, organ=organ)
    response = handler_client.post(url(initiative), {"send_final_notice": "1"}, follow=True)
    assert "Record the decision before sending the final notice." in response.text
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.IN_PROGRESS
    assert initiative.final_notice_sent_at is None
    assert not OutboxMessage.objects.filter(kind=OutboxMessage.Kind.FINAL_NOTICE).exists()


def test_reclassify_tells_the_sender(handler_client, organ, mailoutbox, django_capture_on_commit_callbacks):
    initiative = assigned(organ, email="lahettaja@example.invalid")
    data = {
        "reclassify": "1",
        "reclassify-kind": Initiative.Reclassification.FEEDBACK,
        "reclassify-message": "Viestisi on välitetty asiakaspalautteena ikääntyneiden palveluille.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = handler_client.post(url(initiative), data, follow=True)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.RECLASSIFIED
    assert "The message was re-classified and the sender told." in response.text
    assert "Viestisi on välitetty" in mailoutbox[-1].body
    assert mailoutbox[-1].to == ["lahettaja@example.invalid"]


def test_reclassify_without_a_message_is_refused(handler_client, organ):
    initiative = assigned(organ)
    data = {"reclassify": "1", "reclassify-kind": Initiative.Reclassification.FEEDBACK, "reclassify-message": " "}
    response = handler_client.post(url(initiative), data)
    assert response.status_code == 200
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.RECEIVED


def test_registry_assigns_organ_and_handler(client, registry_user, handler, organ):
    initiative = make_initiative()
    client.force_login(registry_user)
    data = {"assign": "1", "assign-handling_organ": organ.pk, "assign-handler": handler.pk, "assign-reason": ""}
    response = client.post(url(initiative), data, follow=True)
    initiative.refresh_from_db()
    assert initiative.handling_organ == organ
    assert initiative.handler == handler
    assert "The competent authority and the handler were saved." in response.text


def test_a_handler_cannot_assign(handler_client, organ, handler):
    initiative = assigned(organ)
    data = {"assign": "1", "assign-handling_organ": organ.pk, "assign-handler": handler.pk}
    assert handler_client.post(url(initiative), data).status_code == 403
    assert 'name="assign"' not in handler_client.get(url(initiative)).text


def test_hyte_publishes_a_redacted_text(client, hyte_user):
    initiative = make_initiative(initiator_kind=Initiative.InitiatorKind.SERVICE_USER, service="Kotihoito")
    client.force_login(hyte_user)
    refused = client.post(url(initiative), {"publish": "1", "publish-public_text": ""})
    assert "A service user&#x27;s initiative is published only as a redacted text." in refused.text
    initiative.refresh_from_db()
    assert not initiative.is_published

    data = {"publish": "1", "publish-public_text": "Kotihoidon käyntiaikoihin toivotaan joustoa."}
    response = client.post(url(initiative), data, follow=True)
    initiative.refresh_from_db()
    assert initiative.is_published
    assert initiative.public_text == "Kotihoidon käyntiaikoihin toivotaan joustoa."
    assert "The initiative is published." in response.text

    response = client.post(url(initiative), {"unpublish": "1", "unpublish-reason": "Julkaistu vahingossa"}, follow=True)
    initiative.refresh_from_db()
    assert not initiative.is_published
    assert "Julkaistu vahingossa" in response.text  # the reason is in the history


def test_a_handler_cannot_publish(handler_client, organ):
    initiative = assigned(organ)
    assert handler_client.post(url(initiative), {"publish": "1", "publish-public_text": ""}).status_code == 403
    initiative.refresh_from_db()
    assert not initiative.is_published


def test_hyte_cannot_handle(client, hyte_user, organ):
    initiative = assigned(organ)
    client.force_login(hyte_user)
    assert client.post(url(initiative), notice_data(organ)).status_code == 403
    assert 'name="send_notice"' not in client.get(url(initiative)).text


def test_unknown_action_is_a_bad_request(handler_client, organ):
    assert handler_client.post(url(assigned(organ)), {"delete_everything": "1"}).status_code == 400


def test_history_lists_user_and_reason(handler_client, handler, organ):
    initiative = make_decided(handler, organ=organ)
    page = handler_client.get(url(initiative)).text
    # reasons are stored in the acting user's language (Finnish here), whatever language the page is read in
    for reason in [
        "Saapui verkkolomakkeella",
        "Ilmoitus kuukauden kuluessa valmisteltu",
        "Ilmoitus kuukauden kuluessa toimitettu sähköpostilla",  # in the county's language: no person did it
        "Päätös kirjattu",
    ]:
        assert reason in page


def test_detail_query_count_does_not_grow(handler_client, handler, organ, django_assert_max_num_queries):
    initiative = make_decided(handler, organ=organ)
    with django_assert_max_num_queries(15) as few:
        handler_client.get(url(initiative))
    for number in range(5):
        services_publish_and_unpublish(initiative, handler, number)
    with django_assert_max_num_queries(15) as many:
        handler_client.get(url(initiative))
    assert len(many.captured_queries) == len(few.captured_queries)


def services_publish_and_unpublish(initiative: Initiative, user, number: int) -> None:
    """Grow the history and the outbox of `initiative` by a few rows."""
    from initiatives import services

    services.initiative_publish(initiative=initiative, user=user)
    services.initiative_unpublish(initiative=initiative, user=user, reason=f"Syy {number}")
    OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.RECEIPT,
        about_model="initiatives.initiative",
        about_id=initiative.pk,
        recipient="x@example.invalid",
        subject="s",
        body="b",
        language="fi",
    )
