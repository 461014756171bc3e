"""Synthetic initiatives for the demo (`manage.py seed_demo --initiatives N`).

Deterministic: the texts come from a fixed list, rotated, and every other choice is a function of the initiative's
number and today's date; no randomness. Each demo initiative carries the case register number DEMO-0001, DEMO-0002,
…, so running it again creates only the missing ones.

Everything goes through initiatives.services, as in real use. The services stamp "now" on what they record (the
notice, the final notice, publication) and refuse dates that only make sense in the past (an estimated completion
before today), and production code cannot travel in time; so each initiative is first handled through the services
and its timestamps are then moved to their past dates with queryset.update() - on the initiative, on its history
rows and on its outbox messages, which are marked delivered so that no demo email is ever sent.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative
from osallisuus.models import Municipality, Organ, OutboxMessage, User
from osallisuus.roles import Role

DEMO_PREFIX = "DEMO-"
HISTORY_SPAN_DAYS = 3 * 365

Kind = Initiative.InitiatorKind


@dataclass(frozen=True)
class Sample:
    title: str
    text: str
    kind: str = Kind.RESIDENT
    service: str = ""
    measures: str = ""


SAMPLES = [
    Sample(
        "Lisää penkkejä terveysaseman pihaan",
        "Terveysaseman pihassa ei ole paikkaa levätä. Moni iäkäs joutuu odottamaan kyytiä seisaaltaan. "
        "Ehdotan, että pääoven viereen ja parkkipaikan laitaan asennetaan penkit.",
        measures="Pihaan asennetaan kaksi penkkiä kevään aikana.",
    ),
    Sample(
        "Iltavastaanotto Kankaanpään terveysasemalle",
        "Työssäkäyvien on vaikea päästä vastaanotolle virka-aikana. Ehdotan kahta iltavastaanottoa viikossa.",
        measures="Kokeilu iltavastaanotosta tiistaisin ja torstaisin aloitetaan syksyllä.",
    ),
    Sample(
        "Esteetön kulku Satasairaalan pääovelle",
        "Pääoven edessä on korkea reunakivi, jonka yli pyörätuolilla ja rollaattorilla on vaikea päästä.",
        measures="Reunakivi madalletaan ja oveen lisätään automaattinen avaus.",
    ),
    Sample(
        "Kotihoidon käyntiajat paremmin tiedoksi",
        "Äitini kotihoidon käynnit vaihtelevat päivittäin, eikä hän tiedä, milloin hoitaja tulee. "
        "Toivon, että asiakas saisi tiedon käyntiajasta edellisenä päivänä.",
        kind=Kind.SERVICE_USER,
        service="Kotihoito",
        measures="Asiakkaille lähetetään jatkossa seuraavan päivän käyntiaika tekstiviestinä.",
    ),
    Sample(
        "Nuorten matalan kynnyksen mielenterveyspalvelu Raumalle",
        "Nuoret joutuvat odottamaan mielenterveyspalveluihin pitkään. Ehdotamme walk in -vastaanottoa, "
        "jonne voi tulla ilman ajanvarausta.",
        kind=Kind.ORGANISATION,
    ),
    Sample(
        "Saattohoitopaikkoja lisää Pohjois-Satakuntaan",
        "Lähin saattohoitoyksikkö on kaukana, ja omaisten on vaikea käydä. Ehdotan saattohoitopaikkoja "
        "Kankaanpään alueelle.",
    ),
    Sample(
        "Ruotsinkielistä palvelua neuvolaan",
        "Ruotsinkielisten perheiden on vaikea saada neuvolassa palvelua omalla kielellään. Toivomme "
        "ruotsinkielistä neuvolapalvelua ainakin kerran viikossa.",
        kind=Kind.ORGANISATION,
    ),
    Sample(
        "Omaishoitajien vapaapäivien sijaishoito",
        "Omaishoitajana en pysty pitämään vapaapäiviäni, koska sijaishoitoa ei löydy. Ehdotan, että "
        "sijaishoitoa voisi varata sähköisesti.",
        kind=Kind.SERVICE_USER,
        service="Omaishoidon tuki",
    ),
    Sample(
        "Ensihoidon valmius Merikarvialle",
        "Ambulanssin saapuminen Merikarvialle kestää usein yli puoli tuntia. Ehdotamme ensivasteyksikön "
        "päivystystä kunnan alueelle.",
        kind=Kind.MUNICIPALITY,
    ),
    Sample(
        "Sähköinen ajanvaraus hammashoitolaan",
        "Hammashoitolaan pääsee varaamaan ajan vain puhelimella, ja jonot ovat pitkiä. Ehdotan sähköistä ajanvarausta.",
        measures="Sähköinen ajanvaraus otetaan käyttöön suun terveydenhuollossa.",
    ),
    Sample(
        "Liikuntaryhmiä ikääntyneille kyliin",
        "Kylien ikääntyneillä ei ole lähellä liikuntaryhmiä. Ehdotan, että hyvinvointialue järjestää "
        "kuntosali- ja tasapainoryhmiä kylätaloilla yhdessä järjestöjen kanssa.",
        kind=Kind.ORGANISATION,
    ),
    Sample(
        "Selkokielinen ohje palvelutarpeen arviointiin",
        "Palvelutarpeen arvioinnin kirjeet ovat vaikeasti ymmärrettäviä. Ehdotan selkokielistä ohjetta.",
        measures="Kirjepohjat muutetaan selkokielisiksi ja ohje julkaistaan verkossa.",
    ),
    Sample(
        "Pysäköinti Porin keskussairaalan alueella",
        "Potilaat eivät löydä pysäköintipaikkaa, ja vastaanottoajat myöhästyvät. Ehdotan lisää "
        "lyhytaikaisia pysäköintipaikkoja lähelle poliklinikoita.",
        kind=Kind.PROPERTY,
    ),
    Sample(
        "Perhekeskuksen aukioloajat",
        "Perhekeskus on auki vain virka-aikaan. Toivomme iltapäivystystä lapsiperheille.",
    ),
    Sample(
        "Tulkkipalvelu vastaanotoille",
        "Vieraskielisten potilaiden tulkin saaminen vastaanotolle kestää. Ehdotan etätulkkausta kaikille "
        "terveysasemille.",
        kind=Kind.ORGANISATION,
    ),
    Sample(
        "Kuljetuspalvelun asiointimatkat",
        "Kuljetuspalvelun matkoja ei voi yhdistää, vaikka useampi lähtee samaan paikkaan. Ehdotan "
        "yhteiskuljetusten kokeilua.",
        kind=Kind.SERVICE_USER,
        service="Vammaispalvelujen kuljetuspalvelu",
    ),
    Sample(
        "Defibrillaattorit kylätaloille",
        "Kylätaloilla ei ole sydäniskureita. Ehdotan, että hyvinvointialue selvittää niiden hankinnan "
        "yhdessä kuntien kanssa.",
        kind=Kind.MUNICIPALITY,
        measures="Ensimmäiset viisi laitetta sijoitetaan kylätaloille, ja käyttökoulutus järjestetään.",
    ),
    Sample(
        "Palautteen antaminen sairaalan osastolla",
        "Osastolla ei ole tapaa antaa palautetta nimettömästi. Ehdotan palautelaitetta ja verkkolomaketta.",
    ),
    Sample(
        "Vertaistukiryhmä päihdekuntoutujien omaisille",
        "Omaiset jäävät ilman tukea. Ehdotamme vertaistukiryhmää yhdessä järjestöjen kanssa.",
        kind=Kind.ORGANISATION,
    ),
    Sample(
        "Mielenterveyskuntoutujien asumisyksikön ulkoilualue",
        "Asumisyksikön pihalla ei ole aitaa eikä varjoa. Asukkaat eivät voi ulkoilla kesällä. "
        "Toivomme pihan kunnostusta.",
        kind=Kind.SERVICE_USER,
        service="Mielenterveyskuntoutujien asumispalvelu",
    ),
]

NAMES = [
    "Maija Mäkinen",
    "Juha Virtanen",
    "Anna-Liisa Lehtonen",
    "Pekka Heikkilä",
    "Sanna Koskinen",
    "Mikko Laine",
    "Ritva Salminen",
    "Timo Järvinen",
    "Eeva Nieminen",
    "Karl-Erik Lindholm",
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _arrival(number: int, count: int, today: datetime.date) -> datetime.date:
    """The first five are recent (on time, due soon, overdue, assigned, re-classified); the rest spread over the
    last three years, newest first."""
    recent = {0: 0, 1: 27, 2: 45, 3: 10, 4: 20}
    if number in recent:
        return today - datetime.timedelta(days=recent[number])
    spread = max(count - 6, 1)
    return today - datetime.timedelta(days=35 + round((number - 5) * (HISTORY_SPAN_DAYS - 35) / spread))


@dataclass
class _Clock:
    """The past moment of each step of an initiative, in the order its history rows were written, and by name."""

    steps: list[datetime.datetime]
    events: dict[str, datetime.datetime]

    def step(self, moment: datetime.datetime, event: str = "") -> None:
        self.steps.append(moment)
        if event:
            self.events[event] = moment


def _staff() -> tuple[User | None, User | None]:
    registry = User.objects.filter(is_active=True, groups__name=Role.REGISTRY).order_by("pk").first()
    handler = User.objects.filter(is_active=True, groups__name=Role.HANDLER).order_by("pk").first()
    return registry, handler


def _handler_for(organ: Organ, fallback: User | None) -> User | None:
    return organ.handlers.filter(is_active=True).order_by("pk").first() or fallback


def seed_initiatives(*, count: int, log: Callable[[str], None]) -> None:
    """Create the demo initiatives DEMO-0001 … DEMO-<count> that do not exist yet (see the module docstring)."""
    organs = list(Organ.objects.filter(is_active=True).order_by("pk"))
    if not organs:
        log("Initiatives: no organs; load the region first.")
        return
    municipalities = list(Municipality.objects.order_by("code"))
    registry, default_handler = _staff()
    existing = set(
        Initiative.objects.filter(register_number__startswith=DEMO_PREFIX).values_list("register_number", flat=True)
    )
    today = timezone.localdate()
    created = 0
    for number in range(count):
        register_number = f"{DEMO_PREFIX}{number + 1:04d}"
        if register_number in existing:
            continue
        organ = organs[number % len(organs)]
        municipality = municipalities[number % len(municipalities)] if municipalities else None
        _create_one(
            number=number,
            register_number=register_number,
            arrived_on=_arrival(number, count, today),
            today=today,
            organ=organ,
            municipality=municipality,
            registry=registry,
            handler=_handler_for(organ, default_handler),
        )
        created += 1
    log(f"Initiatives: {created} demo initiatives created, {len(existing)} were there already.")


@transaction.atomic
def _create_one(
    *,
    number: int,
    register_number: str,
    arrived_on: datetime.date,
    today: datetime.date,
    organ: Organ,
    municipality: Municipality | None,
    registry: User | None,
    handler: User | None,
) -> None:
    sample = SAMPLES[number % len(SAMPLES)]
    by_letter = number % 4 == 3
    name = NAMES[number % len(NAMES)]
    clock = _Clock(steps=[_at(arrived_on, 9)], events={"created_at": _at(arrived_on, 9)})
    initiative = services.initiative_create(
        initiator_kind=sample.kind,
        name=name,
        title=sample.title,
        text=sample.text,
        service=sample.service,
        arrived_on=arrived_on,
        channel=[Initiative.Channel.WEB, Initiative.Channel.EMAIL, Initiative.Channel.PAPER][number % 3],
        home_municipality=municipality,
        membership_grounds=sample.service and f"Palvelun käyttäjä: {sample.service}",
        email="" if by_letter else f"demo{number + 1}@example.invalid",
        postal_address=f"Esimerkkikatu {number + 1}\n28100 Pori" if by_letter else "",
        letter_language="sv" if number % 10 == 6 else "fi",
        name_publication_consent=number % 2 == 0,
        register_number=register_number,
        user=registry,
    )
    age = (today - arrived_on).days
    if number in {0, 1}:  # on time and due soon: still waiting for the registry
        return _backdate(initiative, clock)
    if number == 4:
        initiative = services.initiative_reclassify(
            initiative=initiative,
            user=registry,
            kind=Initiative.Reclassification.FEEDBACK,
            message="Viestisi on asiakaspalautetta. Se on välitetty asiakaspalveluyksikölle, joka vastaa sinulle.",
        )
        clock.step(_at(arrived_on + datetime.timedelta(days=3)), "reclassified")
        return _backdate(initiative, clock)

    initiative = services.initiative_assign(initiative=initiative, user=registry, handling_organ=organ, handler=handler)
    clock.step(_at(arrived_on + datetime.timedelta(days=1)))
    still_overdue = number == 2 or (number % 11 == 8 and age < 400)
    if number == 3 or still_overdue:
        return _backdate(initiative, clock)

    # The notice: mostly within the month, every fifth one late.
    late = number % 5 == 0
    notice_day = (
        initiative.notice_due_on + datetime.timedelta(days=3 + number % 7)
        if late
        else (arrived_on + datetime.timedelta(days=8 + number % 15))
    )
    notice_day = min(notice_day, today)
    initiative = services.initiative_send_notice(
        initiative=initiative,
        user=handler,
        handling_organ=organ,
        estimated_completion=today,  # moved below to its past date; the service accepts no date in the past
        info_contact_name=str(handler) if handler else "Kirjaamo",
        info_contact_email=handler.email if handler and handler.email else "kirjaamo@example.invalid",
        info_contact_phone=handler.work_phone if handler else "",
    )
    clock.step(_at(notice_day, 11), "notice_sent_at")
    estimated = arrived_on + datetime.timedelta(days=120 + 30 * (number % 3))

    if age >= 60:
        offered = notice_day + datetime.timedelta(days=14)
        initiative = services.initiative_record_hearing(
            initiative=initiative,
            user=handler,
            offered_on=offered,
            held_on=offered + datetime.timedelta(days=10) if number % 3 else None,
            notes="Aloitteen tekijöiden edustajat kuultiin valmistelussa." if number % 3 else "",
        )
        clock.step(_at(offered))

    if age >= 120 and number % 9 != 7:
        decision_day = min(arrived_on + datetime.timedelta(days=90 + 10 * (number % 5)), today)
        outcome = [Initiative.Outcome.YES, Initiative.Outcome.PARTLY, Initiative.Outcome.NO][number % 3]
        measures = sample.measures or "Asia otetaan huomioon palvelujen kehittämisessä."
        initiative = services.initiative_record_decision(
            initiative=initiative,
            user=handler,
            outcome=outcome,
            measures="" if outcome == Initiative.Outcome.NO else measures,
            decision_organ=organ,
            decision_date=decision_day,
            decision_section=f"§ {10 + number % 90}",
        )
        clock.step(_at(decision_day, 14))
        if number % 13 != 12:  # a few decided ones still wait for their final notice
            final_day = min(decision_day + datetime.timedelta(days=7), today)
            initiative = services.initiative_send_final_notice(initiative=initiative, user=handler)
            clock.step(_at(final_day, 12), "final_notice_sent_at")

    # Publication after review: residents' and others' initiatives mostly; a service user's only redacted.
    if sample.kind == Kind.SERVICE_USER:
        if number % 4 == 0:
            initiative = services.initiative_publish(
                initiative=initiative,
                user=registry,
                public_text=f"{sample.title}. Aloitteen tekijä toivoo muutosta palveluun: {sample.service}.",
            )
            clock.step(clock.steps[-1] + datetime.timedelta(hours=2), "published_at")
    elif number % 3 != 1:
        initiative = services.initiative_publish(initiative=initiative, user=registry)
        clock.step(clock.steps[-1] + datetime.timedelta(hours=2), "published_at")

    return _backdate(initiative, clock, estimated_completion=estimated)


def _backdate(initiative: Initiative, clock: _Clock, *, estimated_completion: datetime.date | None = None) -> None:
    """Move what the services stamped "now" to the past moments of each step (see the module docstring)."""
    history_ids = initiative.history.order_by("history_id").values_list("history_id", flat=True)
    for history_id, moment in zip(history_ids, clock.steps, strict=True):
        Initiative.history.filter(history_id=history_id).update(history_date=moment)

    stamps = {
        field: clock.events[field]
        for field in ["notice_sent_at", "final_notice_sent_at", "published_at"]
        if field in clock.events
    }
    # A demo notice was prepared and given (its email delivered, below) at the same moment.
    for notice in Initiative.NOTICES.values():
        if notice.given in stamps:
            stamps[notice.prepared] = stamps[notice.given]
    if estimated_completion and initiative.estimated_completion:
        stamps["estimated_completion"] = estimated_completion
    Initiative.objects.filter(pk=initiative.pk).update(created_at=clock.events["created_at"], **stamps)
    for field, value in stamps.items():
        # Only the history rows written after the step carry its stamp.
        Initiative.history.filter(id=initiative.pk).exclude(**{field: None}).update(**{field: value})

    sent_at = {
        OutboxMessage.Kind.RECEIPT: clock.events["created_at"],
        OutboxMessage.Kind.NOTICE: clock.events.get("notice_sent_at"),
        OutboxMessage.Kind.FINAL_NOTICE: clock.events.get("final_notice_sent_at"),
        OutboxMessage.Kind.RECLASSIFICATION: clock.events.get("reclassified"),
    }
    # Marked delivered before the transaction commits: the delivery task then finds nothing to send.
    for kind, moment in sent_at.items():
        if moment is not None:
            OutboxMessage.objects.about(initiative).filter(kind=kind).update(
                created_at=moment, sent_at=moment, last_attempt_at=moment, attempts=1
            )
