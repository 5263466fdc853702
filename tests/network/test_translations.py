"""The Spanish catalogue is complete: every message the site's templates, partials and
Python say has a translation a person checked (none missing, none fuzzy), and the
check itself finds what is missing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from network.management.commands.makemessages import jinja_entries, untranslated

POT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Forums"
msgstr ""

msgid "Reply"
msgstr ""

#, python-format
msgid "%(count)s post"
msgid_plural "%(count)s posts"
msgstr[0] ""
msgstr[1] ""
"""

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Forums"
msgstr "Foros"

#, fuzzy
msgid "Reply"
msgstr "Responder"

#, python-format
msgid "%(count)s post"
msgid_plural "%(count)s posts"
msgstr[0] "%(count)s publicación"
msgstr[1] ""
"""


def test_every_message_the_site_says_has_a_spanish_translation():
    # makemessages --check writes no catalogue: it fails naming each message that has
    # no translation in locale/es, or a fuzzy one. `make messages` adds new ones there.
    call_command("makemessages", locale=["es"], check=True, verbosity=0)


def test_the_check_names_a_message_missing_untranslated_or_fuzzy(tmp_path):
    pot, po = tmp_path / "django.pot", tmp_path / "django.po"
    pot.write_text(POT + '\nmsgid "Watch"\nmsgstr ""\n', encoding="utf-8")
    po.write_text(PO, encoding="utf-8")

    problems = "\n".join(untranslated(po, pot))

    assert '"Watch"' in problems
    assert '"Reply"' in problems
    assert "%(count)s post" in problems
    assert "Forums" not in problems


def test_the_check_passes_a_complete_catalogue(tmp_path):
    pot, po = tmp_path / "django.pot", tmp_path / "django.po"
    pot.write_text(POT, encoding="utf-8")
    po.write_text(
        PO.replace("#, fuzzy\n", "").replace('msgstr[1] ""', 'msgstr[1] "%(count)s publicaciones"'),
        encoding="utf-8",
    )

    assert untranslated(po, pot) == []


def test_the_jinja_partials_messages_are_found_with_the_others():
    entries = jinja_entries(Path(settings.BASE_DIR))

    assert 'msgid "Jump to the first unread post"' in entries
    assert "#: templates/forums/words.jinja:" in entries
    # translated(): a message formatted later, with its placeholder
    assert '#, python-format\nmsgid "Reply by %(name)s"' in entries


@pytest.mark.parametrize(
    ("english", "spanish"),
    [("Forums", "Foros"), ("Sign in", "Iniciar sesión"), ("Join the network", "Únete a la red")],
)
def test_the_compiled_spanish_catalogue_is_the_one_in_use(english, spanish):
    with translation.override("es"):
        assert translation.gettext(english) == spanish
