"""Reacting to posts (issue #15): a member adds or takes back a reaction of one kind
(``forums.models.reactions``), and the post's author hears of them once a day, grouped
("5 people reacted to your post"), never once per reaction.

**Counts.** Each post counts its reactions of each kind (``Post.<kind>_count``), moved
with ``F()`` in the transaction that inserts or deletes the reaction, and only when a
row was inserted or deleted: two members at once each move it by one (the post's row
lock orders the updates), and a member's second request that finds its work done (a
double submit, a second tab) moves nothing. The thread's kept posts (:mod:`forums.kept`)
show the counts, so a change bumps the thread's generation once it commits.

**Telling.** Beat runs :func:`tell_authors` once a day: each post's reactions not yet
told become one notification for its author (``Kind.REACTION``), through a
:class:`~forums.models.ReactionNews` row that says how many members reacted. Reactions
by members the author blocked are marked told but never counted (``network.blocking``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import access, kept, notifying, permissions
from forums.models import Post, Reaction, ReactionKind, ReactionNews
from forums.permissions import active_suspension, can_react
from network import page_cache, ratelimit
from network.notifications import actions as notifications
from network.notifications.kinds import Kind

SOURCE = "forums.reaction"
COUNT_FIELDS = [kind.count_field for kind in ReactionKind]
# Reactions a member may add or take back in a minute: enough for reading a thread and
# answering it with reactions, not for a script pressing every button of the forums.
REACTIONS_PER_MINUTE = 60
# At most one telling per post in this long: beat runs daily, this holds if it runs twice.
TELLING_INTERVAL = timedelta(hours=20)
TOLD_AT_ONCE = 5000


class ReactionRefused(Exception):
    """Why a member may not react here, in words for them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Reacted:
    """A reaction's state after a member asked: whether it is theirs now, and the post's
    counts by kind."""

    kind: ReactionKind
    pressed: bool
    counts: dict[str, int]


def react(post: Post, member, kind: str, *, on: bool) -> Reacted:
    """Add (``on``) or take back ``member``'s reaction of ``kind`` to ``post`` (its
    thread and forum loaded). Saying what is wanted, rather than "toggle", makes a
    double submit harmless: the second finds it done and changes nothing."""
    kind = ReactionKind(kind)  # ValueError for anything else: the caller's to refuse
    if not can_react(member, post, suspended=False):
        raise ReactionRefused(_("You cannot react to this post."))
    if active_suspension(member) is not None:
        raise ReactionRefused(_("You are suspended: you can still read, but not react."))
    if not ratelimit.allow("reactions", str(member.pk), limit=REACTIONS_PER_MINUTE, period=60):
        raise ReactionRefused(_("That is a lot of reactions at once: wait a minute."))
    field = kind.count_field
    with transaction.atomic():
        if on:
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=post, member=member, kind=kind)
                moved = 1
            except IntegrityError:  # there already: another of their requests added it
                moved = 0
        else:
            deleted, _rows = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
            moved = -deleted
        if moved:
            Post.objects.filter(pk=post.pk).update(**{field: F(field) + moved})
            _changed(post, member)
        counts = Post.objects.filter(pk=post.pk).values(*COUNT_FIELDS).get()
    return Reacted(kind, on, {k.value: counts[k.count_field] for k in ReactionKind})


def _changed(post: Post, member) -> None:
    """The thread's kept posts show the counts: old once this commits. The member's
    standing says whether they reacted in the thread: old now, and again once this
    commits (a page of theirs made meanwhile would keep the old one)."""
    thread_id, member_id = post.thread_id, member.pk
    permissions.standing_changed(member_id)
    transaction.on_commit(lambda: permissions.standing_changed(member_id), robust=True)
    transaction.on_commit(lambda: kept.thread_changed(thread_id), robust=True)
    if post.thread.forum.holds_article_discussions:
        transaction.on_commit(page_cache.invalidate, robust=True)


def of_member(member, post_ids) -> dict[int, frozenset[str]]:
    """The kinds ``member`` reacted with to each of ``post_ids`` (those they reacted to):
    one query, for a page of posts."""
    if not member.is_authenticated or not post_ids:
        return {}
    found: dict[int, set[str]] = defaultdict(set)
    for post_id, kind in Reaction.objects.filter(
        member=member, post_id__in=list(post_ids)
    ).values_list("post_id", "kind"):
        found[post_id].add(kind)
    return {post_id: frozenset(kinds) for post_id, kinds in found.items()}


