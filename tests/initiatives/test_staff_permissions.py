"""Who sees and handles which initiative (initiatives.permissions, tested once here and through the views)."""

import pytest
from django.urls import reverse

from initiatives import permissions
from initiatives.models import Initiative
from initiatives.services import AttachmentData
from tests.conftest import make_user
from tests.initiatives.factories import make_initiative, make_noticed, make_organ

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
