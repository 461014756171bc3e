"""bodies.names: every spelling of a listed person becomes one mark; ordinary words stay; doubtful words are reported.

Tables, not examples in prose: each row is (text, expected cleaned text) or (text, expected undecided words)."""

import pytest

from bodies.names import NAME_REMOVED, Reason, Segment, clean, forms, lines, people, person

X = NAME_REMOVED
PEOPLE = people(
    [
        "Aino Malli",
        "Venla Mallinen",
        "Anna-Liisa Virtanen",
        "Pekka Lahti",
        "Kalle Koski",
        "Jukka Mäki",
        "Aino Maria Lindqvist",
        "Satu Kangas",
    ]
)
KNOWN = ["Pori", "Satakunta", "Satakunnan hyvinvointialue", "Eurajoki"]


def cleaned(text: str) -> str:
    return clean(text, PEOPLE, known_words=KNOWN).text


REMOVED_SPELLINGS = [
    # The five spellings seen surviving in issue 13.
    ("Läsnä: Malli Aino.", f"Läsnä: {X}."),
    ("Läsnä: AINO MALLI.", f"Läsnä: {X}."),
    ("Kuultiin Venla Mallisen puheenvuoro.", f"Kuultiin {X} puheenvuoro."),
    ("Asian esitteli V. Mallinen.", f"Asian esitteli {X}."),
    ("Läsnä: Aino  Malli ja Venla Mallinen.", f"Läsnä: {X} ja {X}."),
    # Order, capitals and whitespace.
    ("Läsnä: aino malli.", f"Läsnä: {X}."),
    ("Läsnä: Malli, Aino.", f"Läsnä: {X}."),
    ("Läsnä: Aino\nMalli ja Aino\u00a0Malli ja Aino\u202fMalli.", f"Läsnä: {X} ja {X} ja {X}."),
    ("Läsnä: Aino\t \n Malli.", f"Läsnä: {X}."),
    ("Läsnä: Mal\u00adli Aino.", f"Läsnä: {X}."),  # a soft hyphen from a word processor
    # Case endings on either part, the -nen stem and its partitive.
    ("Sana annettiin Ainolle Mallille.", f"Sana annettiin {X}."),
    ("Malli Ainon mielestä asia on kesken.", f"{X} mielestä asia on kesken."),
    ("Tuki tuli Mallisella, Mallisessa ja Mallista.", f"Tuki tuli {X}, {X} ja {X}."),
    ("Kysyttiin Malliselta ja Mallisen ryhmältä.", f"Kysyttiin {X} ja {X} ryhmältä."),
    ("Sovittiin Venla Mallisenkin kanssa.", f"Sovittiin {X} kanssa."),
    # Consonant gradation and e-stems of old Finnish surnames.
    ("Puhuttiin Lahden ja Kosken kanssa, Mäen ehdotuksesta.", f"Puhuttiin {X} ja {X} kanssa, {X} ehdotuksesta."),
    ("Pyydettiin Lahtea ja Koskea, kiitettiin Mäkeä.", f"Pyydettiin {X} ja {X}, kiitettiin {X}."),
    ("Esitys lähetetään Lahdelle.", f"Esitys lähetetään {X}."),
    ("Kiitettiin Jukan esitystä.", f"Kiitettiin {X} esitystä."),
    ("Kiitettiin Sadun ja Kankaan esitystä.", f"Kiitettiin {X} ja {X} esitystä."),
    ("Esitys saapui Lindqvistiltä ja Lindqvistin tiimiltä.", f"Esitys saapui {X} ja {X} tiimiltä."),
    # Initials.
    ("Asian esitteli V.Mallinen.", f"Asian esitteli {X}."),
    ("Asian esitteli V Mallinen.", f"Asian esitteli {X}."),
    ("Asian esitteli Venla M. kokouksessa.", f"Asian esitteli {X} kokouksessa."),
    ("Asia oli Venla M:n vastuulla.", f"Asia oli {X} vastuulla."),
    ("Asian esitteli Mallinen V. kokouksessa.", f"Asian esitteli {X} kokouksessa."),
    ("Asian esitteli A.-L. Virtanen.", f"Asian esitteli {X}."),
    ("Asian esitteli A-L Virtanen.", f"Asian esitteli {X}."),
    # Hyphenated and several first names, a middle name not on the list.
    ("Läsnä: Anna-Liisa Virtanen.", f"Läsnä: {X}."),
    ("Läsnä: Anna Liisa Virtanen.", f"Läsnä: {X}."),
    ("Puheenvuoro annettiin Anna-Liisalle.", f"Puheenvuoro annettiin {X}."),
    ("Läsnä: Aino Maria Lindqvist ja Maria Lindqvist.", f"Läsnä: {X} ja {X}."),
    ("Läsnä: Aino Kaarina Malli.", f"Läsnä: {X}."),
    # A part alone.
    ("Asiasta keskusteltiin Mallisen aloitteesta.", f"Asiasta keskusteltiin {X} aloitteesta."),
    ("Puheenvuoro annettiin Venlalle.", f"Puheenvuoro annettiin {X}."),
    ("Aino kertoi asiasta.", f"{X} kertoi asiasta."),
    ("Mallinen kertoi asiasta.", f"{X} kertoi asiasta."),
    ("Mallisen mielestä asia on kesken.", f"{X} mielestä asia on kesken."),
    # One person, one mark.
    ("Läsnä: Malli Aino Malli.", f"Läsnä: {X}."),
]