@dataclass(frozen=True)
class WhoReacted:
    kind: ReactionKind
    count: int
    members: list  # network.models.Profile, or empty when the reader may not see names


def who_reacted(post: Post, *, names: bool) -> list[WhoReacted]:
    """Each kind the post has reactions of, with how many, and (with ``names``) who, by
    name, in the order they reacted: the post's list page and its hover list. One query
    for the names (the counts are the post's own)."""
    by_kind: dict[str, list] = defaultdict(list)
    if names:
        reactions = (
            Reaction.objects.filter(post=post, member__is_active=True)
            .select_related("member__profile")
            .order_by("created_at", "pk")
        )
        for reaction in reactions:
            by_kind[reaction.kind].append(reaction.member.profile)
    shown = []
    for kind in ReactionKind:
        count = getattr(post, kind.count_field)
        if count:
            shown.append(WhoReacted(kind, count, by_kind.get(kind.value, [])))
    return shown


def take_back_all(member) -> int:
    """Every reaction of ``member`` taken back, each post's counts moved down with it (a
    member erased with their account); how many."""
    taken = 0
    with transaction.atomic():
        reactions = list(
            Reaction.objects.select_for_update()
            .filter(member=member)
            .order_by("post_id", "pk")
            .values_list("pk", "post_id", "kind", "post__thread_id")
        )
        threads = set()
        for pk, post_id, kind, thread_id in reactions:
            field = ReactionKind(kind).count_field
            if Reaction.objects.filter(pk=pk).delete()[0]:
                Post.objects.filter(pk=post_id).update(**{field: F(field) - 1})
                threads.add(thread_id)
                taken += 1
        for thread_id in threads:
            transaction.on_commit(
                lambda thread_id=thread_id: kept.thread_changed(thread_id), robust=True
            )
        if threads:
            transaction.on_commit(page_cache.invalidate, robust=True)
    permissions.standing_changed(member.pk)
    return taken


def tell_authors(now: datetime | None = None) -> int:
    """Tell each post's author of the reactions to it not told yet: one notification per
    post, saying how many members reacted (those the author blocked left out), at most
    one per post in ``TELLING_INTERVAL``. Rows claimed with ``skip_locked``, so two
    workers never tell the same reaction twice. How many posts' authors were told."""
    now = now or timezone.now()
    told = 0
    with transaction.atomic():
        claimed = list(
            Reaction.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(told_at=None)
            .order_by("pk")
            .values_list(
                "pk",
                "post_id",
                "member_id",
                "post__author_id",
                "post__author__is_active",
                "post__author__profile__blocked_member_ids",
                "post__is_deleted",
                "post__is_hidden",
            )[:TOLD_AT_ONCE]
        )
        recently_told = set(
            ReactionNews.objects.filter(
                post_id__in={row[1] for row in claimed}, told_at__gt=now - TELLING_INTERVAL
            ).values_list("post_id", flat=True)
        )
        people: dict[int, set[int]] = defaultdict(set)
        authors: dict[int, int] = {}
        done = []
        for pk, post_id, member_id, author_id, active, blocked, deleted, hidden in claimed:
            if post_id in recently_told:
                continue  # told today already: these wait for the next telling
            done.append(pk)
            if author_id is None or not active or deleted or hidden:
                continue
            if member_id in (blocked or ()) or member_id == author_id:
                continue
            people[post_id].add(member_id)
            authors[post_id] = author_id
        # As every notification: not to a member suspended now (nor an inactive one), nor
        # about a thread the author may no longer read (an article made private).
        allowed = notifying.may_be_told(set(authors.values()))
        threads = {
            post.pk: post.thread
            for post in Post.objects.filter(pk__in=people).select_related("thread__forum")
        }
        for post_id, members in people.items():
            author = authors[post_id]
            if author not in allowed or not access.readers(threads[post_id], {author}):
                continue
            news = ReactionNews.objects.create(post_id=post_id, people=len(members), told_at=now)
            notifications.record(SOURCE, news.pk, direct={author: Kind.REACTION}, at=now)
            told += 1
        Reaction.objects.filter(pk__in=done).update(told_at=now)
    return told
