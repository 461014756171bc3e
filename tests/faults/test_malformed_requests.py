"""Requests the portal cannot read (issue 19, finding 2): a form body in another character set than UTF-8, bytes that
are not UTF-8 in the query string or in a form's fields, a multipart body that does not parse, a body too large or
with too many fields, a Content-Type header that does not parse. Each gets the portal's own 400 page in the visitor's
language and one log line, on every address that takes a POST, with the CSRF cookie set (so that CSRF protection
reads the body, as it does for a browser).

Before the fix Django's 400 view ran the CSRF check again, which read the body again and raised again: the server
answered with its bare 500 and logged a traceback once per middleware (about 72 KB per 3-byte request)."""

import logging
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.core import signals
from django.db import close_old_connections
from django.test import Client

from initiatives.models import Initiative

CSRF_COOKIE = "x" * 32
URLENCODED = "application/x-www-form-urlencoded"
POST_ADDRESSES = [
    "/aloitteet/uusi/",
    "/aloitteet/linkki/",
    "/henkilosto/kirjaudu/",
    "/kieli/setlang/",
    "/saavutettavuus/palaute/",
    "/henkilosto/aloitteet/uusi/",  # a staff address: CSRF protection reads the body before the view sends anyone away
    "/ei-tallaista-osoitetta/",  # no page: the 404 view runs the CSRF check too
]
UNREADABLE = {"fi": "Pyyntöä ei voitu lukea", "sv": "Begäran kunde inte läsas", "en": "The request could not be read"}


def multipart(*parts: bytes, boundary: bytes = b"b0undary") -> bytes:
    return b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts) + b"--" + boundary + b"--\r\n"


def field(name: str | bytes, value: bytes) -> bytes:
    name = name.encode() if isinstance(name, str) else name
    return b'Content-Disposition: form-data; name="' + name + b'"\r\n\r\n' + value


MULTIPART = "multipart/form-data; boundary=b0undary"
# (what is wrong, Content-Type, body); every body carries a CSRF token field, which CSRF protection looks for.
MALFORMED = [
    ("latin-1 charset, 3 bytes (the finding)", f"{URLENCODED}; charset=latin-1", b"a=b"),
    ("latin-1 charset and latin-1 text", f"{URLENCODED}; charset=latin-1", b"title=P%F6yt%E4&csrfmiddlewaretoken=x"),
    ("unknown charset", f"{URLENCODED}; charset=foo", b"title=Penkki&csrfmiddlewaretoken=x"),
    ("UTF-16 charset", f"{URLENCODED}; charset=utf-16", "title=Penkki".encode("utf-16")),
    ("percent-encoded bytes that are not UTF-8", URLENCODED, b"title=P%F6yt%E4&csrfmiddlewaretoken=x"),
    ("raw bytes that are not UTF-8", URLENCODED, b"title=P\xf6yt\xe4&csrfmiddlewaretoken=x"),
    ("multipart without a boundary", "multipart/form-data", multipart(field("title", b"Penkki"))),
    ("multipart with a boundary too long", f"multipart/form-data; boundary={'b' * 250}", b"--" + b"b" * 250),
    ("multipart in which no part parses", MULTIPART, b"\x00\x01 this is not a multipart body at all\r\n"),
    ("multipart field that is not UTF-8", MULTIPART, multipart(field("title", b"P\xf6yt\xe4"))),
    ("multipart field name that is not UTF-8", MULTIPART, multipart(field(b"t\xeftle", b"Penkki"))),
    ("multipart in latin-1", f"{MULTIPART}; charset=latin-1", multipart(field("title", b"Penkki"))),
    ("multipart cut off inside a field", MULTIPART, b"--b0undary\r\n" + field("title", b"Penkki \xe2\x82")),
    ("too many fields", URLENCODED, "&".join(f"f{i}=x" for i in range(300)).encode()),
    ("a field too large", URLENCODED, b"text=" + b"x" * 3_000_000),
]
IDS = [what for what, _content_type, _body in MALFORMED]


