"""The yearly list for the regional council: what is on it, its figures, PDF and CSV, and recording the decision."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from initiatives import services
from initiatives.annual import annual_list, annual_list_reminder
from initiatives.models import AnnualReportFile, Initiative, ProcessedDeclaration
from initiatives.reports import AnnualListReport
from osallisuus.models import Organ
from osallisuus.spreadsheets import spreadsheet_cell
from tests.conftest import make_user
from tests.initiatives.factories import make_decided, make_initiative, make_noticed, make_organ, send_final_notice

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
POSTAL = {"email": "", "postal_address": "Esimerkkitie 1\n28100 Pori"}


@pytest.fixture
def council(db) -> Organ:
    return make_organ("Aluevaltuusto", Organ.Kind.COUNCIL)


@pytest.fixture
def board(db) -> Organ:
    return make_organ("Aluehallitus", Organ.Kind.BOARD)


@pytest.fixture
def year_2025(handler_user, council, board):
    """2024: one carried over; 2025: three on the council's list, one on the board's."""
    with time_machine.travel(datetime.datetime(2024, 10, 1, 12, tzinfo=HELSINKI)):
        old = make_noticed(handler_user, organ=council, arrived_on=datetime.date(2024, 9, 20), **POSTAL)
    with time_machine.travel(datetime.datetime(2025, 2, 10, 12, tzinfo=HELSINKI)):
        on_time = make_decided(
            handler_user,
            organ=council,
            arrived_on=datetime.date(2025, 2, 3),
            title="Esteetön sisäänkäynti pääterveysasemalle",
            name="Maija Meikäläinen",
            name_publication_consent=True,
            **POSTAL,
        )
    with time_machine.travel(datetime.datetime(2025, 5, 30, 12, tzinfo=HELSINKI)):
        late = make_noticed(handler_user, organ=council, arrived_on=datetime.date(2025, 4, 1), **POSTAL)
    unassigned = make_initiative(arrived_on=datetime.date(2025, 12, 30), title='=HYPERLINK("x")', **POSTAL)
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=HELSINKI)):
        board_one = make_noticed(handler_user, organ=board, arrived_on=datetime.date(2025, 2, 20), **POSTAL)
    return {"old": old, "on_time": on_time, "late": late, "unassigned": unassigned, "board": board_one}


def test_the_council_list_holds_the_year_and_what_was_carried_over(year_2025, council):
    listing = annual_list(year=2025, organ=council)
    references = [i.reference for i in listing.initiatives]
    assert references == [year_2025["old"].reference, year_2025["on_time"].reference, year_2025["late"].reference]
    assert listing.carried_over == 1
    assert listing.figures.received == 2  # arrived in 2025 with the council: on time and late
    assert listing.figures.notified_within_month == 1


def test_every_organ_grouped_with_the_unassigned_last(year_2025):
    listing = annual_list(year=2025, organ=None)
    assert [g.organ.name if g.organ else None for g in listing.groups] == ["Aluehallitus", "Aluevaltuusto", None]
    assert listing.figures.received == 4


def test_initiator_is_named_only_with_consent(year_2025, council):
    rows = AnnualListReport(annual_list(year=2025, organ=council)).csv().decode("utf-8-sig")
    assert "Maija Meikäläinen" in rows
    assert "Aloitteen Tekijä" not in rows  # no consent: the kind of initiator instead
    assert "Resident of the region" in rows or "Alueen asukas" in rows


def test_csv_opens_in_excel_and_neutralises_formulas(year_2025):
    content = AnnualListReport(annual_list(year=2025, organ=None)).csv()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Toimielin", "Viite", "Saapunut"]
    titles = [row[3] for row in rows[1:]]
    assert '\'=HYPERLINK("x")' in titles
    late_row = next(row for row in rows if row[1] == year_2025["late"].reference)
    assert late_row[6] == "ei"  # the notice was not sent within a month


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)"])
def test_spreadsheet_cell(value):
    assert spreadsheet_cell(value) == "'" + value
    assert spreadsheet_cell("Tavallinen teksti") == "Tavallinen teksti"


def test_pdf_has_cover_contents_page_numbers_and_the_rows(year_2025, council):
    pdf = AnnualListReport(annual_list(year=2025, organ=council)).pdf()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Satakunnan hyvinvointialue" in text
    assert "Aloitteet vuonna 2025" in text
    assert "Sisällys" in text
    assert f"sivu 2 / {len(reader.pages)}" in text
    assert "Esteetön sisäänkäynti pääterveysasemalle" in text
    assert year_2025["old"].reference in text
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])  # a tagged PDF, with its structure tree
    assert "/StructTreeRoot" in catalog


def test_command_writes_pdf_and_csv(year_2025, tmp_path):
    call_command("initiatives_annual_report", year=2025, output=tmp_path / "lista.pdf")
    call_command("initiatives_annual_report", year=2025, output=tmp_path / "lista.csv", organ="all")
    assert (tmp_path / "lista.pdf").read_bytes().startswith(b"%PDF-")
    assert year_2025["board"].reference in (tmp_path / "lista.csv").read_text(encoding="utf-8-sig")


def test_staff_page_previews_filters_and_fragments(client, year_2025, board, django_assert_max_num_queries):
    client.force_login(make_user("hyte1", "hyte"))
    url = reverse("initiatives:annual-list", args=[2025])
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200
    assert year_2025["late"].reference in page.text
    assert year_2025["board"].reference not in page.text  # the council's list by default
    fragment = client.get(url, {"organ": board.pk}, headers={"HX-Request": "true"})
    assert year_2025["board"].reference in fragment.text
    assert "<html" not in fragment.text
    # The organ choice pushes its address; htmx restoring it from there (not from its own cache) needs the page.
    restored = client.get(
        url, {"organ": board.pk}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restored.text
    assert year_2025["board"].reference in restored.text


def test_staff_page_is_for_registry_and_hyte_only(client, year_2025, handler_user):
    url = reverse("initiatives:annual-list", args=[2025])
    assert client.get(url).status_code == 302
    client.force_login(handler_user)
    assert client.get(url).status_code == 403


def test_pdf_is_made_in_the_background_and_reused_while_unchanged(
    client, year_2025, hyte_user, django_capture_on_commit_callbacks
):
    client.force_login(hyte_user)
    url = reverse("initiatives:annual-list-pdf", args=[2025])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    report_file = AnnualReportFile.objects.get()
    assert first.url == reverse("initiatives:annual-file", args=[report_file.pk])
    assert report_file.state == AnnualReportFile.State.DONE  # the immediate task backend ran it
    progress = client.get(first.url)
    assert "PDF" in progress.text
    # htmx polls the status part; htmx restoring the address from its history needs the whole page.
    polled = client.get(first.url, headers={"HX-Request": "true"})
    assert "PDF" in polled.text
    assert "<html" not in polled.text
    restored = client.get(first.url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.text
    download = client.get(reverse("initiatives:annual-file-download", args=[report_file.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    client.post(url)
    assert AnnualReportFile.objects.count() == 1  # unchanged list: the same file
    services.initiative_record_hearing(
        initiative=year_2025["late"], user=hyte_user, offered_on=datetime.date(2025, 6, 1)
    )
    services.initiative_record_decision(
        initiative=year_2025["late"],
        user=hyte_user,
        outcome=Initiative.Outcome.NO,
        measures="",
        decision_organ=year_2025["late"].handling_organ,
        decision_date=datetime.date(2025, 9, 1),
    )
    client.post(url)
    assert AnnualReportFile.objects.count() == 2  # the list changed: a new file


def test_recording_the_decision_removes_them_from_the_next_list(client, year_2025, council, hyte_user):
    client.force_login(hyte_user)
    on_time, late = year_2025["on_time"], year_2025["late"]
    send_final_notice(on_time, hyte_user)
    response = client.post(
        reverse("initiatives:annual-list-declare", args=[2025]),
        {"organ": council.pk, "meeting_date": "2026-06-15", "section": "§ 45", "initiatives": [on_time.pk]},
    )
    assert response.status_code == 302
    on_time.refresh_from_db()
    assert on_time.declared_processed_in.section == "§ 45"
    assert on_time.history.first().history_user == hyte_user
    next_year = [i.reference for i in annual_list(year=2026, organ=council).initiatives]
    assert on_time.reference not in next_year
    assert late.reference in next_year
    assert year_2025["old"].reference in next_year
    # the 2025 list made again later still shows it, now declared fully processed
    assert on_time.reference in [i.reference for i in annual_list(year=2025, organ=council).initiatives]


def test_declaring_nothing_or_twice_is_refused(client, year_2025, council, hyte_user):
    client.force_login(hyte_user)
    url = reverse("initiatives:annual-list-declare", args=[2025])
    data = {"organ": council.pk, "meeting_date": "2026-06-15", "section": "§ 45"}
    send_final_notice(year_2025["on_time"], hyte_user)
    empty = client.post(url, data)
    assert empty.status_code == 200
    assert "error-summary" in empty.text
    client.post(url, {**data, "initiatives": [year_2025["on_time"].pk]})
    again = client.post(url, {**data, "section": "§ 46", "initiatives": [year_2025["on_time"].pk]})
    assert again.status_code == 200  # no longer offered: the form refuses the choice
    assert year_2025["on_time"].reference not in again.text.split("error-summary")[0]


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (datetime.date(2026, 1, 15), False),
        (datetime.date(2026, 2, 28), False),
        (datetime.date(2026, 3, 1), True),
        (datetime.date(2026, 6, 30), True),
        (datetime.date(2026, 7, 1), False),
    ],
)
def test_reminder_shows_from_spring_until_the_deadline(year_2025, today, shown):
    reminder = annual_list_reminder(today)
    assert (reminder is not None) == shown
    if reminder:
        assert reminder.list_year == 2025
        assert reminder.days_left == (datetime.date(2026, 6, 30) - today).days
        assert reminder.without_measures == 4  # old, late, unassigned and the board's have no outcome


def test_deadline_month_is_a_setting(settings, year_2025):
    settings.ANNUAL_LIST_DEADLINE = "03-31"  # Kainuu
    assert annual_list_reminder(datetime.date(2026, 3, 31)).days_left == 0
    assert annual_list_reminder(datetime.date(2026, 4, 1)) is None


def test_workspace_shows_the_coming_list_deadline_in_spring(client, year_2025, hyte_user):
    client.force_login(hyte_user)
    with time_machine.travel(datetime.datetime(2026, 5, 31, 12, tzinfo=HELSINKI)):
        page = client.get(reverse("initiatives:workspace")).text
    assert "30.6.2026" in page
    assert "30 päivää" in page
    assert "4 aloitteelle" in page  # four on the list without measures
    assert reverse("initiatives:annual-list", args=[2025]) in page
    with time_machine.travel(datetime.datetime(2026, 8, 1, 12, tzinfo=HELSINKI)):
        assert "30.6.2026" not in client.get(reverse("initiatives:workspace")).text


# --- Declaring fully processed: only with the final notice sent, or confirmed one by one -------------------------


def _declare(user, council, initiatives, **kwargs):
    with translation.override("en"):  # the reasons and errors below are the English msgids
        return services.initiatives_declare_processed(
            user=user,
            organ=council,
            meeting_date=datetime.date(2026, 6, 15),
            section="§ 45",
            list_year=2025,
            initiatives=initiatives,
            **kwargs,
        )


def test_declarable_means_the_final_notice_was_sent(year_2025, hyte_user):
    answered = send_final_notice(year_2025["on_time"], hyte_user)
    assert list(Initiative.objects.declarable()) == [answered]


def test_service_refuses_an_initiative_without_final_notice_unless_confirmed(year_2025, council, hyte_user):
    late = year_2025["late"]
    with pytest.raises(services.TransitionError) as refused:
        _declare(hyte_user, council, [late])
    assert refused.value.message_dict == {
        "confirmed_unfinished": [
            f"The final notice has not been sent for {late.reference}. Declare such an initiative fully processed "
            "only if the decision did so all the same, and confirm it for each one."
        ]
    }
    late.refresh_from_db()
    assert late.declared_processed_in is None
    assert not ProcessedDeclaration.objects.exists()


def test_service_declares_a_confirmed_unfinished_one_and_its_history_says_so(year_2025, council, hyte_user):
    answered = send_final_notice(year_2025["on_time"], hyte_user)
    late = year_2025["late"]
    declaration = _declare(hyte_user, council, [answered, late], confirmed_unfinished=[late])
    answered.refresh_from_db()
    late.refresh_from_db()
    assert late.declared_processed_in == declaration == answered.declared_processed_in
    late_row, answered_row = late.history.first(), answered.history.first()
    assert late_row.history_user == answered_row.history_user == hyte_user
    assert late_row.history_change_reason == (
        f"Declared fully processed although the final notice had not been sent (confirmed): {declaration}"
    )
    assert answered_row.history_change_reason == f"Declared fully processed: {declaration}"


def test_confirming_one_does_not_let_another_through(year_2025, council, hyte_user):
    late, old = year_2025["late"], year_2025["old"]
    with pytest.raises(services.TransitionError, match=old.reference):
        _declare(hyte_user, council, [late, old], confirmed_unfinished=[late])
    assert not ProcessedDeclaration.objects.exists()


DECLARE_URL = reverse("initiatives:annual-list-declare", args=[2025])


def test_declaration_form_offers_the_answered_and_shows_the_others_apart_with_their_state(
    client, year_2025, hyte_user, django_assert_max_num_queries
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    answered = send_final_notice(year_2025["on_time"], hyte_user)
    client.force_login(hyte_user)
    with django_assert_max_num_queries(12):
        page = client.get(DECLARE_URL).text
    offered, apart = page.split("On the list, but the final notice has not been sent")
    assert f'name="initiatives" value="{answered.pk}"' in offered
    for key in ("old", "late", "unassigned", "board"):
        assert f'name="initiatives" value="{year_2025[key].pk}"' not in page
        assert f'name="unfinished" value="{year_2025[key].pk}"' in apart
        assert f'name="confirmed_unfinished" value="{year_2025[key].pk}"' in apart
    late = year_2025["late"]
    assert f"{late.reference}: declared fully processed" in apart
    assert (
        f"{late.reference}: I confirm that the decision declared it fully processed although the final notice has "
        "not been sent"
    ) in apart
    late_state = apart.split(f'id="unfinished-{late.pk}-state">')[1].split("</p>")[0]
    assert "Being processed" in late_state
    assert "Notice 30.5.2025, late." in late_state
    assert "No decision yet." in late_state
    assert "Final notice not sent." in late_state


def _post(client, council, **choices):
    return client.post(DECLARE_URL, {"organ": council.pk, "meeting_date": "2026-06-15", "section": "§ 45", **choices})


def test_declaration_form_refuses_an_unfinished_one_without_its_confirmation(client, year_2025, council, hyte_user):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(hyte_user)
    late = year_2025["late"]
    response = _post(client, council, unfinished=[late.pk])
    assert response.status_code == 200
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert f"The final notice has not been sent for {late.reference}." in summary
    assert 'href="#id_confirmed_unfinished"' in summary
    assert 'id="id_confirmed_unfinished"' in response.text
    late.refresh_from_db()
    assert late.declared_processed_in is None
    assert not ProcessedDeclaration.objects.exists()
    # An unfinished one sent as if it were offered among the answered ones is not a valid choice either.
    assert _post(client, council, initiatives=[late.pk]).status_code == 200
    assert not ProcessedDeclaration.objects.exists()


def test_declaration_form_refuses_a_confirmation_of_an_initiative_not_ticked(client, year_2025, council, hyte_user):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(hyte_user)
    answered = send_final_notice(year_2025["on_time"], hyte_user)
    late = year_2025["late"]
    response = _post(client, council, initiatives=[answered.pk], confirmed_unfinished=[late.pk])
    assert response.status_code == 200
    assert f"You confirmed {late.reference} but did not tick it as declared fully processed." in response.text
    assert not ProcessedDeclaration.objects.exists()


def test_declaration_form_stores_a_confirmed_unfinished_one(client, year_2025, council, hyte_user):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(hyte_user)
    answered = send_final_notice(year_2025["on_time"], hyte_user)
    late = year_2025["late"]
    response = _post(client, council, initiatives=[answered.pk], unfinished=[late.pk], confirmed_unfinished=[late.pk])
    assert response.status_code == 302
    declaration = ProcessedDeclaration.objects.get()
    assert set(declaration.initiatives.all()) == {answered, late}
    row = late.history.first()
    assert row.history_user == hyte_user
    assert "although the final notice had not been sent (confirmed)" in row.history_change_reason
    assert late.reference not in [i.reference for i in annual_list(year=2026, organ=council).initiatives]
