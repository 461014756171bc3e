"""Who sees and handles which initiative (initiatives.permissions, tested once here and through the views)."""

from collections.abc import Iterator

import pytest
from django.urls import reverse

from initiatives import permissions, services
from initiatives.models import Initiative
from initiatives.services import AttachmentData
from osallisuus.models import OutboxMessage
from tests.conftest import make_user
from tests.initiatives.factories import make_decided, make_initiative, make_noticed, make_organ
from tests.initiatives.smtp import SmtpServer, loopback_smtp

pytestmark = pytest.mark.django_db

CONTACT = {"email": "salainen@example.invalid", "phone": "040 765 4321", "postal_address": "Salakuja 7, 28100 Pori"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def organs(handler_user):
    mine, other = make_organ("Palvelulautakunta", "committee"), make_organ("Pelastuslautakunta", "committee")
    mine.handlers.add(handler_user)
    return mine, other


@pytest.fixture
def other_handler(organs):
    user = make_user("toinen", "handler")
    organs[1].handlers.add(user)
    return user


@pytest.fixture
def initiative(handler_user, organs) -> Initiative:
    initiative = make_noticed(
        handler_user,
        organ=organs[0],
        **CONTACT,
        attachments=[AttachmentData(original_name="../../etc/liite.pdf", content_type="application/pdf", content=PDF)],
    )
    return initiative


def detail(initiative: Initiative) -> str:
    return reverse("initiatives:staff-detail", args=[initiative.reference])


def test_initiatives_visible_to_each_role(
    handler_user, registry_user, hyte_user, admin_user, secretary_user, other_handler, organs
):
    of_mine = make_noticed(make_user("kolmas", "handler"), organ=organs[0])
    of_other = make_noticed(other_handler, organ=organs[1])
    assigned_to_me = make_noticed(handler_user, organ=organs[1])
    unassigned = make_initiative()
    everything = {of_mine, of_other, assigned_to_me, unassigned}
    assert set(permissions.initiatives_visible_to(registry_user)) == everything
    assert set(permissions.initiatives_visible_to(hyte_user)) == everything
    assert set(permissions.initiatives_visible_to(admin_user)) == everything
    assert set(permissions.initiatives_visible_to(handler_user)) == {of_mine, assigned_to_me}
    assert set(permissions.initiatives_visible_to(other_handler)) == {of_other, assigned_to_me}
    assert not permissions.initiatives_visible_to(secretary_user).exists()


def test_can_handle_and_contact_details(handler_user, registry_user, hyte_user, admin_user, other_handler, initiative):
    assert permissions.can_handle(handler_user, initiative)
    assert permissions.can_handle(registry_user, initiative)
    assert permissions.can_handle(admin_user, initiative)
    assert not permissions.can_handle(hyte_user, initiative)
    assert not permissions.can_handle(other_handler, initiative)
    assert not permissions.can_see_contact_details(hyte_user, initiative)


def test_anonymous_is_sent_to_log_in(client, initiative):
    for url in [
        detail(initiative),
        reverse("initiatives:staff-register"),
        reverse("initiatives:staff-outbox"),
        reverse("initiatives:staff-notice-letter", args=[initiative.reference]),
        reverse("initiatives:staff-attachment", args=[initiative.reference, initiative.attachments.get().pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_a_secretary_is_refused(client, secretary_user, initiative):
    client.force_login(secretary_user)
    assert client.get(detail(initiative)).status_code == 403
    assert client.get(reverse("initiatives:staff-outbox")).status_code == 403


@pytest.mark.parametrize("user_fixture", ["handler_user", "registry_user", "admin_user"])
def test_those_who_handle_it_see_the_contact_details(client, request, user_fixture, initiative):
    client.force_login(request.getfixturevalue(user_fixture))
    page = client.get(detail(initiative)).text
    for value in CONTACT.values():
        assert value in page


def test_hyte_sees_the_initiative_but_not_the_contact_details(client, hyte_user, initiative):
    client.force_login(hyte_user)
    response = client.get(detail(initiative))
    assert response.status_code == 200
    assert initiative.title in response.text
    for value in CONTACT.values():
        assert value not in response.text
    assert "Contact details are shown only to those who handle the initiative." in response.text
    assert client.get(reverse("initiatives:staff-notice-letter", args=[initiative.reference])).status_code == 403


def test_a_handler_of_another_organ_gets_nothing(client, other_handler, initiative):
    client.force_login(other_handler)
    response = client.get(detail(initiative))
    assert response.status_code == 404
    for value in CONTACT.values():
        assert value not in response.text
    attachment = initiative.attachments.get()
    assert (
        client.get(reverse("initiatives:staff-attachment", args=[initiative.reference, attachment.pk])).status_code
        == 404
    )
    assert client.get(reverse("initiatives:staff-notice-letter", args=[initiative.reference])).status_code == 404
    assert client.post(detail(initiative), {"send_final_notice": "1"}).status_code == 404
    assert initiative.reference not in client.get(reverse("initiatives:workspace")).text


def test_attachment_is_downloaded_never_shown_and_its_name_is_only_a_header(client, handler_user, initiative):
    client.force_login(handler_user)
    attachment = initiative.attachments.get()
    url = reverse("initiatives:staff-attachment", args=[initiative.reference, attachment.pk])
    assert url in client.get(detail(initiative)).text
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "liite.pdf" in response["Content-Disposition"]
    assert "/" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "liite" not in attachment.file.name  # stored under a random name


def test_attachment_of_another_initiative_is_not_found(client, handler_user, initiative):
    client.force_login(handler_user)
    other = make_noticed(handler_user)
    attachment = initiative.attachments.get()
    url = reverse("initiatives:staff-attachment", args=[other.reference, attachment.pk])
    assert client.get(url).status_code == 404


def test_only_the_registry_and_administrators_see_the_outbox(client, handler_user, hyte_user, registry_user):
    url = reverse("initiatives:staff-outbox")
    for user in [handler_user, hyte_user]:
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(registry_user)
    assert client.get(url).status_code == 200


# --- The initiator's contact details: one permission, every carrier --------------------------------------------

REFUSAL = "Recipient address rejected"  # the mail server's answer, kept as the message's error text
ATTACHMENT_NAME = "Skannattu kirje Salakuja 7.pdf"  # a sender's file name can carry an address


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    yield from loopback_smtp(settings)


@pytest.fixture
def undelivered(smtp, registry_user, organs, django_capture_on_commit_callbacks) -> Initiative:
    """An initiative of the organ `handler_user` handles (registered and noticed by the registry), with a scanned
    letter attached, decided and its final notice sent, every email refused by the mail server (no such address)."""
    smtp.refuse(CONTACT["email"])
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        initiative = make_decided(
            registry_user,
            organ=organs[0],
            **CONTACT,
            attachments=[AttachmentData(original_name=ATTACHMENT_NAME, content_type="application/pdf", content=PDF)],
        )
        initiative = services.initiative_send_final_notice(initiative=initiative, user=registry_user)
    messages = OutboxMessage.objects.about(initiative).filter()
    assert messages.count() == 3  # receipt, notice, final notice
    assert all(m.sent_at is None and REFUSAL in m.last_error for m in messages)
    return initiative


def _users(request, identity: str):
    if identity == "handler_other":
        return request.getfixturevalue("other_handler")
    return request.getfixturevalue(f"{identity}_user")


# What each identity gets for the initiative's carriers of contact data. `contact`: the email, phone and postal
# address, the recipient and error text of its emails, and its attachments' names on the detail page.
# Downloads: the attachment and both letters (they print the postal address). The outbox lists every
# initiative's undelivered email with address and error.
# identity: (detail page, sees contact data there, attachment, notice letter, final letter, outbox page)
CONTACT_MATRIX = {
    "registry": (200, True, 200, 200, 200, 200),
    "handler": (200, True, 200, 200, 200, 403),  # a handler of the initiative's competent organ
    "handler_other": (404, False, 404, 404, 404, 403),  # a handler of another organ does not see the initiative
    "hyte": (200, False, 403, 403, 403, 403),  # sees every initiative, handles none, no contact details
    "secretary": (403, False, 403, 403, 403, 403),  # not in the initiatives' workspace at all
    "admin": (200, True, 200, 200, 200, 200),
}


@pytest.mark.parametrize("identity", CONTACT_MATRIX)
def test_contact_details_matrix(client, request, identity, undelivered, hyte_user, other_handler):
    detail_status, sees_contact, attachment_status, notice_status, final_status, outbox_status = CONTACT_MATRIX[
        identity
    ]
    user = _users(request, identity)
    client.force_login(user)
    attachment = undelivered.attachments.get()
    reference = undelivered.reference
    assert permissions.can_see_contact_details(user, undelivered) is sees_contact

    response = client.get(detail(undelivered))
    assert response.status_code == detail_status
    page = response.text
    for value in [*CONTACT.values(), REFUSAL, "550", ATTACHMENT_NAME]:
        assert (value in page) is sees_contact, value
    attachment_url = reverse("initiatives:staff-attachment", args=[reference, attachment.pk])
    assert (attachment_url in page) is sees_contact
    if detail_status == 200:
        # Everyone who sees the initiative sees that its emails were not delivered, and that it has an attachment.
        assert page.count("Not delivered") == 3
        assert "Final notice" in page
        if not sees_contact:
            assert "Delivery failed. The registry sees the reason in its list of undelivered email." in page
            assert "1 attachment. Only those who handle the initiative open attachments" in page

    assert client.get(attachment_url).status_code == attachment_status
    assert client.get(reverse("initiatives:staff-notice-letter", args=[reference])).status_code == notice_status
    assert client.get(reverse("initiatives:staff-final-letter", args=[reference])).status_code == final_status

    outbox = client.get(reverse("initiatives:staff-outbox"))
    assert outbox.status_code == outbox_status
    assert permissions.can_see_outbox(user) is (outbox_status == 200)
    if outbox_status == 200:
        assert CONTACT["email"] in outbox.text
        assert REFUSAL in outbox.text


def test_only_those_who_see_every_initiatives_contact_details_see_the_outbox(
    registry_user, admin_user, handler_user, hyte_user, secretary_user, undelivered
):
    """The outbox lists every initiative's undelivered email (and tracking links that belong to an address, not to
    one initiative): it is for those who may see the contact details of any initiative."""
    for user in [registry_user, admin_user, handler_user, hyte_user, secretary_user]:
        sees_any = permissions.can_see_contact_details(user, undelivered) and permissions.can_see_contact_details(
            user, make_initiative()
        )
        assert permissions.can_see_outbox(user) is sees_any, user