@pytest.mark.parametrize(("text", "expected"), REMOVED_SPELLINGS)
def test_every_spelling_becomes_one_mark(text, expected):
    assert cleaned(text) == expected


KEPT_WORDS = [
    # Ordinary words sharing a stem with a short name, in lower case.
    "Ainoa vaihtoehto on tämä, ja ainoa tapa on toinen.",
    "Mäen päällä ja mäen alla, kosken rannalla.",
    "Lahden kaupungin edustaja ei ollut paikalla, koska ei ollut kutsuttu.",
    "Malliin tehtiin muutos: mallin mukaan edetään.",
    # A lower-case "v." is an abbreviation, not Venla's initial.
    "Mallinen v. 2025",
    # Someone else with the same surname stem is not matched: Mallinen is not Malli.
    "Keskusteltiin mallistosta.",
    # The mark itself is never matched again.
    f"Läsnä: {X} ja {X}.",
]


@pytest.mark.parametrize("text", KEPT_WORDS[:-2])
def test_ordinary_words_stay_in_lower_case(text):
    result = clean(text, PEOPLE, known_words=KNOWN)
    lower_words = [w for w in text.split() if w[:1].islower()]
    for word in lower_words:
        assert word in result.text


def test_a_lower_case_v_is_not_an_initial():
    assert cleaned("Mallinen v. 2025") == f"{X} v. 2025"


def test_cleaning_is_idempotent():
    once = cleaned("Läsnä: Malli Aino, Venla Mallinen. Mallisen ehdotus hyväksyttiin.")
    assert cleaned(once) == once
    assert clean(once, PEOPLE).removed == 0


UNDECIDED = [
    # (text, [(word, reason)])
    ("Ainoa vaihtoehto on tämä.", [("Ainoa", Reason.SENTENCE_START)]),
    ("Ainolle annettiin puheenvuoro.", [("Ainolle", Reason.SENTENCE_START)]),
    ("Puheenjohtaja Kalle Kokko avasi kokouksen.", [("Kalle", Reason.OTHER_PERSON), ("Kokko", Reason.CAPITALISED)]),
    ("Paikalla oli myös K. Virtanen.", [("K.", Reason.INITIALS)]),
    (
        "Läsnä oli myös asiantuntija Heikki Heikkinen.",
        [("Heikki", Reason.AFTER_TITLE), ("Heikkinen", Reason.CAPITALISED)],
    ),
    ("Asiasta kertoi puheenjohtaja Heikkinen.", [("Heikkinen", Reason.AFTER_TITLE)]),
    ("Läsnä: Aino Malli Kokko.", [("Kokko", Reason.NEXT_TO_REMOVED)]),
    ("Jaettiin Mallinen-palkinto.", [("Mallinen-palkinto", Reason.COMPOUND)]),
    ("Asian esitteli mallisen sijaan joku.", [("mallisen", Reason.LOWER_CASE)]),
]


@pytest.mark.parametrize(("text", "expected"), UNDECIDED)
def test_doubtful_words_are_reported_and_kept(text, expected):
    result = clean(text, PEOPLE, known_words=KNOWN)
    assert [(u.word, u.reason) for u in result.undecided] == expected
    for item in result.undecided:
        assert result.text[item.start : item.end] == item.word
    assert not result.decided


NOT_UNDECIDED = [
    "Kokous pidettiin Porissa ja Satakunnan hyvinvointialueen tiloissa.",
    "Päätös: Hyväksyttiin esityksen mukaisesti.",
    "THL:n ja HYTE-yksikön edustajat olivat Teamsissa.",
    "ESITYS JA PÄÄTÖS",
    "§ 3 Kokouksen avaus\n1. Puheenjohtaja avasi kokouksen klo 17.05.",
    "Jäsenet Eurajoelta ja Porista olivat paikalla.",
]


@pytest.mark.parametrize("text", NOT_UNDECIDED)
def test_known_words_headings_acronyms_and_sentence_starts_are_not_reported(text):
    result = clean(text, PEOPLE, known_words=KNOWN)
    assert result.undecided == ()
    assert result.text == text


def test_forms_follow_the_rules_not_a_list():
    assert {"mallisen", "mallista", "mallisessa", "malliseen", "mallisena", "mallisten"} <= forms("Mallinen")
    assert {"virtasen", "virtasta", "virtaselle"} <= forms("Virtanen")
    assert {"lahden", "lahteen", "lahtea", "lahdessa"} <= forms("Lahti")
    assert {"kosken", "koskea", "koskeen"} <= forms("Koski")
    assert {"ainon", "ainoa", "ainolle", "ainoon"} <= forms("Aino", surname=False)
    assert "annen" not in forms("Anni", surname=False)  # a first name keeps its i-stem: Anne is someone else
    assert {"anna-liisan", "anna-liisalle"} <= forms("Anna-Liisa", surname=False)


def test_a_name_as_typed():
    assert person("Aino Maria  Malli") == person("Aino Maria Malli")
    assert person("Venla Mallinen, asiantuntija").surname == "Mallinen"
    assert person("Venla").first_names == ("Venla",)
    assert person("  ") is None
    assert people(["Aino Malli", "aino malli", "[…]", "", "[nimi poistettu]"]) == [person("Aino Malli")]


def test_lines_give_the_template_segments_to_highlight():
    result = clean("Ainoa tapa.\nToinen rivi", PEOPLE)
    assert lines(result.text, result.undecided) == [
        [Segment("Ainoa", result.undecided[0]), Segment(" tapa.")],
        [Segment("Toinen rivi")],
    ]
