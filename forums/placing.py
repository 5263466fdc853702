"""Where a post goes in its thread, and what that moves: the thread's counters, its reply
count and latest post, and its forum's counts. One rule for posting
(:mod:`forums.actions`), the demo content, ``make bench`` and the peers benchmark's
loader, so that what they build reads as posting leaves it.

:func:`place` does it in memory, on the instances; :func:`add_post` saves one post so
placed, with all it moved. Bulk loaders place many posts, save them and their threads
with ``bulk_create``/``bulk_update`` (the threads' fields in :data:`THREAD_COUNTS`), then
count the posts in their forums with :func:`count_in_forums`.
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
    holds the thread's row lock, or the thread is nobody else's yet) and its forum's."""
    place(post, parent)
    post.save(force_insert=True)
    thread = post.thread
    Thread.objects.filter(pk=thread.pk).update(
        **{field: getattr(thread, field) for field in THREAD_COUNTS}
    )
    count_in_forums([post])
    return post


def count_in_forums(posts: Iterable[Post]) -> None:
    """Count ``posts``, placed and saved, in their threads' forums: a post more each, a
    thread more for each opening post, and the newest of them (the last saved, of
    several written at the same moment) as the forum's latest post: what is added is
    newer than what the forum holds. The forums' rows are not locked: their counts move
    by increments, so that posts written at the same moment in their other threads all
    count."""
    by_forum: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        by_forum[post.thread.forum_id].append(post)
    for forum_id, own in by_forum.items():
        Forum.objects.filter(pk=forum_id).update(
            post_count=F("post_count") + len(own),
            thread_count=F("thread_count") + sum(post.is_opening for post in own),
            last_post=max(own, key=lambda post: (post.created_at, post.pk)),
        )
