"""The forums of ``make bench``: threads of threaded posts across the seeded forums, one
very long thread, and a member's reading state; then the pages worth loading (the forum
index, a forum, the long thread's first and last page) and the timing of a reply.

Posts are placed in memory by :func:`forums.placing.place`, as posting places them, then
saved with ``bulk_create`` one generation at a time (parents before their replies), so
fifty thousand posts take seconds. Counts and last posts end as posting leaves them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from forums import actions, placing
from forums.models import Forum, Post, Thread, ThreadRead, ThreadTag, ThreadWatch
from forums.models.discussion import MAX_DEPTH
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from network import bench
from network.markup import render

BIG_THREAD_TITLE = "A very long argument"
BENCH_FORUM_SLUG = "strategy-and-theory"
# Of the replies, this share answer the opening post; the rest answer a recent reply.
TOP_LEVEL_SHARE = 0.35
TAGS = ["strike", "rent", "elections", "reading-group", "budget", "heat", "union", "aid"]
SUBJECTS = [
    "What worked in our tenant drive",
    "Canvassing in the heat",
    "Reading group: week",
    "Budget questions for the convention",
    "Contract campaign update",
    "Mutual aid after the storm, part",
    "Electoral strategy for the primaries",
    "Introductions thread",
]
SOURCES = [
    "Agreed. We tried the same thing last spring and it held.",
    "A reply with **some** words and a [link](https://example.org).",
    "Two things:\n\n1. weekly meetings\n2. a phone tree\n\nThe second matters more.",
    "> quoting the point above\n\nI am not sure it scales past one building.",
    "Thanks for writing this up. Saving it for our next meeting.",
]


def bench_forums(count: int) -> list[Forum]:
    """``count`` forums to fill: the forum that is loaded first, then the others the
    seeding made, public before members-only (article discussions are the blog's)."""
    forums = sorted(
        Forum.objects.exclude(slug=ARTICLE_DISCUSSIONS_SLUG),
        key=lambda forum: (forum.slug != BENCH_FORUM_SLUG, not forum.is_public, forum.pk),
    )
    return forums[:count]


def is_flat(post: Post) -> bool:
    return post.depth == MAX_DEPTH and post.parent is not None and post.parent.depth == MAX_DEPTH


def converse(
    thread: Thread,
    posts: list[Post],
    replies: int,
    members: list,
    rng,
    start: datetime,
    end: datetime,
    rendered: list[tuple[str, str]],
) -> list[Post]:
    """Add ``replies`` to ``posts`` (the thread's, opening post first), in memory, each
    answering the opening post or one of the last few replies, written evenly between
    ``start`` and ``end``. Flat replies at the deepest level get no replies of their own,
    so that the tree saves in ``MAX_DEPTH + 2`` generations."""
    opening = posts[0]
    step = (end - start) / max(replies, 1)
    added = []
    for n in range(1, replies + 1):
        recent = [post for post in posts[-6:] if post.seq and not is_flat(post)]
        parent = opening if not recent or rng.random() < TOP_LEVEL_SHARE else rng.choice(recent)
        post = Post(
            thread=thread,
            author=members[rng.randrange(len(members))],
            created_at=start + step * n,
        )
        placing.place(post, parent)
        post.source, post.html = rendered[post.seq % len(rendered)]
        posts.append(post)
        added.append(post)
    return added


def open_thread(forum: Forum, author, title: str, created_at: datetime) -> tuple[Thread, Post]:
    """A thread and its opening post, in memory."""
    thread = Thread(
        forum=forum,
        author=author,
        title=title,
        slug=slugify(title)[:200] or "thread",
        created_at=created_at,
        last_post_at=created_at,
    )
    opening = Post(
        thread=thread, author=author, source=title, html=render(title).html, created_at=created_at
    )
    return thread, placing.place(opening, None)


def save_posts(posts: list[Post]) -> None:
    """Save posts whose threads are saved, parents before their replies."""
    generations = defaultdict(list)
    for post in posts:
        generations[post.depth + is_flat(post)].append(post)
    for generation in sorted(generations):
        Post.objects.bulk_create(generations[generation], batch_size=1_000)


def save_threads(threads: list[Thread], posts: list[Post]) -> None:
    """Save new threads and their posts, placed in memory: the threads first, without
    their latest posts (not saved yet), then the posts, then what placing them moved."""
    latest = [thread.last_post for thread in threads]
    for thread in threads:
        thread.last_post = None
    Thread.objects.bulk_create(threads, batch_size=500)
    save_posts(posts)
    for thread, post in zip(threads, latest, strict=True):
        thread.last_post = post
    Thread.objects.bulk_update(threads, placing.THREAD_COUNTS, batch_size=500)
    placing.count_in_forums(posts)


def add_replies(thread: Thread, count: int, members: list, rng, since: datetime) -> None:
    """Give a saved thread ``count`` more replies written since ``since``, with its and
    its forum's counts and last post moved on as posting moves them."""
    thread = Thread.objects.get(pk=thread.pk)
    posts = list(thread.posts.select_related("parent").order_by("seq"))
    rendered = [(source, render(source).html) for source in SOURCES]
    added = converse(thread, posts, count, members, rng, since, timezone.now(), rendered)
    if not added:
        return
    save_posts(added)
    Thread.objects.bulk_update([thread], placing.THREAD_COUNTS)
    placing.count_in_forums(added)


def build_forums(data: bench.DataSet, say: bench.Say) -> None:
    size, rng, members = data.size, data.rng, data.members
    forums = bench_forums(size.forums)
    if len(forums) < size.forums:
        say(f"  only {len(forums)} forums are seeded: threads go to those")
    replies = size.posts - size.threads - size.big_thread
    if size.threads < 1 or replies < 0:
        raise ValueError(
            f"{size.posts:,} posts cannot hold {size.threads:,} opening posts and a thread "
            f"of {size.big_thread:,} replies."
        )
    rendered = [(source, render(source).html) for source in SOURCES]
    now = timezone.now()

    # The long thread, active five minutes ago: the top of the forum that is loaded.
    big, opening = open_thread(forums[0], members[0], BIG_THREAD_TITLE, now - timedelta(days=30))
    posts_by_thread = {id(big): [opening]}
    converse(
        big,
        posts_by_thread[id(big)],
        size.big_thread,
        members,
        rng,
        big.created_at,
        now - timedelta(minutes=5),
        rendered,
    )
    threads = [big]
    # The others, spread over the forums, started in the last four months, with replies
    # shared out unevenly (most threads are short, a few run long).
    weights = [min(rng.paretovariate(1.2), 20) for _ in range(size.threads - 1)]
    shares = Counter(rng.choices(range(size.threads - 1), weights=weights, k=replies))
    for n in range(size.threads - 1):
        started = now - timedelta(minutes=rng.randrange(10, 120 * 24 * 60))
        thread, opening = open_thread(
            forums[n % len(forums)],
            members[rng.randrange(len(members))],
            f"{SUBJECTS[n % len(SUBJECTS)]} {n + 1}",
            started,
        )
        posts_by_thread[id(thread)] = [opening]
        last = min(now - timedelta(minutes=10), started + timedelta(days=rng.randrange(0, 21)))
        converse(
            thread,
            posts_by_thread[id(thread)],
            shares[n],
            members,
            rng,
            started,
            last,
            rendered,
        )
        threads.append(thread)

    save_threads(threads, [post for posts in posts_by_thread.values() for post in posts])
    tag_threads(threads, rng)
    remember_reading(data.reader, big, [t for t in threads if t.forum_id == forums[0].pk], rng)

    listing = bench.FORUM_LISTING_PER_SECOND
    per_thread = bench.THREAD_PER_SECOND
    first = big.get_absolute_url()
    data.pages += [
        bench.Page("forum index", "/forums/", listing, as_member=True),
        bench.Page("forum page", forums[0].get_absolute_url(), listing, as_member=True),
        bench.Page("thread, first page", first, per_thread, as_member=True),
        bench.Page(
            f"thread, last page ({big.page_count})",
            f"{first}?page={big.page_count}",
            per_thread,
            as_member=True,
        ),
    ]


def tag_threads(threads: list[Thread], rng) -> None:
    """Most threads carry a tag or two, as the forum pages show them."""
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in TAGS]
    chosen = {thread: rng.sample(tags, rng.choice([0, 1, 1, 2])) for thread in threads}
    ThreadTag.objects.bulk_create(
        (
            ThreadTag(content_object=thread, tag=tag)
            for thread, some in chosen.items()
            for tag in some
        ),
        batch_size=1_000,
    )
    for thread, some in chosen.items():
        thread.shown_tags = [[tag.slug, tag.name] for tag in sorted(some, key=lambda t: t.name)]
    Thread.objects.bulk_update(threads, ["shown_tags"], batch_size=1_000)


def remember_reading(reader, big: Thread, threads: list[Thread], rng) -> None:
    """The signed-in reader watches the long thread and has read some of the forum: some
    threads to the end, some part way, the rest never opened."""
    ThreadWatch.objects.create(user=reader, thread=big)
    ThreadRead.objects.bulk_create(
        ThreadRead(
            user=reader,
            thread=thread,
            last_read_at=thread.last_post_at - timedelta(hours=rng.choice([0, 0, 6])),
        )
        for thread in threads
        if rng.random() < 0.4
    )


def posting(timer: bench.Timer, data: bench.DataSet) -> None:
    thread = Thread.objects.get(title=BIG_THREAD_TITLE)
    author = data.members[2]
    target = Post.objects.filter(thread=thread).order_by("-seq").first()
    original = actions.MIN_SECONDS_BETWEEN_POSTS
    actions.MIN_SECONDS_BETWEEN_POSTS = 0
    try:
        timer.measure(
            "post a reply (action: render, place, counts, watch)",
            lambda: actions.post_reply(
                thread, author, "Agreed, and @bench1 said it first.", target
            ),
        )
    finally:
        actions.MIN_SECONDS_BETWEEN_POSTS = original
