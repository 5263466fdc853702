"""Addresses of what a page lists many of (posts, threads, profiles), built on a prefix
reversed once per process: a page of fifty posts otherwise calls ``reverse()`` hundreds
of times, a tenth of its time. The URL patterns stay the source of truth: the prefix
comes from them, and the tests compare these addresses with ``reverse()``'s."""

from functools import cache

from django.urls import reverse


@cache
def root(name: str) -> str:
    """The address of the URL pattern ``name`` (one that takes no argument)."""
    return reverse(name)
