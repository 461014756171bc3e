import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

SOURCE_LANGUAGE = "en"  # msgids are English; Finnish and Swedish are translated, English is the msgid itself


class Command(BaseCommand):
    help = "Update locale/*/LC_MESSAGES/django.po from the code and templates and list what is left to translate."

    def handle(self, *args, **options) -> None:
        languages = [code for code, _name in settings.LANGUAGES]
        call_command(
            "makemessages",
            locale=languages,
            ignore_patterns=[".venv/*", "staticfiles/*", "tests/*", "media/*"],
            no_obsolete=True,
            verbosity=0,
        )
        for code in languages:
            path = settings.BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"
            catalogue = polib.pofile(str(path))
            if code == SOURCE_LANGUAGE:
                for entry in catalogue.untranslated_entries():
                    entry.msgstr = entry.msgid
                    if entry.msgid_plural:
                        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                catalogue.save()
            missing = len(catalogue.untranslated_entries()) + len(catalogue.fuzzy_entries())
            self.stdout.write(f"{code}: {len(catalogue)} entries, {missing} untranslated or fuzzy")
