"""Addresses: the site's own, as the public reaches them, and those a page lists many of.

Whatever leaves a request (a feed, a sitemap, an email, a canonical link) names the site
at ``SITE_URL``, never at the host the request came in on: that may be an internal name,
a mirror, or whatever a forged ``Host`` header said. :func:`public_url` is the one way
to build such an address.

What a page lists many of (posts, threads, profiles) is built on a prefix reversed once
per process: a page of fifty posts otherwise calls ``reverse()`` hundreds of times, a
tenth of its time. The URL patterns stay the source of truth: the prefix comes from
them, and the tests compare these addresses with ``reverse()``'s."""

import re
from functools import cache
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse


@cache
def root(name: str) -> str:
    """The address of the URL pattern ``name`` (one that takes no argument)."""
    return reverse(name)


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
