"""Satakunta's participation programme (seeds/004, Osallisuusohjelma 2024–2025) as demo data.

Every row is found by its natural key and created only when missing, so running the seeder again changes nothing
already there (edits made in the admin are kept). The ladder, the ways of working, the responsibility table, the
actions with their schedules and the change-programme timeline are the programme's own; the states of the actions,
the progress notes and the measured values are examples and are marked so.

Step titles follow section II of the programme. Its section VI swaps the titles of steps 3 and 4 while keeping the
numbers and schedules; the number is the identity, so the 2024 actions are on step 3 (seeds/README.md).
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from ladder import services
from ladder.models import (
    Action,
    MeansOfParticipation,
    Measurement,
    Metric,
    ParticipationKind,
    Partner,
    Principle,
    Programme,
    Step,
    TimelineEntry,
)
from ladder.quarters import Quarter, parse_quarter_range
from osallisuus.models import Organ, Unit

REASON = "Demo data (seeds/004)"
EXAMPLE = "Esimerkki demoa varten."

PRINCIPLES = [
    ("Yhteisöllisyyttä rakentavaa yhteistyötä", "Samarbete som bygger gemenskap"),
    ("Yhteinen tapa toimia", "Ett gemensamt sätt att arbeta"),
    ("Aitoa kuuntelemista", "Att verkligen lyssna"),
    ("Selkeää viestimistä", "Tydlig kommunikation"),
    ("Vastuullista dialogia", "Ansvarsfull dialog"),
    ("Uuden oppimista", "Att lära sig nytt"),
]

STEP_UNITS = ["Johto", "Viestintäyksikkö", "Asiakaspalveluyksikkö", "HYTE-yksikkö"]

# seeds/004 section II (titles and descriptions) and section VI (schedule and responsible parties)
STEPS = [
    (
        1,
        "Asiakkaalle tiedotetaan palveluista",
        "Asiakas saa ammattilaisten asiantuntemukseen ja tutkimuksiin pohjautuvaa palvelua.\n"
        "Asiakasta informoidaan tarjolla olevista palveluista.\n\n"
        "On toteutunut jo aiemmin, toimeenpano aloitettu 2. portaalta.",
        "Toteutunut jo aiemmin",
        "Koko organisaatio",
        [],
    ),
    (
        2,
        "Asiakaslähtöisyys on tiedostettu",
        "Asiakkaalta kysytään mielipidettä esimerkiksi siitä, kuinka hyvin palvelu onnistui.\n"
        "Asiakkaat voivat halutessaan jättää palautetta.\n"
        "Asiakaslähtöisyys on mukana toimintasuunnitelmissa.",
        "2022–2023",
        "",
        STEP_UNITS,
    ),
    (
        3,
        "Kokemustiedon hyödyntäminen palveluissa",
        "Asiakaspalautetta kerätään systemaattisesti. Vastausten perusteella toimintaa voidaan muuttaa asiakkaiden "
        "toivomaan suuntaan.\nAsiakasraatia ja kokemusosaajia hyödynnetään toiminnan ja palvelujen kehittämisessä.",
        "2024",
        "",
        STEP_UNITS,
    ),
    (
        4,
        "Asiakkaan osallisuus omassa palveluprosessissaan",
        "Ammattilaiset ottavat asiakkaan mukaan suunnittelemaan omaa palveluprosessiaan.\n"
        "Asiakkaalla on tosiasiallinen mahdollisuus vaikuttaa omaan palveluunsa ja tehdä valintoja esimerkiksi "
        "palvelun toteutustavassa.\nAsiakas on aktiivinen toimija oman palvelunsa toteuttamisessa.\n"
        "Ymmärrys dialogisuudesta ja yhteiskehittämisestä.\n\n"
        "Toimenpiteet ja mittarit vuosille 2024–2025 tarkentuvat toimeenpanon käynnistyttyä.",
        "2024–2025",
        "",
        [],
    ),
    (
        5,
        "Kumppanuus ja yhteisöllisyys",
        "Asiakas saa hyvää ja asiantuntevaa palvelua, joka on muotoiltu hänelle sopivaksi ammattilaisten ja muiden "
        "kohderyhmän asiakkaiden yhteistyönä. Asiakas saa vaikuttaa oman palvelunsa toteuttamiseen.\n"
        "Kokemusosaajat nähdään ammattilaisten kumppanina ja oman kohderyhmänsä asiantuntijana.\n"
        "Kokemusosaajat ja sidosryhmät ovat systemaattisesti mukana organisaation ammattilaisten rinnalla, kun "
        "palveluja kehitetään.\nEdistetään osallisuutta ja yhteisöllisyyttä esimerkiksi matalan kynnyksen "
        "kohtaamispaikoilla.\n\nToimenpiteet ja mittarit vuodelle 2025 tarkentuvat toimeenpanon kuluessa.",
        "2025",
        "",
        [],
    ),
]

S = Action.State
M = MeansOfParticipation
# seeds/004 section VI: (step, way of working, title, schedule, 29 § means, example state)
ACTIONS = [
    (2, 0, "Kuntakiertueet", "Q1/2022–Q2/2022", M.HEARINGS, S.DONE),
    (2, 0, "Kahvilakiertueet", "Q3/2022–Q3/2023", M.HEARINGS, S.DONE),
    (2, 1, "Vaikuttamistoimielimet aloittavat", "Q1/2023–Q4/2023", M.REPRESENTATIVES, S.DONE),
    (2, 1, "Lautakunnat aloittavat", "Q1/2023–Q4/2023", "", S.DONE),
    (2, 2, "Perustetaan asiakasraati", "Q1/2023–Q4/2023", M.HEARINGS, S.DONE),
    (2, 3, "Ohjeistus kunnossa: viestinnän ja markkinoinnin periaatteet (12.6.2023)", "Q2/2023", "", S.DONE),
    (2, 3, "Turvallinen siirtymä: asukasviestintäkampanja", "Q1/2023–Q2/2023", "", S.DONE),
    (2, 3, "Palveluverkon kehittäminen: palveluverkkoviestintä", "Q1/2023–Q4/2023", M.OPINIONS, S.DONE),
    (2, 4, "Perustetaan ohjausryhmä asiakaspalveluiden kehittämiseen", "Q3/2023–Q4/2023", M.CO_DESIGN, S.DONE),
    (
        2,
        5,
        "Osallisuusohjelman luonnos kommentoitavana vaikuttamistoimielimillä",
        "Q3/2023–Q4/2023",
        M.OPINIONS,
        S.DONE,
    ),
    (3, 0, "Hyvinvointialueen ja 3. sektorin yhteistyön mallin päivitys", "Q1/2024–Q2/2024", M.OWN_INITIATIVE, S.DONE),
    (
        3,
        1,
        "Kokemusasiantuntijoiden palkkiokäytännöt yhdenmukaistettu hyvinvointialueella",
        "Q1/2024–Q2/2024",
        M.CO_DESIGN,
        S.DONE,
    ),
    (3, 1, "Kokemusosaajien maakunnallinen välitystoiminta selkeytetty", "Q2/2024", M.CO_DESIGN, S.DELAYED),
    (3, 2, "Asiakaslähtöisyys ohjaa toimintaa", "Q3/2024", "", S.IN_PROGRESS),
    (
        3,
        3,
        "Monikanavainen viestintä osallisuustyöryhmän toiminnasta ja osallistumismahdollisuuksista",
        "Q1/2024–Q2/2024",
        "",
        S.DONE,
    ),
    (3, 4, "Osallisuustyöryhmän aloitus", "Q1/2024", "", S.DONE),
    (
        3,
        4,
        "Työsuunnitelma: tavoitteet, toimenpiteet, mittarit, seuranta ja viestintä (vaikuttamistoimielimet, "
        "asiakas-, henkilöstö- ja sidosryhmäosallisuus)",
        "Q2/2024",
        "",
        S.DONE,
    ),
    (
        3,
        5,
        "Kerätyn datan ja kokemusten hyödyntäminen kehittämisessä, uusien toimintamallien pilotointi",
        "Q3/2024–Q4/2024",
        M.CO_DESIGN,
        S.IN_PROGRESS,
    ),
]

NOTES = [
    ("Osallisuustyöryhmän aloitus", datetime.date(2024, 3, 20), "Työryhmä kokoontui ensimmäisen kerran."),
    (
        "Kokemusosaajien maakunnallinen välitystoiminta selkeytetty",
        datetime.date(2024, 9, 30),
        "Välitystoiminnan vastuut ovat vielä sopimatta; jatketaan syksyllä.",
    ),
]

INT, EXT = Partner.Scope.INTERNAL, Partner.Scope.EXTERNAL
# seeds/004 section III, "Osallisuuden vastuutahot"
PARTICIPATION = [
    (
        ParticipationKind.Kind.RESIDENT,
        "Alueen asukkaan oikeus osallistua ja vaikuttaa alueensa päätöksentekoon ja palveluihin.",
        [
            "HYTE-yksikkö",
            "Hallintopalvelut",
            "Viestintäyksikkö",
            "Asiakaspalveluyksikkö",
            "Konsernipalveluiden toimialue",
        ],
        [
            ("Luottamushenkilöt", INT),
            ("Satakuntalaiset asukkaat", EXT),
            ("Kunnat työntekijöineen", EXT),
            ("Elinkeinoelämä / yritykset", EXT),
            ("Järjestöt ja seurakunnat", EXT),
        ],
    ),
    (
        ParticipationKind.Kind.CLIENT,
        "Asiakkaiden ja asiakasryhmien mahdollisuus vaikuttaa ja osallistua palvelujen suunnitteluun, "
        "kehittämiseen ja arviointiin.",
        [
            "HYTE-yksikkö",
            "TKIO-yksikkö",
            "Hallintopalvelut",
            "Viestintäyksikkö",
            "Asiakaspalveluyksikkö",
            "Lasten, nuorten ja perheiden palveluiden toimialue",
            "Aikuisten palveluiden toimialue",
            "Ikääntyneiden palveluiden toimialue",
            "Erityis- ja sairaalapalveluiden toimialue",
            "Pelastustoimen toimialue",
            "Konsernipalveluiden toimialue",
        ],
        [
            ("Nuorisovaltuusto", INT),
            ("Vammaisneuvosto", INT),
            ("Vanhusneuvosto", INT),
            ("Elinvoima- ja yhteistyöneuvottelukunta", INT),
            ("Järjestöt ja seurakunnat", EXT),
            ("Kokemusosaajat", EXT),
            ("Palveluntuottajat", EXT),
        ],
    ),
    (
        ParticipationKind.Kind.STAFF,
        "Henkilöstön mahdollisuus vaikuttaa omaan työhönsä ja kehittää palveluja: kehityskeskustelut, "
        "tiimikokoukset, henkilöstön aloitetoiminta sekä palautteen saaminen ja antaminen.",
        [
            "HYTE-yksikkö",
            "HR-yksikkö",
            "Henkilöstön kehittäminen",
            "Työkykypalvelut",
            "Konsernipalveluiden toimialue",
            "TKIO-yksikkö",
        ],
        [("Johto / esihenkilöt", INT), ("Henkilöstö", INT), ("Ammattijärjestöt", EXT), ("Koulutusorganisaatiot", EXT)],
    ),
]

# seeds/004 section VI, "Mitä ja miten voidaan mitata?": (name, unit, source, computed key, thl, target, description)
METRICS = [
    ("Palautteen määrä", "kpl", Metric.Source.ENTERED, "", False, None, "Asiakkailta saatu palaute vuodessa."),
    (
        "Palautteen vaikutukset toimintaan",
        "kpl",
        Metric.Source.ENTERED,
        "",
        False,
        None,
        "Palautteen perusteella tehdyt muutokset toimintaan.",
    ),
    ("Asiakastyytyväisyys", "%", Metric.Source.ENTERED, "", False, Decimal(85), "Palveluun tyytyväisten osuus."),
    ("Aloitteiden määrä", "kpl", Metric.Source.COMPUTED, "initiatives_received", False, None, ""),
    (
        "Vaikuttamistoimielinten toteutuneet kokoukset",
        "kpl",
        Metric.Source.COMPUTED,
        "body_meetings_held",
        False,
        Decimal(18),
        "Nuorisovaltuuston, vanhusneuvoston ja vammaisneuvoston kokoukset yhteensä.",
    ),
    (
        "Osallisuusindikaattori",
        "pistettä",
        Metric.Source.ENTERED,
        "",
        True,
        Decimal(70),
        "THL:n osallisuusindikaattori.",
    ),
]

# Example values (not from the programme): (metric, year, value, respondents, group, survey)
MEASUREMENTS = [
    ("Palautteen määrä", 2024, Decimal(4820), None, "", ""),
    ("Palautteen vaikutukset toimintaan", 2024, Decimal(37), None, "", ""),
    ("Asiakastyytyväisyys", 2024, Decimal("86.5"), 2310, "", "Asiakaspalautekysely"),
    ("Osallisuusindikaattori", 2024, Decimal("68.4"), 412, "Aikuiset asiakkaat", "Asiakaskysely"),
]

CHANGE_PROGRAMME = "Muutosohjelma 2.2 b: Valmistellaan ja toimeenpannaan osallisuusohjelma"
# The table's first column reads Q3 2023 although its heading says Q4/23–Q3/24; the column is kept as written.
TIMELINE = [
    ("Q3/2023", "Viimeistellään osallisuusohjelma ja viedään aluehallitukseen hyväksyttäväksi."),
    (
        "Q1/2024",
        "Aloitetaan osallisuusohjelman toimeenpano. Kootaan osallisuustyöryhmä, jonka tehtävänä on varmistaa "
        "osallisuuden toteutuminen (vaikuttamistoimielimet, asiakasosallisuus, kokemusosaajat, "
        "henkilöstöosallisuus) rakenteissa, prosesseissa, palveluketjuissa ja toimintamalleissa.",
    ),
    (
        "Q2/2024",
        "Osallisuustyöryhmän työskentelyn aloitus. Tavoitteiden asettaminen, viestintä toiminnasta. Määritetään "
        "osallisuuden seurannan ja arvioinnin työkalut sekä mittarit.",
    ),
    (
        "Q3/2024",
        "Osallisuuden seuranta, arviointi ja kehittäminen osallisuustyöryhmässä. Viestintä tuloksista ja toiminnasta.",
    ),
]


def _units(names: list[str]) -> list[Unit]:
    units = {unit.name: unit for unit in Unit.objects.filter(name__in=names)}
    missing = [name for name in names if name not in units]
    if missing:
        raise Unit.DoesNotExist(f"Units missing (run seed_region first): {', '.join(missing)}")
    return [units[name] for name in names]


def _ensure(model, lookup: dict, values: dict, m2m: dict | None = None):
    """Find a row by its natural key or create it through the service, with history."""
    instance = model.objects.filter(**lookup).first()
    if instance is not None:
        return instance, False
    instance = model(**lookup, **values)
    services.programme_item_save(instance=instance, user=None, reason=REASON)
    for name, related in (m2m or {}).items():
        getattr(instance, name).set(related)
    return instance, True


@transaction.atomic
def seed_programme(*, log: Callable[[str], None]) -> None:
    """The programme, after the region's units and organs (demo.region.seed_region, which `seed_demo` runs first)."""
    created = 0
    programme, new = _ensure(
        Programme,
        {"name": "Osallisuusohjelma", "start_year": 2024},
        {
            "end_year": 2025,
            "adopted_by": Organ.objects.filter(name="Aluehallitus").first(),
            "adopted_on": datetime.date(2024, 2, 13),
            "current_step": 3,
            "summary": "Osallisuusohjelma kertoo, miten asukkaat, asiakkaat ja henkilöstö voivat osallistua ja "
            "vaikuttaa Satakunnan hyvinvointialueen toimintaan.",
        },
    )
    created += new
    principles = []
    for position, (name, name_sv) in enumerate(PRINCIPLES, start=1):
        principle, new = _ensure(Principle, {"name": name}, {"name_sv": name_sv, "position": position})
        principles.append(principle)
        created += new
    steps = {}
    for number, title, description, schedule, responsible, unit_names in STEPS:
        steps[number], new = _ensure(
            Step,
            {"programme": programme, "number": number},
            {"title": title, "description": description, "schedule_note": schedule, "responsible_note": responsible},
            {"responsible_units": _units(unit_names)},
        )
        created += new
    for position, (number, principle_index, title, schedule, means, state) in enumerate(ACTIONS):
        step = steps[number]
        if Action.objects.filter(step=step, title=title).exists():
            continue
        start, end = parse_quarter_range(schedule)
        services.action_create(
            step=step,
            principle=principles[principle_index],
            title=title,
            start=start,
            end=end,
            means=means,
            state=state,
            responsible_units=_units(STEP_UNITS),
            position=position,
            user=None,
            reason=REASON,
        )
        created += 1
    for title, noted_on, text in NOTES:
        action = Action.objects.filter(step__programme=programme, title=title).first()
        if action and not action.notes.filter(noted_on=noted_on).exists():
            services.progress_note_add(action=action, noted_on=noted_on, text=f"{text} {EXAMPLE}", user=None)
            created += 1
    for kind, description, unit_names, partners in PARTICIPATION:
        participation, new = _ensure(
            ParticipationKind,
            {"programme": programme, "kind": kind},
            {"description": description},
            {"responsible_units": _units(unit_names)},
        )
        created += new
        for position, (name, scope) in enumerate(partners):
            created += _ensure(
                Partner, {"participation_kind": participation, "name": name}, {"scope": scope, "position": position}
            )[1]
    metrics = {}
    for position, (name, unit, source, key, thl, target, description) in enumerate(METRICS):
        metrics[name], new = _ensure(
            Metric,
            {"programme": programme, "name": name},
            {
                "unit": unit,
                "source": source,
                "computed_key": key,
                "thl_indicator": thl,
                "target": target,
                "description": description,
                "position": position,
            },
        )
        created += new
    for name, year, value, respondents, group, survey in MEASUREMENTS:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if Measurement.objects.filter(metric=metrics[name], period_start=start, period_end=end).exists():
            continue
        services.measurement_record(
            metric=metrics[name],
            period_start=start,
            period_end=end,
            value=value,
            respondents=respondents,
            group=group,
            survey=survey,
            note=EXAMPLE,
            user=None,
            reason=REASON,
        )
        created += 1
    for quarter, text in TIMELINE:
        created += _ensure(
            TimelineEntry,
            {"programme": programme, "heading": CHANGE_PROGRAMME, "quarter": Quarter.parse(quarter).code},
            {"text": text},
        )[1]
    log(
        f"Programme: {programme} with {len(STEPS)} steps, {len(PRINCIPLES)} ways of working, {len(ACTIONS)} actions, "
        f"{len(METRICS)} metrics ({created} rows created)."
    )
