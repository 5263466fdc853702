"""What an app that reports events tells this one about them.

``network`` imports neither ``forums`` nor ``blog``: each registers a :class:`Source`
from its ``AppConfig.ready`` (which runs in the web process and the worker alike), and
the worker asks it who else hears of an event and what to show of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass
class Subject:
    """What one event is about, as the inbox and an email show it."""

    # The words a source writes itself (place, headline) may be lazy translations:
    # they are put in the language of whoever reads them, inbox or email.
    title: str
    url: str  # an address on the site
    place: str  # where it happened: a forum's name
    actor_name: str
    created_at: datetime
    excerpt: str = ""  # plain text
    members_only: bool = False  # then an email carries a link and nothing of the content
    available: bool = True  # False once hidden or deleted: nobody is told any more
    thread_id: int | None = None
    # When it last changed, if it did: an edit may add what a member has not read.
    changed_at: datetime | None = None
    # How it reads, when the kind's own sentence does not fit (a review approved, or
    # sent back): a template of network.notifications.wording's placeholders.
    headline: str = ""


class Source:
    """Override the methods; ``name`` is what :class:`Event` rows carry."""

    name = ""

    def audience(self, event) -> Iterable[tuple[int, str]]:
        """Who else hears of ``event`` (``(user_id, kind)``), beyond the members named in
        :func:`~network.notifications.actions.record`: watchers, moderators. Runs in the
        worker; may yield many. Never the actor, an inactive or a suspended member."""
        return ()

    def subjects(self, object_ids: Iterable[int], viewer=None) -> dict[int, Subject]:
        """The :class:`Subject` of each object, in a few queries however many. With
        ``viewer`` (the inbox's reader), what they may not see now is not ``available``:
        the inbox never shows what its reader could not open."""
        raise NotImplementedError

    def unreadable(self, pairs: set[tuple[int, int]], subjects: dict[int, Subject]) -> set:
        """Of ``(user_id, object_id)`` pairs, those whose member may not read the object
        now (asked when an email is about to go: the inbox asks ``subjects`` with its
        reader). Only ``members_only`` subjects can be kept from some members."""
        return set()

    def quiet(self, pairs: set[tuple[int, int]], subjects: dict[int, Subject]) -> set:
        """Of ``(user_id, object_id)`` pairs, those not to email: the member has read it
        already, or was active in that conversation a moment ago, or is suspended."""
        return set()


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    _sources[source.name] = source


def get(name: str) -> Source:
    return _sources[name]


def subjects_for(rows, viewer=None) -> dict[tuple[str, int], Subject]:
    """The subject of each notification in ``rows`` (with their events), keyed by
    ``(source, object_id)``: a few queries per source, however many rows. With
    ``viewer``, as they may see it now."""
    by_source: dict[str, set[int]] = {}
    for row in rows:
        by_source.setdefault(row.event.source, set()).add(row.event.object_id)
    found = {}
    for name, object_ids in by_source.items():
        for object_id, subject in get(name).subjects(object_ids, viewer=viewer).items():
            found[name, object_id] = subject
    return found
