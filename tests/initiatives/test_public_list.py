"""Public list, detail and Atom feed: only published initiatives, never contact details, a constant query count."""

import datetime
import importlib

import pytest
import time_machine
from django import forms
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from initiatives import search, services
from initiatives.forms.public import InitiativeFilterForm
from initiatives.models import Initiative
from osallisuus.models import Municipality, Organ
from tests.initiatives.factories import make_decided, make_initiative, make_noticed, make_published

pytestmark = pytest.mark.django_db

LIST = "/aloitteet/"
FEED = "/aloitteet/syote/"
HTMX = {"HX-Request": "true", "HX-Target": "results"}

UNIQUE_EMAIL = "uniq-7731@example.invalid"
UNIQUE_PHONE = "+358 40 7731 7731"
UNIQUE_ADDRESS = "Salakatu 7731"


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def publish(user, initiative: Initiative, public_text: str = "") -> Initiative:
    return services.initiative_publish(initiative=initiative, user=user, public_text=public_text)


def detail_url(initiative: Initiative) -> str:
    return f"/aloitteet/{initiative.reference}/"


def titles(response) -> list[str]:
    return [initiative.title for initiative in response.context["page"].object_list]


def test_only_published_initiatives_are_listed(client, hyte_user):
    shown = make_published(hyte_user, title="Julkaistu aloite")
    make_initiative(title="Julkaisematon aloite")
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Julkaistu aloite"]
    html = response.content.decode()
    assert "Julkaistu aloite" in html
    assert "Julkaisematon aloite" not in html
    assert client.get(detail_url(shown)).status_code == 200


def test_unpublished_and_reclassified_initiatives_are_never_shown(client, hyte_user):
    unpublished = make_initiative(title="Ei julkaistu")
    reclassified = make_published(hyte_user, title="Palautetta")
    services.initiative_reclassify(
        initiative=reclassified, user=hyte_user, kind=Initiative.Reclassification.FEEDBACK, message="Palautteena."
    )
    # Even if the publication flag were left on, a re-classified message is not an initiative and is not shown.
    Initiative.objects.filter(pk=reclassified.pk).update(publication_state=Initiative.Publication.PUBLISHED)
    assert titles(client.get(LIST)) == []
    assert client.get(detail_url(unpublished)).status_code == 404
    assert client.get(detail_url(reclassified)).status_code == 404
    feed = client.get(FEED).content.decode()
    assert "Ei julkaistu" not in feed
    assert "Palautetta" not in feed


def test_contact_details_appear_on_no_public_page_and_the_name_only_with_consent(client, hyte_user, handler_user):
    consenting = make_noticed(
        handler_user,
        name="Kaisa Suostuja",
        name_publication_consent=True,
        email=UNIQUE_EMAIL,
        phone=UNIQUE_PHONE,
        postal_address=UNIQUE_ADDRESS,
        title="Esteetön sisäänkäynti",
    )
    publish(hyte_user, consenting)
    private = publish(
        hyte_user,
        make_initiative(name="Pekka Piilossa", name_publication_consent=False, title="Pysäköinti", postal_address="X"),
    )
    pages = {
        "list": client.get(LIST),
        "list fragment": client.get(LIST, headers=HTMX),
        "search": client.get(LIST, {"q": "sisäänkäynti"}),
        "search fragment": client.get(LIST, {"q": "sisäänkäynti"}, headers=HTMX),
        "detail": client.get(detail_url(consenting)),
        "other detail": client.get(detail_url(private)),
        "feed": client.get(FEED),
    }
    for page, response in pages.items():
        assert response.status_code == 200, page
        content = response.content.decode()
        for secret in (UNIQUE_EMAIL, "uniq-7731", UNIQUE_PHONE, "7731 7731", UNIQUE_ADDRESS, "Pekka Piilossa"):
            assert secret not in content, (page, secret)
        assert consenting.tracking_token not in content
        assert private.tracking_token not in content
    assert "Kaisa Suostuja" in pages["detail"].content.decode()
    assert "Kaisa Suostuja" in pages["list"].content.decode()
    assert "Kaisa Suostuja" in pages["feed"].content.decode()
    # Without consent the kind of initiator stands in for the name.
    assert "Resident of the region" in pages["other detail"].content.decode()
    # The staff contact for more information is official and shown.
    assert "Ville Valmistelija" in pages["detail"].content.decode()


