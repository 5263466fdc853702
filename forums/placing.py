"""Where a post goes in its thread, and what that moves: the thread's counters, its reply
count and latest post, and its forum's counts. One rule for posting
(:mod:`forums.actions`), the demo content, ``make bench`` and the peers benchmark's
loader, so that what they build reads as posting leaves it.

:func:`place` does it in memory, on the instances; :func:`add_post` saves one post so
placed, with all it moved. Bulk loaders place many posts, save them and their threads
with ``bulk_create``/``bulk_update`` (the thread's fields in :data:`THREAD_COUNTS`), and
finish with :func:`count_in_forums`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F

from forums.models import Forum, Post, Thread

# What placing a post moves on its thread.
THREAD_COUNTS = ["next_seq", "top_level_count", "reply_count", "last_post", "last_post_at"]


def place(post: Post, parent: Post | None) -> Post:
    """Put ``post`` in ``post.thread`` as a reply to ``parent`` (None: as the opening
    post) and move the thread's :data:`THREAD_COUNTS` to it, on the instances. Posts are
    placed in the order they were written. The caller saves the post and those fields,
    holding the thread's row lock while others may post in it."""
    thread = post.thread
    post.parent = parent
    post.seq, post.path, post.depth, post.root_position = thread.place_reply(parent)
    if parent is not None:
        thread.reply_count += 1
    thread.last_post = post
    thread.last_post_at = post.created_at
    return post


def add_post(post: Post, parent: Post | None) -> Post:
    """Place ``post`` and save it with what it moved: its thread's counts (the caller
    holds the thread's row lock, or the thread is nobody else's yet) and its forum's.
    The forum's row is not locked: its counts move by increments, so that posts written
    at the same moment in its other threads all count."""
    place(post, parent)
    post.save(force_insert=True)
    thread = post.thread
    Thread.objects.filter(pk=thread.pk).update(
        **{field: getattr(thread, field) for field in THREAD_COUNTS}
    )
    Forum.objects.filter(pk=thread.forum_id).update(
        post_count=F("post_count") + 1,
        thread_count=F("thread_count") + (1 if parent is None else 0),
        last_post=post,
    )
    return post


def count_in_forums(threads: Iterable[Thread]) -> None:
    """Count new ``threads`` and their posts, placed and saved in bulk, in their forums;
    the latest of their posts becomes each forum's latest (a loader adds what is newer
    than what the forum holds)."""
    by_forum: dict[int, list[Thread]] = defaultdict(list)
    for thread in threads:
        by_forum[thread.forum_id].append(thread)
    for forum_id, own in by_forum.items():
        latest = max(own, key=lambda thread: thread.last_post_at)
        Forum.objects.filter(pk=forum_id).update(
            thread_count=F("thread_count") + len(own),
            post_count=F("post_count") + sum(thread.reply_count + 1 for thread in own),
            last_post=latest.last_post,
        )
