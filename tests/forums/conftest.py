"""People, places and conversations for the forum tests.

``member`` and ``other_member`` here are members of a month's standing, past the
new-member limits; ``new_member`` joined today. Threads and replies are written through
:mod:`forums.actions`, as the site writes them, each by a fresh member unless one is
given, so the pause between one member's posts never gets in the way. Long threads and
long forums are laid down with ``bulk_create`` and :meth:`Thread.place_reply`, in a few
queries, for the query-budget tests.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import cycle

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from forums import actions, placing
from forums.models import Forum, Post, Thread, ThreadTag
from tests.factories import UserFactory


def established(**fields):
    """A member of a month's standing."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=30), **fields)


@pytest.fixture
def member(db):
    return established(profile__display_name="Mia Member")


@pytest.fixture
def other_member(db):
    return established(profile__display_name="Otto Other")


@pytest.fixture
def new_member(db):
    """Joined a few minutes ago: the first day's limits apply."""
    return UserFactory(profile__display_name="Nell Newcomer")


@pytest.fixture
def moderator(db):
    """A site-wide moderator (the "Moderators" group)."""
    user = established(profile__display_name="Moe Moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def housing(db):
    """A public topic forum: anyone reads it, any member starts threads."""
    return Forum.objects.get(slug="housing")


@pytest.fixture
def georgia(db):
    """A state's forum: members only."""
    return Forum.objects.get(slug="georgia")


@pytest.fixture
def announcements(db):
    """Only moderators start threads here."""
    return Forum.objects.get(slug="announcements")


@pytest.fixture
def start_thread(db):
    """``start_thread(forum, title=…, source=…, author=…, tags=…)`` through the action."""

    def start(forum, title="A thread", source="The opening post.", author=None, tags=()):
        return actions.start_thread(forum, author or established(), title, source, tags)

    return start


@pytest.fixture
def reply(db):
    """``reply(thread, source, parent=None, author=None)`` through the action."""

    def post(thread, source="A reply.", parent=None, author=None):
        return actions.post_reply(thread, author or established(), source, parent=parent)

    return post


@pytest.fixture
def grow_thread(db):
    """``grow_thread(thread, top_level=n, nested=k)`` gives a new thread ``n`` top-level
    replies, each followed by a chain of ``k`` replies nesting under it, in a handful of
    queries.
    Counters and the thread's and forum's denormalized fields end as posting leaves
    them. Returns the new posts in the order they were written."""

    def grow(thread: Thread, *, top_level: int, nested: int = 0) -> list[Post]:
        thread = Thread.objects.select_related("forum").get(pk=thread.pk)
        opening = thread.posts.get(seq=0)
        writers = cycle([established() for _ in range(3)])
        # The conversation happened yesterday, a second between posts, so that what
        # members write in the test comes after it.
        start = timezone.now() - timedelta(days=1)
        Post.objects.filter(pk=opening.pk).update(created_at=start)
        Thread.objects.filter(pk=thread.pk).update(created_at=start)
        posts: list[Post] = []
        parents: list[Post] = []
        for _ in range(top_level):
            parent = opening
            for _ in range(nested + 1):
                moment = start + timedelta(seconds=thread.next_seq)
                post = Post(thread=thread, author=next(writers), created_at=moment)
                placing.place(post, parent)
                post.source, post.html = f"Reply {post.seq}", f"<p>Reply {post.seq}</p>"
                posts.append(post)
                parents.append(parent)
                parent = post
        # Saved without their parents first: a parent must be saved before its reply
        # can point to it.
        for post in posts:
            post.parent = None
        Post.objects.bulk_create(posts)
        for post, parent in zip(posts, parents, strict=True):
            post.parent = parent
        Post.objects.bulk_update(posts, ["parent"])
        Thread.objects.filter(pk=thread.pk).update(
            **{field: getattr(thread, field) for field in placing.THREAD_COUNTS}
        )
        placing.count_in_forums(posts)
        return posts

    return grow


@pytest.fixture
def fill_forum(db):
    """``fill_forum(forum, count)`` lays down ``count`` threads, each with its opening
    post and two tags, last active one minute apart (the newest first in the result)."""

    def fill(forum: Forum, count: int) -> list[Thread]:
        authors = [established() for _ in range(3)]
        now = timezone.now()
        threads = []
        for n, author in zip(range(count), cycle(authors)):
            moment = now - timedelta(minutes=n + 1)
            threads.append(
                Thread(
                    forum=forum,
                    author=author,
                    title=f"Thread number {n}",
                    slug=f"thread-number-{n}",
                    created_at=moment,
                    last_post_at=moment,
                    next_seq=1,
                )
            )
        Thread.objects.bulk_create(threads)
        openings = Post.objects.bulk_create(
            Post(
                thread=thread,
                author=thread.author,
                seq=0,
                path="000000",
                source=thread.title,
                html=f"<p>{thread.title}</p>",
                created_at=thread.created_at,
            )
            for thread in threads
        )
        for thread, opening in zip(threads, openings, strict=True):
            thread.last_post = opening
        Thread.objects.bulk_update(threads, ["last_post"])
        tag_a, tag_b = _tags("strike", "rent")
        ThreadTag.objects.bulk_create(
            ThreadTag(content_object=thread, tag=tag)
            for thread in threads
            for tag in (tag_a, tag_b)
        )
        Forum.objects.filter(pk=forum.pk).update(
            thread_count=forum.thread_count + count,
            post_count=forum.post_count + count,
            last_post=openings[0] if openings else None,
        )
        return threads

    return fill


def _tags(*names):
    from taggit.models import Tag

    return [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in names]
