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

What a partial's time goes to (cProfile and timings of each partial alone): every
``{{ }}`` is an escape() that builds a Markup, some 0.6 µs whatever it prints (a value
already marked safe costs as much); a ``_()`` some 8 µs (Django's gettext reads the
language through an asgiref Local, then Jinja2 wraps and %-formats the message); a macro
called from a template some 3.5 µs; ``loop`` a LoopContext over the rows; and
``{{ x if c }}`` with c false prints an Undefined. So the rows carry what they print
(``forums.reading``), the words the lists repeat are translated once per language
(:func:`translated_words`, ``templates/forums/words.jinja``), a page renders each
member's name and avatar once (``network.members.ListedMember``), and the partials use
neither ``loop`` nor inline ifs. Each partial alone on the peers data (rows made fresh
for each render, as a page makes them; before and after in alternating processes,
medians of 300): a forum page's 20 thread rows 0.50 -> 0.28 ms, a thread page's 21 posts
0.55 -> 0.37, the index's 13 forums 0.32 -> 0.19; where five members write everything,
the rows and posts take 43% and 49% of their time before. Whole pages (the kit's
in-process timings, same alternation): a forum page 2.9 -> 2.7 ms, a thread page 3.25 ->
2.95. The environment keeps Django's production defaults: templates compiled once and
not checked for changes (``auto_reload`` follows DEBUG), Jinja2's optimizer on.

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