def test_a_redacted_text_replaces_the_original_everywhere_and_in_search(client, hyte_user):
    initiative = make_initiative(
        initiator_kind=Initiative.InitiatorKind.SERVICE_USER,
        service="Kotihoito",
        title="Kotihoidon käynnit",
        text="Äitini Aino Esimerkki tarvitsee enemmän käyntejä.",
    )
    publish(hyte_user, initiative, public_text="Kotihoidon käyntejä pitäisi lisätä.")
    detail = client.get(detail_url(initiative)).content.decode()
    assert "Kotihoidon käyntejä pitäisi lisätä." in detail
    assert "Aino Esimerkki" not in detail
    assert "Aino Esimerkki" not in client.get(LIST).content.decode()
    assert "Aino Esimerkki" not in client.get(FEED).content.decode()
    assert titles(client.get(LIST, {"q": "Aino"})) == []
    assert titles(client.get(LIST, {"q": "lisätä"})) == ["Kotihoidon käynnit"]


def test_filters_by_status_year_municipality_and_organ(client, hyte_user, handler_user):
    pori = Municipality.objects.create(name="Pori", code="609")
    rauma = Municipality.objects.create(name="Rauma", code="684")
    committee = Organ.objects.create(name="Sosiaali- ja terveyslautakunta", kind=Organ.Kind.COMMITTEE)
    with time_machine.travel(datetime.datetime(2025, 3, 3, 10, 0, tzinfo=datetime.UTC), tick=False):
        old = publish(hyte_user, make_initiative(title="Vanha", home_municipality=pori))
    new_in_rauma = publish(hyte_user, make_initiative(title="Uusi Raumalta", home_municipality=rauma))
    noticed = publish(
        hyte_user, make_noticed(handler_user, organ=committee, title="Käsittelyssä", home_municipality=pori)
    )

    assert titles(client.get(LIST, {"year": "2025"})) == ["Vanha"]
    assert titles(client.get(LIST, {"municipality": rauma.pk})) == ["Uusi Raumalta"]
    assert titles(client.get(LIST, {"organ": committee.pk})) == ["Käsittelyssä"]
    assert titles(client.get(LIST, {"status": Initiative.Status.IN_PROGRESS})) == ["Käsittelyssä"]
    assert set(titles(client.get(LIST, {"status": Initiative.Status.RECEIVED}))) == {"Vanha", "Uusi Raumalta"}
    assert titles(client.get(LIST, {"municipality": pori.pk, "year": str(timezone.localdate().year)})) == [
        "Käsittelyssä"
    ]
    # Unknown values are ignored rather than failing.
    response = client.get(LIST, {"status": "nonsense", "year": "abc", "organ": "999999", "page": "x"})
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert {old.pk, new_in_rauma.pk, noticed.pk} == {i.pk for i in response.context["page"].object_list}


def test_sorted_newest_first_by_default_and_by_the_sort_select(client, hyte_user):
    for day, title in [(3, "Keskimmäinen"), (1, "Vanhin"), (5, "Uusin")]:
        with time_machine.travel(datetime.datetime(2026, 2, day, 10, 0, tzinfo=datetime.UTC), tick=False):
            publish(hyte_user, make_initiative(title=title))
    assert titles(client.get(LIST)) == ["Uusin", "Keskimmäinen", "Vanhin"]
    assert titles(client.get(LIST, {"sort": "oldest"})) == ["Vanhin", "Keskimmäinen", "Uusin"]
    assert titles(client.get(LIST, {"sort": "title"})) == ["Keskimmäinen", "Uusin", "Vanhin"]


def test_search_matches_title_and_text(client, hyte_user):
    publish(hyte_user, make_initiative(title="Penkkejä puistoon", text="Vanhuksille levähdyspaikkoja."))
    publish(hyte_user, make_initiative(title="Parkkipaikat", text="Lisää pysäköintitilaa."))
    assert titles(client.get(LIST, {"q": "penkkejä"})) == ["Penkkejä puistoon"]
    assert titles(client.get(LIST, {"q": "pysäköintitilaa"})) == ["Parkkipaikat"]
    assert titles(client.get(LIST, {"q": "ei löydy mitään"})) == []


def test_the_list_pages_by_twenty_and_keeps_the_filters_in_the_links(client, hyte_user):
    for number in range(25):
        publish(hyte_user, make_initiative(title=f"Aloite {number:02d}"))
    first = client.get(LIST, {"q": "Aloite"})
    assert len(titles(first)) == 20
    html = first.content.decode()
    assert 'href="?q=Aloite&amp;page=2"' in html
    assert 'hx-get="?q=Aloite&amp;page=2"' in html
    second = client.get(LIST, {"q": "Aloite", "page": "2"})
    assert len(titles(second)) == 5


