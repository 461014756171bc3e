"""Badges: a choice shown in words with a colour that only supports them (site.css badge--ok, info, warn, danger,
neutral). Each choices class that is shown as a badge says its members' tones in Python (`tones`), and one partial,
templates/includes/badge.html, renders every badge of the portal from a member: `{% include "includes/badge.html"
with choice=... %}`, or once per member and language with `{% fixed_include "includes/badge.html" choice=... %}`."""

OK, INFO, WARN, DANGER, NEUTRAL = "ok", "info", "warn", "danger", "neutral"


class BadgeChoices:
    """For a models.TextChoices shown as a badge (`class State(BadgeChoices, models.TextChoices)`): the class method
    `tones` maps each member to its tone, and `member.badge_tone` reads it."""

    @classmethod
    def tones(cls) -> dict:
        raise NotImplementedError(f"{cls.__name__} shows as a badge: say each member's tone in tones()")

    @property
    def badge_tone(self) -> str:
        return type(self).tones()[self]
