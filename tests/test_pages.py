"""The foundation's pages and base layout as a resident receives them: Finnish by default, Swedish and English on
request, the header, navigation, language switcher and footer on every page."""

import datetime
import re
from types import ModuleType

import pytest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateSyntaxError, engines
from django.test import Client
from django.urls import include, path
from django.utils.translation import override

import osallisuus.urls


def text_of(response: HttpResponse) -> str:
    """The page's text with tags removed and whitespace collapsed, as a reader would meet it."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_home_page_says_in_finnish_what_a_resident_can_do(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert response["Content-Language"] == "fi"
    text = text_of(response)
    assert "Osallistu ja vaikuta" in text
    assert "Tee aloite" in text
    assert "Et tarvitse käyttäjätunnusta." in text
    assert "Kerromme kuukauden kuluessa, kuka aloitteen käsittelee ja milloin saat vastauksen." in text
    assert "Nuorisovaltuusto, vanhusneuvosto ja vammaisneuvosto" in text


@pytest.mark.parametrize("path", ["/", "/saavutettavuus/", "/tietosuoja/", "/henkilosto/kirjaudu/"])
def test_every_page_has_the_base_layout(client, db, path):
    html = client.get(path).content.decode()

    assert '<html lang="fi">' in html
    assert re.search(r'<a class="skip-link" href="#main">Siirry pääsisältöön</a>', html)
    assert '<main id="main" tabindex="-1"' in html
    assert html.count("<header") == 1
    assert html.count("<footer") == 1
    assert '<nav class="site-nav" aria-label="Päävalikko">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    assert "Satakunnan hyvinvointialue" in html.split("</header>")[0]


def test_base_layout_loads_htmx_locally_with_no_indicator_styles(client, db):
    response = client.get("/")
    html = response.content.decode()

    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
    assert '"includeIndicatorStyles": false' in html
    # A visitor's page sends no token with htmx requests: only the forms carry it (the language form on every page).
    assert "<body>" in html
    assert "<style" not in html
    assert " style=" not in html


def test_staff_pages_send_the_csrf_token_with_htmx_requests(client, registry_user):
    client.force_login(registry_user)
    html = client.get("/henkilosto/").content.decode()

    csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert f'<body hx-headers=\'{{"X-CSRFToken": "{csrf_token}"}}\'>' in html


def test_footer_links_to_the_statements_and_staff_login(client, db):
    html = client.get("/").content.decode()
    footer = html.split("<footer")[1]

    assert '<a href="/saavutettavuus/">Saavutettavuusseloste</a>' in footer
    assert '<a href="/tietosuoja/">Tietosuojaseloste</a>' in footer
    assert '<a href="/henkilosto/kirjaudu/">Henkilöstön kirjautuminen</a>' in footer


def test_accessibility_statement_names_standard_test_method_and_feedback_channel(client, db, settings):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "saavutettavuus@example.fi"

    text = text_of(client.get("/saavutettavuus/"))

    assert "Saavutettavuusseloste" in text
    assert "306/2019" in text
    assert "WCAG 2.1 -ohjeiden AA-tason kriteerit" in text
    assert "Portaali täyttää vaatimukset osittain." in text
    assert "axe-core" in text
    assert "pelkällä näppäimistöllä" in text
    assert "Seloste on tehty 1. joulukuuta 2026." in text  # accessibility.views.ACCESSIBILITY_STATEMENT_DATE
    assert "saavutettavuus@example.fi" in text
    assert "Vastaamme kahden viikon kuluessa." in text
    assert "saavutettavuusvaatimukset.fi" in text  # the supervisory authority
    html = client.get("/saavutettavuus/").content.decode()
    assert '<a href="mailto:saavutettavuus@example.fi">saavutettavuus@example.fi</a>' in html


def test_accessibility_statement_in_english_keeps_its_percent_sign(client, db):
    client.post("/kieli/setlang/", {"language": "en", "next": "/"})

    text = text_of(client.get("/saavutettavuus/"))

    assert "enlarged to 400 % and read" in text
    assert "%%" not in text


def test_privacy_notice_tells_controller_purposes_and_rights(client, db, settings):
    settings.REGION_REGISTRY_EMAIL = "kirjaamo@example.fi"

    text = text_of(client.get("/tietosuoja/"))

    assert "Tietosuojaseloste" in text
    assert "Rekisterinpitäjä" in text
    assert "Satakunnan hyvinvointialue. Yhteystiedot: kirjaamo@example.fi" in text
    assert "611/2021, 30 §" in text
    assert "Yhteystietoja ei julkaista koskaan." in text
    assert "Evästeet" in text
    assert "tietosuojavaltuutetulle" in text


def test_pages_are_translated_to_swedish(client, db):
    response = client.post("/kieli/setlang/", {"language": "sv", "next": "/tietosuoja/"})
    assert response.status_code == 302
    assert response["Location"] == "/tietosuoja/"

    response = client.get("/tietosuoja/")

    assert response["Content-Language"] == "sv"
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Dataskyddsbeskrivning</h1>" in html
    assert "Hoppa till huvudinnehållet" in html
    assert "Personuppgiftsansvarig" in html
    assert "Tillgänglighetsutlåtande" in html


def test_language_switcher_is_a_form_with_three_buttons(client, db):
    html = client.get("/tietosuoja/?sivu=2").content.decode()
    form = re.search(r'<form class="language-switcher".*?</form>', html, flags=re.DOTALL).group(0)

    assert 'action="/kieli/setlang/" method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form  # like every form (tests/security/test_csrf.py)
    assert '<input type="hidden" name="next" value="/tietosuoja/?sivu=2">' in form
    buttons = re.findall(r'<button type="submit" name="language" value="(\w+)" lang="\1"\s+aria-pressed="(\w+)">', form)
    assert buttons == [("fi", "true"), ("sv", "false"), ("en", "false")]
    assert [label for label in re.findall(r">([^<>]+)</button>", form)] == ["Suomi", "Svenska", "English"]


def test_language_choice_without_javascript_needs_only_the_form(db):
    client = Client(enforce_csrf_checks=True)
    html = client.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = client.post("/kieli/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert client.get("/").content.decode().count("<h1>Participate and influence</h1>") == 1


def test_other_forms_still_need_their_csrf_token(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/henkilosto/kirjaudu/", {"username": "kirjaaja", "password": "x"})

    assert response.status_code == 403


def test_language_switch_refuses_to_redirect_off_site(client, db):
    response = client.post("/kieli/setlang/", {"language": "sv", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_page_shows_an_error_summary_after_a_wrong_password(client, db):
    response = client.post("/henkilosto/kirjaudu/", {"username": "nobody", "password": "wrong-password-123"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="error-summary" role="alert"' in html
    assert "Korjaa nämä kohdat" in html
    assert "syötä kelvollinen käyttäjätunnus ja salasana" in html  # Django's own Finnish message
    assert '<label class="field__label" for="id_username">' in html


def nav_test_urls(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


def urlconf(*patterns) -> ModuleType:
    """A URL configuration of the foundation's own URLs (without the apps') and `patterns`."""
    module = ModuleType("test_urls")
    foundation = [p for p in osallisuus.urls.urlpatterns if getattr(p, "app_name", None) is None]
    module.urlpatterns = [*patterns, *foundation]
    return module


def test_navigation_links_appear_for_the_apps_that_exist(client, db, settings):
    # stand-ins for the apps' index pages, which the apps add themselves
    settings.ROOT_URLCONF = urlconf(
        path("aloitteet/", include(([path("", nav_test_urls, name="list")], "initiatives"))),
        path("toimielimet/", include(([path("", nav_test_urls, name="index")], "bodies"))),
        path("ohjelma/", include(([path("", nav_test_urls, name="index")], "ladder"))),
    )

    html = client.get("/aloitteet/").content.decode()
    nav = html.split('<nav class="site-nav"')[1].split("</nav>")[0]

    assert re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav) == [
        ("/aloitteet/", ' aria-current="page"', "Aloitteet"),
        ("/toimielimet/", "", "Vaikuttamistoimielimet"),
        ("/ohjelma/", "", "Osallisuusohjelma"),
    ]


def test_navigation_leaves_out_apps_without_pages(client, db, settings):
    settings.ROOT_URLCONF = urlconf()

    html = client.get("/").content.decode()
    nav = html.split('<nav class="site-nav"')[1].split("</nav>")[0]

    assert "<a " not in nav


def test_title_names_the_page_and_the_region(client, db):
    with override("fi"):
        html = client.get("/saavutettavuus/").content.decode()

    assert "<title>Saavutettavuusseloste – Satakunnan hyvinvointialue</title>" in html


def test_region_name_is_a_setting(client, db, settings):
    settings.REGION_NAME = "Kainuun hyvinvointialue"

    text = text_of(client.get("/"))

    assert "Kainuun hyvinvointialue" in text
    assert "Satakunnan" not in text


# --- What is rendered once per process (osallisuus/templatetags/fixed.py, issue 14) -----------------------------


def test_a_fixed_block_sees_only_the_region_settings(rf, registry_user, settings):
    template = engines["django"].from_string(
        "{% load fixed %}{% fixed %}[{{ request.path }}|{{ user }}|{{ csrf_token }}|{{ secret }}|{{ region_name }}]"
        "{% endfixed %}"
    )
    request = rf.get("/henkilosto/")
    request.user = registry_user

    with override("fi"):
        finnish = template.render({"secret": "page data"}, request=request)
    with override("sv"):
        swedish = template.render({"secret": "page data"}, request=request)

    assert finnish == f"[||||{settings.REGION_NAME}]"
    assert swedish == f"[||||{settings.REGION_NAME_SV}]"


def test_the_language_switcher_presses_the_button_of_the_page_language(client, db):
    for language in ["sv", "fi", "en", "sv"]:
        html = client.get("/", headers={"Accept-Language": language}).content.decode()
        pressed = re.findall(r'value="(\w+)" lang="\1"\s+aria-pressed="true"', html)
        assert pressed == [language]
        assert 'name="csrfmiddlewaretoken"' in html


def test_a_fixed_include_takes_only_code_constants():
    template = engines["django"].from_string(
        '{% load fixed %}{% fixed_include "initiatives/includes/status_badge.html" notice_state=state %}'
    )
    with pytest.raises(TemplateSyntaxError):
        template.render({"state": "overdue"})


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 1, 5),
        datetime.date(2026, 12, 28),
        datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),  # 1.1.2027 in Helsinki
        None,
        "",
    ],
)
def test_numeric_date_writes_what_the_date_filter_writes(value):
    expected = engines["django"].from_string('{{ value|date:"j.n.Y" }}').render({"value": value})
    ours = engines["django"].from_string("{% load dates %}{{ value|numeric_date }}").render({"value": value})
    assert ours == expected
