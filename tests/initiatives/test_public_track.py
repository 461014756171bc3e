"""The initiator's private page (the tracking link) and the form that emails the links again."""

import pytest
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative
from tests.initiatives.factories import make_initiative, make_noticed

pytestmark = pytest.mark.django_db

RESEND = "/aloitteet/linkki/"


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def track_url(initiative: Initiative) -> str:
    return f"/aloitteet/seuranta/{initiative.tracking_token}/"


def test_the_private_page_shows_everything_the_initiator_gave(client):
    initiative = make_initiative(
        name="Salainen Sanna",
        email="uniq-7731@example.invalid",
        phone="+358 40 7731 7731",
        postal_address="Salakatu 7731\n28100 Pori",
        title="Oma aloite",
        text="Koko alkuperäinen teksti.",
        co_initiators=[services.CoInitiatorData(name="Kalle Kanssa")],
    )
    response = client.get(track_url(initiative))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in [
        initiative.reference,
        "Salainen Sanna",
        "uniq-7731@example.invalid",
        "+358 40 7731 7731",
        "Salakatu 7731<br>28100 Pori",
        "Koko alkuperäinen teksti.",
        "Kalle Kanssa",
        initiative.notice_due_on.strftime("%-d.%-m.%Y"),
    ]:
        assert shown in html, shown
    assert "Your initiative has been received" not in html  # only right after sending (?sent=1)


def test_the_private_page_is_never_cached_indexed_or_leaked_as_a_referrer(client):
    response = client.get(track_url(make_initiative()))
    assert response["Cache-Control"] == "private, no-store"
    # Never more than the origin in a Referer ("no-referrer" would break the page's own POST forms: Origin: null).
    assert response["Referrer-Policy"] == "strict-origin"
    assert "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="referrer" content="strict-origin">' in html


def test_an_unknown_token_is_404(client):
    make_initiative()
    assert client.get("/aloitteet/seuranta/not-a-real-token/").status_code == 404
    assert client.get("/aloitteet/seuranta/" + "A" * 43 + "/").status_code == 404


def test_the_private_page_shows_the_letters_as_sent(client, handler_user):
    initiative = make_noticed(handler_user, title="<b>Kirjeen</b> aloite", letter_language="fi")
    services.initiative_record_decision(
        initiative=initiative,
        user=handler_user,
        outcome=Initiative.Outcome.YES,
        measures="Penkit hankitaan.",
        decision_organ=initiative.handling_organ,
        decision_date=timezone.localdate(),
        decision_section="§ 3",
    )
    services.initiative_send_final_notice(initiative=initiative, user=handler_user)
    html = client.get(track_url(initiative)).content.decode()
    assert "Ville Valmistelija" in html  # the notice: whom to ask
    assert "ville.valmistelija@example.invalid" in html
    assert "Penkit hankitaan." in html  # the final notice: the measures
    assert "§ 3" in html
    # The letter text is plain text: anything that looks like HTML is shown, not run.
    assert "<b>Kirjeen</b>" not in html
    assert "&lt;b&gt;Kirjeen&lt;/b&gt;" in html


def test_a_reclassified_message_shows_the_explanation(client, hyte_user):
    initiative = make_initiative()
    services.initiative_reclassify(
        initiative=initiative,
        user=hyte_user,
        kind=Initiative.Reclassification.APPLICATION,
        message="Asiasi käsitellään hakemuksena sosiaalityössä.",
    )
    html = client.get(track_url(initiative)).content.decode()
    assert "Asiasi käsitellään hakemuksena sosiaalityössä." in html
    assert "Personal application" in html


def test_the_resend_form_answers_the_same_for_known_and_unknown_addresses(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    initiative = make_initiative(email="tunnettu@example.invalid")
    older = make_initiative(email="Tunnettu@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(RESEND, {"email": "TUNNETTU@example.invalid"})
        unknown = client.post(RESEND, {"email": "tuntematon@example.invalid"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == RESEND + "?sent=1"
    page = client.get(known["Location"])
    assert "Check your email" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["tunnettu@example.invalid"]
    assert initiative.tracking_token in message.body
    assert older.tracking_token in message.body


def test_the_resend_form_validates_the_address(client):
    response = client.get(RESEND)
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()
    invalid = client.post(RESEND, {"email": "not-an-address"})
    assert invalid.status_code == 400
    assert "Enter a valid email address." in invalid.content.decode()


def test_the_resend_form_is_rate_limited(client, mailoutbox, django_capture_on_commit_callbacks):
    make_initiative(email="tunnettu@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            assert client.post(RESEND, {"email": f"osoite{number}@example.invalid"}).status_code == 302
        assert client.post(RESEND, {"email": "tunnettu@example.invalid"}).status_code == 429
    assert mailoutbox == []


def test_one_address_gets_at_most_three_messages_an_hour(client, mailoutbox, django_capture_on_commit_callbacks):
    make_initiative(email="tunnettu@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(4):
            response = client.post(RESEND, {"email": "tunnettu@example.invalid"}, REMOTE_ADDR=f"192.0.2.{number}")
            assert response.status_code == 302
    assert len(mailoutbox) == 3
