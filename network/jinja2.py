"""The Jinja2 environment for the few partials a page shows dozens of: a thread's posts,
a forum's thread rows, the index's forum rows, and the avatar and member name inside
them (``templates/**/*.jinja``). Everything else is a Django template.

Why two engines (issue #11, measured side by side in one process on a loaded 2-core
machine): fifty posts took 8.7 ms through Django's engine, 3.9 through Jinja2 and 0.7
through the Python f-strings these templates replace, and a whole forum page had about
6 ms to spend. Jinja2 compiles a template to Python once; Django's engine walks its
nodes and resolves every variable through a chain of lookups, for each post. Once the
rows carried what they print (``forums.reading``), Jinja2 rendered a thread page's 20
posts in 0.8 ms against the f-strings' 0.4, and a forum page's 20 thread rows in about
twice the f-strings' time.

Django templates use these partials through the tags in ``forum_tags`` and
``network_tags``, so each exists once. Autoescaping is on (Django's backend turns it on
by default); words are translated with Django's catalogs (``_()``, and ``translated()``
for a message formatted later). ``makemessages`` reads Django's template language only:
the partials' messages are found with Babel's Jinja2 extractor
(``jinja2.ext.babel_extract``, keywords ``_ gettext ngettext translated``)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment, Template, pass_environment

from network.templatetags.network_tags import ago, iso

if TYPE_CHECKING:
    from jinja2.environment import TemplateModule


def environment(**options) -> Environment:
    env = Environment(
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True, **options
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(ago=ago, iso=iso, grouped=grouped)
    # translated(): a message to format later (``_()`` formats at once, so a message with
    # a placeholder must be given its value there).
    env.globals.update(
        url=url,
        translated=gettext,
        translated_words=translated_words,
        SITE_NAME=settings.SITE_NAME,
    )
    return env


def url(name: str, *args) -> str:
    return reverse(name, args=args)


@pass_environment
def translated_words(environment: Environment, template_name: str) -> TemplateModule:
    """The words ``template_name`` sets (its top-level ``{% set %}``), in the active
    language, translated once per language and process: a list says the same few words
    on every row, and ``_()`` costs some 8 µs a call (Django's gettext reads the language
    through an asgiref Local, and Jinja2 formats each message). Catalogs do not change
    while a process runs; an edited template is another key (``auto_reload``)."""
    return _words(get_language(), environment.get_template(template_name))


@functools.lru_cache(maxsize=64)
def _words(language: str | None, template: Template) -> TemplateModule:
    # ``language`` is the active one, which make_module() translates into: the key.
    return template.make_module()


def grouped(number: int) -> str:
    """A count with the language's thousands separator: 1,234."""
    if -1000 < number < 1000:
        return str(number)
    return _grouped(get_language(), number)


@functools.lru_cache(maxsize=1024)
def _grouped(language: str | None, number: int) -> str:
    # Remembered for each language (``language``, the active one): the index says a dozen
    # counts, and Django's number_format() costs 4 µs, half of it reading the language.
    return formats.number_format(number, force_grouping=True)
