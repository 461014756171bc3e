"""The programme's exports: the actions as CSV for spreadsheets and the yearly progress report as PDF.

Both are built from ladder.selectors, the same reads as the public page, and the PDF template shares its partials.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ladder import selectors
from ladder.models import Action, Programme
from osallisuus.pdf import render_pdf
from osallisuus.spreadsheets import spreadsheet_csv


def actions_csv(actions: Iterable[Action], *, today: datetime.date | None = None) -> bytes:
    """Actions as CSV for spreadsheets (osallisuus.spreadsheets). `actions` should come with step, programme,
    principle, units and notes prefetched as related managers (the admin's queryset; ladder.selectors.programme_parts
    reads them into lists for the page instead)."""
    today = today or timezone.localdate()
    header = [
        _("Programme"),
        _("Step"),
        _("Way of working"),
        _("Means of participation (29 §)"),
        _("Action"),
        _("Description"),
        _("Responsible units"),
        _("Schedule"),
        _("State"),
        _("Late"),
        _("Latest progress note"),
    ]
    return spreadsheet_csv(header, (_action_row(action, today) for action in actions))


def _action_row(action: Action, today: datetime.date) -> list:
    notes = list(action.notes.all())
    latest_note = f"{notes[0].noted_on:%d.%m.%Y} {notes[0].text}" if notes else ""
    return [
        action.step.programme,
        action.step,
        action.principle,
        action.get_means_display(),
        action.title,
        action.description,
        ", ".join(unit.name for unit in action.responsible_units.all()),
        action.schedule,
        action.get_state_display(),
        _("yes") if action.is_late_on(today) else _("no"),
        latest_note,
    ]


@dataclass
class ProgrammeReport:
    """What the yearly progress report shows: the ladder, the year's actions, their notes and the metrics."""

    programme: Programme
    year: int
    today: datetime.date

    def context(self) -> dict:
        programme = self.programme
        year_start, year_end = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        parts = selectors.programme_parts(programme=programme)
        steps = parts.steps
        actions = [
            action
            for action in parts.actions
            if action.starts_in <= self.year * 10 + 4 and action.ends_in >= self.year * 10 + 1
        ]
        notes = selectors.progress_notes(actions=actions, start=year_start, end=year_end)
        for action in actions:
            action.notes_of_year = notes[action.pk]
        return {
            "programme": programme,
            "year": self.year,
            "today": self.today,
            "steps": steps,
            "blocks": selectors.step_blocks(steps=steps, actions=actions),
            "actions": actions,
            "state_counts": [
                (label, sum(1 for a in actions if a.state == value)) for value, label in Action.State.choices
            ],
            "late_count": sum(1 for a in actions if a.is_late_on(self.today)),
            "metric_rows": selectors.metric_rows(programme=programme, today=self.today, year=self.year),
            "participation_kinds": parts.kinds,
        }

    def pdf(self) -> bytes:
        return render_pdf("ladder/reports/programme.html", self.context())


def programme_report_pdf(*, year: int, today: datetime.date | None = None) -> bytes:
    """The yearly progress report of the programme in force in `year`."""
    today = today or timezone.localdate()
    programme = Programme.objects.select_related("adopted_by").current(datetime.date(year, 7, 1))
    if programme is None:
        raise Programme.DoesNotExist(_("There is no participation programme to report on."))
    return ProgrammeReport(programme, year, today).pdf()