@pytest.fixture
def browser_client() -> Client:
    """A client as a browser is one: CSRF checked, its cookie set, the real response returned for every exception."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_COOKIE
    return client


def warnings_and_errors(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def assert_one_log_line(caplog, path: str) -> None:
    records = warnings_and_errors(caplog)
    assert len(records) == 1, [record.getMessage()[:200] for record in records]
    assert records[0].exc_info is None, "a traceback was logged"
    assert "\n" not in records[0].getMessage()
    assert path in records[0].getMessage()


def assert_unreadable_page(response, language: str = "fi") -> None:
    html = response.content.decode()
    assert response.status_code == 400, (response.status_code, html[:300])
    assert f'<html lang="{language}">' in html
    assert f"<h1>{UNREADABLE[language]}</h1>" in html
    assert '<a class="skip-link" href="#main">' in html  # the portal's layout


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "content_type", "body"), MALFORMED, ids=IDS)
@pytest.mark.parametrize("path", POST_ADDRESSES)
def test_an_unreadable_post_gets_the_400_page_and_one_log_line(browser_client, caplog, path, what, content_type, body):
    response = browser_client.generic("POST", path, data=body, content_type=content_type)

    assert_unreadable_page(response)
    assert_one_log_line(caplog, path)
    assert not Initiative.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_400_page_is_in_the_visitors_language(browser_client, settings, language):
    browser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = browser_client.generic("POST", "/aloitteet/uusi/", b"a=b", content_type=f"{URLENCODED}; charset=latin-1")

    assert_unreadable_page(response, language)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("query", ["q=P%F6yt%E4", "q=%ff%fe", "%C3=1"])
def test_a_query_string_that_is_not_utf8_gets_the_400_page(browser_client, caplog, method, query):
    response = browser_client.generic(method, f"/aloitteet/?{query}")

    assert_unreadable_page(response)
    assert_one_log_line(caplog, "/aloitteet/")


@pytest.mark.django_db
def test_utf8_forms_and_query_strings_are_read_as_before(client, caplog):
    """The checks refuse nothing a browser sends: UTF-8 in the query string, in an urlencoded and a multipart form."""
    assert client.get("/aloitteet/?q=P%C3%B6yt%C3%A4").status_code == 200
    utf8 = urlencode({"language": "sv", "next": "/tietosuoja/?q=pöytä"}).encode()
    assert (
        client.generic("POST", "/kieli/setlang/", utf8, content_type=f"{URLENCODED}; charset=UTF-8").status_code == 302
    )
    parts = multipart(field("language", b"sv"), field("next", "/?q=pöytä".encode()))
    assert client.generic("POST", "/kieli/setlang/", parts, content_type=MULTIPART).status_code == 302
    assert not warnings_and_errors(caplog)


# --- Through the WSGI application that gunicorn serves (osallisuus.wsgi) -----------------------------------------


@pytest.fixture
def wsgi():
    """Calls osallisuus.wsgi.application as gunicorn does. No database: these answers must need none (and the
    request signals' connection clean-up is held off, as Django's test client does)."""
    from osallisuus.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def request(method: str, path: str, body: bytes = b"", content_type: str = "", query: str = "", language: str = ""):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": f"csrftoken={CSRF_COOKIE}",
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": BytesIO(body),
            "wsgi.errors": BytesIO(),
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "HTTP_ACCEPT_LANGUAGE": language,
        }
        started: list = []
        chunks = application(environ, lambda status, response_headers, exc_info=None: started.append(status))
        content = b"".join(chunks)
        chunks.close()
        return int(started[0].split()[0]), content.decode()

    yield request
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_findings_request_through_the_wsgi_application(wsgi, caplog):
    status, html = wsgi("POST", "/aloitteet/uusi/", b"a=b", f"{URLENCODED}; charset=latin-1")

    assert status == 400
    assert "<h1>Pyyntöä ei voitu lukea</h1>" in html
    assert_one_log_line(caplog, "/aloitteet/uusi/")


@pytest.mark.parametrize(
    "content_type",
    [f"{URLENCODED}; charset*=no-such-charset''x", f"{URLENCODED}; boundary={'x' * 11_000}"],
    ids=["RFC 2231 parameter in an unknown charset", "longer than Django parses"],
)
def test_a_content_type_header_that_does_not_parse_through_the_wsgi_application(wsgi, caplog, content_type):
    """Django fails on such a header while it builds the request, before any middleware or error view runs."""
    status, html = wsgi("POST", "/aloitteet/uusi/", b"a=b", content_type)

    assert status == 400
    assert "<h1>Pyyntöä ei voitu lukea</h1>" in html
    assert_one_log_line(caplog, "/aloitteet/uusi/")


def test_a_raw_query_string_that_is_not_utf8_through_the_wsgi_application(wsgi, caplog):
    # WSGI hands the query string over as bytes read as latin-1 (PEP 3333).
    status, html = wsgi("GET", "/aloitteet/", query=b"q=P\xf6yt\xe4".decode("latin-1"), language="sv")

    assert status == 400
    assert '<html lang="sv">' in html
    assert "<h1>Begäran kunde inte läsas</h1>" in html
    assert_one_log_line(caplog, "/aloitteet/")
