import json
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

SOURCE_LANGUAGE = "en"  # msgids are English; Finnish and Swedish are translated, English is the msgid itself


class Command(BaseCommand):
    help = (
        "Update locale/*/LC_MESSAGES/django.po from the code and templates, optionally fill translations from a "
        "JSON file, and list what is left to translate. Run it through `make messages` (which holds a lock)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fill",
            type=Path,
            help='JSON {"msgid": {"fi": "...", "sv": "..."}}; plural entries take ["singular", "plural"].',
        )
        parser.add_argument("--list-missing", action="store_true", help="Print the msgids still untranslated.")

    def handle(self, *args, fill: Path | None, list_missing: bool, **options) -> None:
        languages = [code for code, _name in settings.LANGUAGES]
        call_command(
            "makemessages",
            locale=languages,
            ignore_patterns=[".venv/*", "staticfiles/*", "tests/*", "media/*"],
            no_obsolete=True,
            verbosity=0,
        )
        translations = json.loads(fill.read_text(encoding="utf-8")) if fill else {}
        for code in languages:
            path = settings.BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"
            catalogue = polib.pofile(str(path))
            for entry in catalogue:
                if code == SOURCE_LANGUAGE and not entry.translated():
                    self._set(entry, [entry.msgid, entry.msgid_plural] if entry.msgid_plural else entry.msgid)
                elif entry.msgid in translations and code in translations[entry.msgid]:
                    self._set(entry, translations[entry.msgid][code])
            catalogue.save()
            missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
            self.stdout.write(f"{code}: {len(catalogue)} entries, {len(missing)} untranslated or fuzzy")
            if list_missing:
                for msgid in missing:
                    self.stdout.write(f"  {msgid!r}")

    @staticmethod
    def _set(entry: polib.POEntry, value: str | list[str]) -> None:
        if entry.msgid_plural:
            if not isinstance(value, list) or len(value) != 2:
                raise CommandError(f"{entry.msgid!r} is a plural entry: give [singular, plural]")
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
