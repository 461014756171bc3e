"""The region's shared vocabulary: its municipalities, the authorities that decide (organs), the units responsible
for the programme's work, and the staff who use the portal."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff. Roles are Django groups named after `osallisuus.roles.Role`."""

    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    work_phone = models.CharField(
        _("work phone"),
        max_length=40,
        blank=True,
        help_text=_("An official number that may be shown to the public."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class LocalizedNameMixin(models.Model):
    """A Finnish name, an optional Swedish one, and the one to show in the active language."""

    name = models.CharField(_("name in Finnish"), max_length=200, unique=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        """The name to show in `language`: the Swedish one in Swedish when there is one, the Finnish one otherwise."""
        if language == "sv" and self.name_sv:
            return self.name_sv
        return self.name


class Municipality(LocalizedNameMixin):
    """A municipality of the region (611/2021 3 §: its residents are members of the county)."""

    code = models.CharField(
        _("statistical code"),
        max_length=3,
        unique=True,
        help_text=_("Statistics Finland's three-digit code."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class Organ(LocalizedNameMixin):
    """An authority of the region that decides matters: the council, the board, a committee or an office holder.

    An initiative is handled by the organ competent to decide its matter; if that organ is a body (toimielin), the
    body is informed of its initiatives and their measures (Satakunta's administrative rules)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Regional council")
        BOARD = "board", _("Regional board")
        COMMITTEE = "committee", _("Committee")
        SUBCOMMITTEE = "subcommittee", _("Sub-committee")
        OFFICE_HOLDER = "office_holder", _("Office holder")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    handlers = models.ManyToManyField(
        "osallisuus.User",
        verbose_name=_("handlers"),
        related_name="handled_organs",
        blank=True,
        help_text=_("Staff who prepare this organ's initiatives."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organs")

    @property
    def is_body(self) -> bool:
        """A collegial body (toimielin) rather than a single office holder."""
        return self.kind != self.Kind.OFFICE_HOLDER


class Unit(LocalizedNameMixin):
    """A unit responsible for participation work (the programme's responsibility table, seeds/004 section III)."""

    parent_area = models.CharField(
        _("area of responsibility"),
        max_length=200,
        blank=True,
        help_text=_("The division the unit belongs to, e.g. Strategia ja järjestäminen."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
