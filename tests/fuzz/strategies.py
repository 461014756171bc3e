"""Hypothesis strategies for hostile input: what a browser, a bot or a broken client may send to a public form or
query string. Every strategy draws from Unicode without surrogates (a surrogate cannot be encoded into a request)."""

from hypothesis import strategies as st

# Characters that break naive code: NUL and the other C0 controls, DEL, C1 controls, bidi overrides and marks,
# zero-width characters, the byte order mark, a non-character, combining marks and characters outside the BMP.
CONTROL = [chr(code) for code in range(0x20)] + ["\x7f", "\x85", "\x9b"]
BIDI = ["\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2069", "\u061c"]
ODD = ["\u200b", "\u2028", "\u2029", "\ufeff", "\uffff", "\u0301", "😀", "𝔄", "\U0010fffd"]
SPECIAL = CONTROL + BIDI + ODD

# Payloads every output must show as text: markup, spreadsheet formulas, header and iCalendar injections.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)",
    "\r\nBcc: victim@example.invalid",
    "\r\nATTENDEE:mailto:evil@example.invalid",
    "]]>",
    "{{ 7*7 }}{% debug %}",
    "\u202eevil\u202c",
    "%00%0d%0a",
    "../../etc/passwd",
    "' OR 1=1 --",
]

unicode_char = st.characters(exclude_categories=("Cs",))
special_char = st.sampled_from(SPECIAL)

# Short arbitrary text, often seasoned with special characters.
arbitrary_text = st.one_of(
    st.text(unicode_char, max_size=40),
    st.text(st.one_of(unicode_char, special_char), min_size=1, max_size=40),
    st.sampled_from(HOSTILE),
    st.sampled_from(["", " ", "\t", "\n", "\x00", "\u202e", "   x   "]),
)


def long_text(min_size: int = 10_001, max_size: int = 40_000) -> st.SearchStrategy[str]:
    """Text of 10k characters or more, built by repetition so that drawing it stays cheap."""
    return st.builds(
        lambda chunk, size: (chunk * (size // max(len(chunk), 1) + 1))[:size],
        st.text(st.one_of(unicode_char, special_char), min_size=1, max_size=8),
        st.integers(min_size, max_size),
    )


# Numbers as a form sends them: huge, negative, with junk, in other notations.
junk_number = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["-1", "0", "00", "1e309", "NaN", "inf", "0x10", " 3 ", "3abc", "2,5", "٣", "１２", "9" * 400]),
    st.builds(lambda n, junk: f"{n}{junk}", st.integers(-100, 10_000), st.text(unicode_char, min_size=1, max_size=5)),
)

# One value of a field: text, a number-like string, or the field repeated (QueryDict lists), or long text.
scalar = st.one_of(arbitrary_text, junk_number)
field_value = st.one_of(
    scalar,
    st.lists(scalar, min_size=2, max_size=4),
    scalar,
    long_text(),
)

# A bag of parameters as a QueryDict would hold it: names the view knows plus random ones, some repeated.
MISSING = object()


def params(known: list[str]) -> st.SearchStrategy[dict[str, object]]:
    """Query or form parameters: each known name absent, a scalar, repeated or long; plus unknown names."""
    random_names = st.text(unicode_char, min_size=1, max_size=12)
    names = st.one_of(st.sampled_from(known), random_names) if known else random_names
    return st.dictionaries(names, field_value, max_size=len(known) + 2)


def as_pairs(data: dict[str, object]) -> list[tuple[str, str]]:
    """The dictionary flattened to (name, value) pairs, lists becoming repeated fields."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs


# Bytes as a misconfigured client sends them: latin-1, cp1252, invalid UTF-8, UTF-16 with a BOM.
wrong_encoding = st.sampled_from(["latin-1", "cp1252", "utf-16", "invalid-utf-8"])


def encode_wrongly(text: str, encoding: str) -> bytes:
    if encoding == "invalid-utf-8":
        return text.encode("utf-8", "surrogatepass") + b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1"
    return text.encode(encoding, "replace")
