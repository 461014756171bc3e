"""Text written by people, made safe for formats that forbid control characters.

XML 1.0 (the Atom feed) allows no C0 control character besides tab, line feed and carriage return, and RFC 5545
TEXT (iCalendar) allows none besides tab and line breaks. A form may still carry them (a vertical tab pasted from a
word processor, a bell from a broken client): they are dropped from those outputs rather than breaking them."""

import re

# C0 controls except tab, line feed and carriage return; DEL; and the two non-characters XML forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)
