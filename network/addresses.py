"""Addresses: the site's own, as the public reaches them, and those a page lists many of.

Whatever leaves a request (a feed, a sitemap, an email, a canonical link) names the site
at ``SITE_URL``, never at the host the request came in on: that may be an internal name,
a mirror, or whatever a forged ``Host`` header said. :func:`public_url` is the one way
to build such an address.

What a page lists many of (posts, threads, profiles) is built on a prefix reversed once
per process: a page of fifty posts otherwise calls ``reverse()`` hundreds of times, a
tenth of its time. What every page links to (the header's sections, sign-in) is looked
up in an address book kept per process (:func:`book`). The URL patterns stay the source
of truth: the addresses come from them, and the tests compare them with ``reverse()``'s."""

import re
from functools import cache
from urllib.parse import urlsplit, urlunsplit
from weakref import WeakKeyDictionary

from django.conf import settings
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@cache
def root(name: str) -> str:
    """The address of the URL pattern ``name`` (one that takes no argument)."""
    return reverse(name)


class AddressBook(dict):
    """The addresses of URL patterns that take no argument, by pattern name, each
    reversed the first time it is asked for: ``book["forums:index"]``."""

    def __missing__(self, name: str) -> str:
        self[name] = address = reverse(name)
        return address


# One address book for each URLconf (by its resolver: Django makes a new one when the
# URLconf changes or clear_url_caches() is called, and the old one's books go with it),
# script prefix and language (i18n_patterns and translated routes make addresses differ).
_books: WeakKeyDictionary = WeakKeyDictionary()


def book() -> AddressBook:
    """The address book for the URLconf, script prefix and language in use: what
    ``reverse(name)`` gives for a pattern without arguments (its namespace's default
    instance), at a dictionary's cost instead of reverse()'s 13 µs. For what every page
    links to; a dozen links on a page otherwise cost a twentieth of a forum page."""
    by_reach = _books.get(resolver := get_resolver(get_urlconf()))
    if by_reach is None:
        by_reach = _books[resolver] = {}
    reach = (get_script_prefix(), get_language())
    found = by_reach.get(reach)
    if found is None:
        found = by_reach[reach] = AddressBook()
    return found


def public_url(location: str) -> str:
    """``location`` on this site, a path or a full address on whatever host built it
    (a request's, Wagtail's site record), at ``SITE_URL``."""
    parts = urlsplit(location)
    return settings.SITE_URL + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


def public_page_url(page) -> str:
    """A Wagtail page's public address. Wagtail's own full URL is its site record's host
    and port, which follows ``SITE_URL`` only from the next ``migrate`` on (and cannot
    say https on another port than 443)."""
    return public_url(page.get_url_parts()[2])


_SITE_RELATIVE = re.compile(r'(\s(?:src|href))="/(?!/)')
_CANDIDATES = re.compile(r'\s(?:srcset|sizes)="[^"]*"')


def public_html(html: str) -> str:
    """HTML to be read elsewhere (a feed reader): the site's own links and images made
    public addresses, and srcset dropped, with sizes (its candidates would not resolve)."""
    return _SITE_RELATIVE.sub(rf'\1="{settings.SITE_URL}/', _CANDIDATES.sub("", html))