def test_htmx_requests_get_only_the_results_partial(client, hyte_user):
    publish(hyte_user, make_initiative(title="Näkyvä"))
    full = client.get(LIST).content.decode()
    fragment = client.get(LIST, {"q": "Näkyvä"}, headers=HTMX).content.decode()
    assert "<html" in full
    assert 'id="results"' in full
    assert 'hx-get="/aloitteet/"' in full
    assert 'hx-push-url="true"' in full
    assert 'action="/aloitteet/"' in full
    assert fragment.lstrip().startswith('<section id="results"')
    assert "<html" not in fragment
    assert "<form" not in fragment
    assert "Näkyvä" in fragment
    # A history restore (back button after htmx navigation with an empty cache) gets the full page.
    restored = client.get(LIST, headers={**HTMX, "HX-History-Restore-Request": "true"}).content.decode()
    assert "<html" in restored


def _queries(client, url: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, **kwargs).status_code == 200
    return len(context.captured_queries)


def test_the_list_query_count_does_not_grow_with_rows(client, hyte_user, handler_user, django_assert_max_num_queries):
    organ = Organ.objects.create(name="Lautakunta", kind=Organ.Kind.COMMITTEE)
    for _number in range(3):
        publish(hyte_user, make_noticed(handler_user, organ=organ))
    few = _queries(client, LIST)
    for _number in range(30):
        publish(hyte_user, make_noticed(handler_user, organ=organ))
    assert _queries(client, LIST) == few
    assert _queries(client, LIST, headers=HTMX) <= few
    with django_assert_max_num_queries(8):
        client.get(LIST, {"q": "penkkejä", "status": "in_progress", "sort": "oldest", "page": "2"})


def test_the_detail_query_count_does_not_grow_with_co_initiators(client, hyte_user, django_assert_max_num_queries):
    from initiatives.services import CoInitiatorData

    alone = publish(hyte_user, make_initiative())
    many = publish(hyte_user, make_initiative(co_initiators=[CoInitiatorData(name=f"Nimi {n}") for n in range(6)]))
    assert _queries(client, detail_url(alone)) == _queries(client, detail_url(many))
    with django_assert_max_num_queries(1):
        response = client.get(detail_url(many))
    html = response.content.decode()
    assert "and 6 co-initiators" in html
    assert "Nimi 1" not in html  # co-initiators gave no consent to publish their names


def test_the_detail_shows_the_timeline(client, hyte_user, handler_user):
    initiative = make_noticed(handler_user, title="Aikajana")
    services.initiative_record_decision(
        initiative=initiative,
        user=handler_user,
        outcome=Initiative.Outcome.PARTLY,
        measures="Hankitaan yksi penkki.",
        decision_organ=initiative.handling_organ,
        decision_date=timezone.localdate(),
        decision_section="§ 7",
    )
    publish(hyte_user, initiative)
    html = client.get(detail_url(initiative)).content.decode()
    assert 'class="timeline"' in html
    assert "Hankitaan yksi penkki." in html
    assert "§ 7" in html
    assert initiative.handling_organ.name in html


def test_the_atom_feed_lists_newly_published_initiatives(client, hyte_user):
    first = publish(hyte_user, make_initiative(title="Ensimmäinen", name="Nimetön Tekijä"))
    second = publish(hyte_user, make_initiative(title="Toinen", name="Julkinen Tekijä", name_publication_consent=True))
    make_initiative(title="Julkaisematon")
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert 'xmlns="http://www.w3.org/2005/Atom"' in content
    assert f"{second.reference} Toinen" in content
    assert f"{first.reference} Ensimmäinen" in content
    assert content.index("Toinen") < content.index("Ensimmäinen")
    assert f"/aloitteet/{first.reference}/" in content
    assert "Julkinen Tekijä" in content
    assert "Nimetön Tekijä" not in content
    assert "Julkaisematon" not in content


def test_the_feed_escapes_html_in_the_text(client, hyte_user):
    publish(hyte_user, make_initiative(text="<script>alert(1)</script> & muuta"))
    content = client.get(FEED).content.decode()
    # The summary is HTML: the text is escaped into it, and the XML escapes it once more.
    assert "<script>" not in content
    assert "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;amp; muuta" in content


def test_the_search_expression_matches_the_index_migration():
    migration = importlib.import_module("initiatives.migrations.0008_public_title")
    assert migration.SEARCH_DOCUMENT_SQL == search.SEARCH_DOCUMENT_SQL


