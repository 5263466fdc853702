"""Forum benchmarks for ``make bench``: reading a forum with 500 threads and a thread
with 2,000 posts (first and last page), and posting replies."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from forums import actions
from forums.models import Forum, Post, Thread
from forums.reading import forum_threads
from network import bench
from network.markup import render
from network.models import Profile

THREADS = 500
POSTS = 2_000


def _members(count: int):
    User = get_user_model()
    joined = timezone.now() - timedelta(days=90)
    users = [
        User(username=f"bench{n}", email=f"bench{n}@example.org", date_joined=joined)
        for n in range(count)
    ]
    User.objects.bulk_create(users)
    members = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    Profile.objects.bulk_create(
        [
            Profile(user=m, display_name=f"Bench {m.pk}", bio_html="", visibility="members")
            for m in members
        ]
    )
    return members


def _big_thread(forum: Forum, members) -> Thread:
    """A thread of POSTS posts: a third top-level, the rest nested (up to the cap) under
    the last post of the batch before."""
    thread = Thread(forum=forum, author=members[0], title="A very long argument")
    seq, path, depth, root = thread.place_reply(None)
    thread.save()
    opening = Post.objects.create(
        thread=thread,
        author=members[0],
        seq=seq,
        path=path,
        depth=depth,
        root_position=root,
        source="Opening",
        html=render("Opening").html,
    )
    saved = [opening]
    html = render("A reply with **some** words and a [link](https://example.org).").html
    moment = timezone.now() - timedelta(days=1)
    for batch_start in range(1, POSTS, 100):
        anchor, batch = saved[-1], []
        for n in range(batch_start, min(batch_start + 100, POSTS)):
            parent = opening if n % 3 == 1 else anchor
            seq, path, depth, root = thread.place_reply(parent)
            batch.append(
                Post(
                    thread=thread,
                    author=members[n % len(members)],
                    parent=parent,
                    seq=seq,
                    path=path,
                    depth=depth,
                    root_position=root,
                    source="A reply",
                    html=html,
                    created_at=moment + timedelta(seconds=n),
                )
            )
        saved.extend(Post.objects.bulk_create(batch))
    Thread.objects.filter(pk=thread.pk).update(
        next_seq=thread.next_seq,
        top_level_count=thread.top_level_count,
        reply_count=POSTS - 1,
        last_post=saved[-1],
        last_post_at=saved[-1].created_at,
    )
    thread.refresh_from_db()
    return thread


def forum_reading(timer: bench.Timer) -> None:
    members = _members(50)
    forum = Forum.objects.get(slug="strategy-and-theory")
    now = timezone.now()
    Thread.objects.bulk_create(
        [
            Thread(
                forum=forum,
                author=members[n % 50],
                title=f"Thread {n}",
                slug=f"thread-{n}",
                last_post_at=now - timedelta(minutes=n),
            )
            for n in range(THREADS)
        ]
    )
    thread = _big_thread(forum, members)
    client = Client()
    client.force_login(members[1])

    timer.measure("forum index", lambda: client.get("/forums/"))
    timer.measure(f"forum page 1 ({THREADS} threads)", lambda: client.get(forum.get_absolute_url()))
    cursor = None
    url = forum.get_absolute_url()
    for _ in range(15):  # walk to page 16, as a reader clicking "Older" would
        cursor = forum_threads(forum, before=cursor, after=None, tag=None).older
    deep = f"{url}?before={cursor.encode()}"
    timer.measure("forum page 16 (keyset cursor)", lambda: client.get(deep))
    first = thread.get_absolute_url()
    last = f"{first}?page={thread.page_count}"
    timer.measure(f"thread page 1 ({POSTS} posts)", lambda: client.get(first))
    timer.measure(f"thread page {thread.page_count} (last)", lambda: client.get(last))

    author = members[2]
    original = actions.MIN_SECONDS_BETWEEN_POSTS
    actions.MIN_SECONDS_BETWEEN_POSTS = 0
    try:
        target = Post.objects.filter(thread=thread).order_by("-seq").first()
        timer.measure(
            "post a reply (action: render, place, counts, watch)",
            lambda: actions.post_reply(
                thread, author, "Agreed, and @bench1 said it first.", target
            ),
        )
    finally:
        actions.MIN_SECONDS_BETWEEN_POSTS = original


bench.register("forums", forum_reading)
