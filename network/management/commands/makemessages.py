"""Django's ``makemessages``, which also finds the messages of the Jinja2 partials.

Django's reads its own template language and Python; the few partials written for
Jinja2 (``templates/**/*.jinja``, see ``network.jinja2``) are read with Jinja2's own
extractor, the one Babel uses (``jinja2.ext.babel_extract``), and their messages join
the others before ``msguniq`` merges duplicates. What the project's sources hold besides
the site (tests, the static files, node_modules, the virtual environment) is skipped.

``make messages`` runs it for Spanish. With ``--check`` it writes no catalogue and fails
when a message it finds has no translation in one, or a translation is fuzzy (not yet
checked by a person): ``tests/network/test_translations.py`` runs it.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import makemessages
from jinja2.ext import babel_extract

# What the partials call to translate (network.jinja2): gettext, ngettext and
# translated(), a message formatted later.
JINJA_KEYWORDS = ("_", "gettext", "ngettext", "translated")
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",
}
NOT_THE_SITE = ["tests", "node_modules", "static", "staticfiles", "var", "media", "locale"]


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def jinja_entries(root: Path) -> str:
    """The messages of every ``*.jinja`` under ``root/templates`` as PO entries."""
    entries = []
    for path in sorted((root / "templates").rglob("*.jinja")):
        where = path.relative_to(root).as_posix()
        with path.open("rb") as source:
            found = list(babel_extract(source, JINJA_KEYWORDS, [], JINJA_OPTIONS))
        for line, _function, message, _comments in found:
            forms = [m for m in message if m] if isinstance(message, tuple) else [message]
            if not forms or not isinstance(forms[0], str):
                continue
            lines = [f"#: {where}:{line}"]
            if any("%(" in form for form in forms):
                lines.append("#, python-format")
            lines.append(f"msgid {_quoted(forms[0])}")
            if len(forms) > 1:
                lines += [f"msgid_plural {_quoted(forms[1])}", 'msgstr[0] ""', 'msgstr[1] ""']
            else:
                lines.append('msgstr ""')
            entries.append("\n".join(lines))
    return "\n\n".join(entries)


def catalogue(path: Path) -> dict[tuple[str, str], dict]:
    """The entries of a PO or POT file by (context, message): each a dict of its fields
    (``msgid``, ``msgid_plural``, ``msgstr``, ``msgstr[0]``...) and ``fuzzy``. Obsolete
    entries (``#~``) are left out."""
    entries: dict[tuple[str, str], dict] = {}
    entry: dict = {}
    field = ""

    def close():
        if "msgid" in entry:
            entries[(entry.get("msgctxt", ""), entry["msgid"])] = entry

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            close()
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, quoted = line.partition(" ")
            entry[field] = ast.literal_eval(quoted)
    close()
    return entries


def untranslated(pofile: Path, potfile: Path) -> list[str]:
    """What the catalogue ``pofile`` lacks for the messages in ``potfile``: each message
    it has not, or leaves untranslated (a plural form included), or marks fuzzy (not
    yet checked by a person)."""
    if not pofile.exists():
        return [f"{pofile}: no such catalogue"]
    translated = catalogue(pofile)
    problems = []
    if translated.get(("", ""), {}).get("fuzzy"):
        # msgfmt leaves a fuzzy header out, and with it the plural forms and charset.
        problems.append("fuzzy: the catalogue's header")
    for key, wanted in catalogue(potfile).items():
        if not wanted["msgid"]:
            continue
        found = translated.get(key)
        where = f"msgid {json.dumps(wanted['msgid'], ensure_ascii=False)}"
        if key[0]:
            where += f" (msgctxt {json.dumps(key[0], ensure_ascii=False)})"
        if found is None:
            problems.append(f"missing: {where}")
        elif found.get("fuzzy"):
            problems.append(f"fuzzy: {where}")
        elif not all(found[name] for name in found if name.startswith("msgstr")):
            problems.append(f"untranslated: {where}")
    return problems


class Command(makemessages.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing: fail when a message found has no translation in the "
            "catalogues of the given locales, or when one of them is fuzzy.",
        )

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *NOT_THE_SITE]
        self.checking = options.get("check", False)
        self.checked: list[tuple[str, str]] = []
        if self.checking:
            options["keep_pot"] = True
        try:
            super().handle(*args, **options)
            problems = []
            for potfile, locale in self.checked:
                pofile = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
                problems += untranslated(pofile, Path(potfile))
        finally:
            if self.checking:
                self.remove_potfiles()
        if problems:
            raise CommandError("\n".join(problems))

    def write_po_file(self, potfile, locale):
        if self.checking:
            self.checked.append((potfile, locale))
            return
        super().write_po_file(potfile, locale)

    def process_files(self, file_list):
        super().process_files(file_list)
        if self.domain != "django":
            return
        entries = jinja_entries(Path(settings.BASE_DIR))
        potfile = Path(self.default_locale_path) / f"{self.domain}.pot"
        if entries and potfile.exists():
            with potfile.open("a", encoding="utf-8", newline="\n") as pot:
                pot.write("\n\n" + entries + "\n")