# Issue 14: the list's filters and cards render faster and exactly as before.


def _django_select_html(form: InitiativeFilterForm, name: str) -> str:
    """The field as Django's own Select widget writes it, with the attributes the bound field gives it."""
    bound = form[name]
    return bound.as_widget(widget=forms.Select(choices=bound.field.choices))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "in_progress", "year": "2025", "sort": "title"},
        {"status": "nonsense", "year": "abc", "municipality": "zz", "organ": "999999", "sort": "bad"},
    ],
)
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_filter_selects_write_the_html_of_djangos_select(data, language):
    pori = Municipality.objects.create(name="Pori", name_sv="Björneborg", code="609")
    Municipality.objects.create(name="Rauma", name_sv="Raumo", code="684")
    Municipality.objects.create(name='Kaskö & "<b>Kaskinen</b>"', name_sv="Kaskö", code="231")  # escaped as Django does
    Organ.objects.create(name="Aluehallitus", kind=Organ.Kind.BOARD)
    with translation.override(language):
        for municipality in ("", str(pori.pk)):
            form = InitiativeFilterForm(
                {**data, "municipality": data.get("municipality", municipality)}, years=[2026, 2025]
            )
            form.is_valid()
            for name in ("status", "year", "municipality", "organ", "sort"):
                assert str(form[name]) == _django_select_html(form, name), (name, data, language)


def test_a_fixed_select_follows_the_language_and_the_choice():
    with translation.override("fi"):
        finnish = InitiativeFilterForm({"sort": "oldest"}, years=[])
        assert 'value="oldest" selected>Vanhin ensin<' in str(finnish["sort"])
    with translation.override("en"):
        english = InitiativeFilterForm({"sort": "title"}, years=[])
        html = str(english["sort"])
        assert 'value="title" selected>By title<' in html
        assert 'value="oldest">Oldest first<' in html


def test_each_card_shows_the_badge_of_its_own_status(client, hyte_user, handler_user):
    organ = Organ.objects.create(name="Lautakunta", kind=Organ.Kind.COMMITTEE)
    with time_machine.travel(datetime.datetime(2026, 2, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        publish(hyte_user, make_initiative(title="Saapunut A"))
    with time_machine.travel(datetime.datetime(2026, 2, 3, 10, 0, tzinfo=datetime.UTC), tick=False):
        publish(hyte_user, make_decided(handler_user, organ=organ, title="Päätetty B"))
    with time_machine.travel(datetime.datetime(2026, 2, 4, 10, 0, tzinfo=datetime.UTC), tick=False):
        publish(hyte_user, make_initiative(title="Saapunut C"))
    html = client.get(LIST).content.decode()
    cards = html.split('<li class="card">')[1:]
    assert [card.split("</a>")[0].rsplit(">", 1)[1] for card in cards] == ["Saapunut C", "Päätetty B", "Saapunut A"]
    assert '<span class="badge badge--info">Received</span>' in cards[0]
    assert '<span class="badge badge--ok">Decided</span>' in cards[1]
    assert '<span class="badge badge--info">Received</span>' in cards[2]


def test_the_public_detail_reads_only_what_it_shows(client, hyte_user, django_assert_max_num_queries):
    from initiatives.services import CoInitiatorData

    initiative = publish(
        hyte_user, make_initiative(co_initiators=[CoInitiatorData(name=f"Nimi {n}") for n in range(3)])
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url(initiative))
    assert "and 3 co-initiators" in response.content.decode()
    # The initiative with its organs, municipality and number of co-initiators in one query, and never the
    # attachments, the handler or the co-initiators' rows, which no public page shows.
    assert len(queries.captured_queries) == 1
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "initiatives_attachment" not in sql
    assert "osallisuus_user" not in sql
    assert "COUNT(*)" in sql


def test_the_list_reads_no_contact_details_and_labels_choices_in_the_language(client, hyte_user, handler_user):
    organ = Organ.objects.create(name="Ikäihmisten lautakunta", name_sv="Nämnden för äldre", kind=Organ.Kind.COMMITTEE)
    publish(hyte_user, make_noticed(handler_user, organ=organ, email="asukas@example.fi", phone="040 123 4567"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    html = response.content.decode()
    assert f'<option value="{organ.pk}">Nämnden för äldre</option>' in html
    assert "<dd>Nämnden för äldre</dd>" in html
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    for column in ("email", "phone", "postal_address", "tracking_token", "membership_grounds"):
        assert f'"{column}"' not in sql
