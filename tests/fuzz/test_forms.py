"""Properties of the smaller public forms: the resend-link form, the accessibility feedback form, the staff login
form, the language switch (on every page, the private tracking page included) and logout. Never a server error, a
clear Finnish message when refused, nothing stored but what the form is for, and no redirect ever leaves the site."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from hypothesis import given
from hypothesis import strategies as st

from accessibility.forms import FeedbackForm
from accessibility.models import AccessibilityFeedback
from initiatives.models import Initiative
from osallisuus.models import OutboxMessage
from tests.conftest import make_user
from tests.fuzz import strategies as fuzz
from tests.fuzz.checks import FINNISH_SUMMARY, assert_refused_in, row_counts
from tests.fuzz.conftest import forget_rate_limits, fuzz_settings
from tests.initiatives.factories import make_initiative

pytestmark = pytest.mark.django_db

KNOWN = "tunnettu@example.invalid"
emails = st.one_of(
    st.builds(
        "{}@{}.fi".format,
        st.text(fuzz.unicode_char, min_size=1, max_size=12),
        st.from_regex(r"[a-zä]{1,10}", fullmatch=True),
    ),
    fuzz.field_value,
    st.sampled_from([KNOWN, KNOWN.upper(), f" {KNOWN} ", f"{KNOWN}\n", f"{KNOWN}\x00", "a@b", "@", "ä@ö.fi"]),
)


@pytest.fixture
def known(municipality) -> Initiative:
    return make_initiative(email=KNOWN, home_municipality=municipality)


@fuzz_settings(examples=20)
@given(email=st.one_of(emails, st.just(fuzz.MISSING)), extra=fuzz.params(["email", "csrfmiddlewaretoken"]))
def test_resend_link_form_sends_only_to_a_known_address_or_refuses_in_finnish(
    client, known, mailoutbox, django_capture_on_commit_callbacks, email, extra
):
    forget_rate_limits()
    data = {**extra} if email is fuzz.MISSING else {**extra, "email": email}
    before = row_counts(Initiative, OutboxMessage)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/aloitteet/linkki/", data)
    after = row_counts(Initiative, OutboxMessage)
    if response.status_code == 302:
        assert response["Location"] == "/aloitteet/linkki/?sent=1"
        assert after["initiatives.Initiative"] == before["initiatives.Initiative"]
        # At most one message, and only to the address the initiative was sent from, never to what was typed.
        sent = after["osallisuus.OutboxMessage"] - before["osallisuus.OutboxMessage"]
        assert sent in (0, 1)
        if sent:
            assert mailoutbox[-1].to == [KNOWN]
            assert OutboxMessage.objects.latest("pk").recipient == KNOWN
        return
    assert after == before
    assert_refused_in(response, "fi", FINNISH_SUMMARY)


@fuzz_settings(examples=25)
@given(
    changes=st.dictionaries(
        st.sampled_from(["message", "page_url", "sender_name", "email", "homepage", "form_token"]),
        st.one_of(fuzz.field_value, st.just(fuzz.MISSING)),
        max_size=4,
    )
)
def test_feedback_form_stores_one_whole_feedback_or_refuses_in_finnish(
    client, db, monkeypatch, mailoutbox, django_capture_on_commit_callbacks, changes
):
    forget_rate_limits()
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)
    data = {
        "message": "Lomakkeen virheilmoitus ei näy ruudunlukijalla.",
        "page_url": "/aloitteet/uusi/",
        "sender_name": "",
        "email": "",
        "homepage": "",
        "form_token": FeedbackForm.new_token(),
        **changes,
    }
    data = {name: value for name, value in data.items() if value is not fuzz.MISSING}
    before = row_counts(AccessibilityFeedback, OutboxMessage)
    mails = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/saavutettavuus/palaute/", data)
    after = row_counts(AccessibilityFeedback, OutboxMessage)
    if response.status_code == 302:
        assert after[AccessibilityFeedback._meta.label] == before[AccessibilityFeedback._meta.label] + 1
        stored = AccessibilityFeedback.objects.latest("pk")
        assert (
            stored.message == str(data["message"][-1] if isinstance(data["message"], list) else data["message"]).strip()
        )
        return
    assert after == before
    assert len(mailoutbox) == mails
    assert_refused_in(response, "fi", FINNISH_SUMMARY)


@fuzz_settings(examples=30)
@given(
    username=st.one_of(fuzz.field_value, st.just("kirjaaja"), st.just(fuzz.MISSING)),
    password=st.one_of(fuzz.field_value, st.just(fuzz.MISSING)),
    next_url=st.one_of(fuzz.arbitrary_text, st.just("//evil.example/"), st.just("https://evil.example/")),
)
def test_login_form_never_lets_a_wrong_password_in_and_never_redirects_away(
    client, registry_user, settings, username, password, next_url
):
    forget_rate_limits()
    data = {"next": next_url}
    data |= {} if username is fuzz.MISSING else {"username": username}
    data |= {} if password is fuzz.MISSING else {"password": password}
    response = client.post("/henkilosto/kirjaudu/", data)
    # Django's login view shows a refused login again with status 200; its errors are the form's.
    assert response.status_code == 200, response.status_code
    assert "_auth_user_id" not in client.session
    assert_refused_in(response, "fi", FINNISH_SUMMARY, status=200)


def test_the_right_password_logs_in_and_stays_on_the_site(client, db):
    make_user("kirjaaja")
    response = client.post(
        "/henkilosto/kirjaudu/",
        {"username": "kirjaaja", "password": "test-password-123", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert urlsplit(response["Location"]).netloc == ""
    assert "_auth_user_id" in client.session


@fuzz_settings(examples=30)
@given(
    language=st.one_of(st.sampled_from(["fi", "sv", "en", "de", "FI", "sv-fi", ""]), fuzz.field_value),
    next_url=st.one_of(
        fuzz.field_value,
        st.sampled_from(["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]),
        st.just("TRACK"),
        st.just(fuzz.MISSING),
    ),
    referer=st.one_of(st.none(), st.sampled_from(["https://evil.example/x", "/aloitteet/"]), fuzz.arbitrary_text),
)
def test_language_switch_keeps_the_visitor_on_the_site(client, settings, known, language, next_url, referer):
    """The switch on every page, the private tracking page too (its `next` is the secret path)."""
    data = {"language": language}
    if next_url == "TRACK":
        next_url = f"/aloitteet/seuranta/{known.tracking_token}/"
    if next_url is not fuzz.MISSING:
        data["next"] = next_url
    headers = {"Referer": referer} if referer is not None and "\n" not in referer and "\r" not in referer else {}
    response = client.post("/kieli/setlang/", data, headers=headers)
    assert response.status_code in (200, 204, 302), response.status_code
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        assert location.netloc == "", response["Location"]
        assert location.scheme == "", response["Location"]
        assert not response["Location"].startswith("//")
    # The next page is in one of the portal's languages, the chosen one when it is one of them.
    html = client.get("/aloitteet/").content.decode()
    shown = html.split('<html lang="', 1)[1].split('"', 1)[0]
    assert shown in ("fi", "sv", "en")
    if language in ("fi", "sv", "en"):
        assert shown == language
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)


@fuzz_settings(examples=10)
@given(next_url=st.one_of(fuzz.field_value, st.just("https://evil.example/")))
def test_logout_never_redirects_away(client, registry_user, next_url):
    client.force_login(registry_user)
    response = client.post("/henkilosto/kirjaudu-ulos/", {"next": next_url})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert urlsplit(response["Location"]).netloc == ""
    assert "_auth_user_id" not in client.session
