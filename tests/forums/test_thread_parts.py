"""A page of a thread holds at most THREAD_POSTS_PER_PAGE posts: a reply that drew
hundreds of replies does not make a page of hundreds of posts, it goes on in parts of
the same page, each reachable, each as cheap as the first."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from forums import placing
from forums.models import Post, Thread
from tests.forums.conftest import established
from tests.forums.test_threads import post_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded_thread(housing, start_thread):
    """A thread whose one top-level reply has 500 replies, placed as posting places
    them, in a few queries."""
    thread = Thread.objects.select_related("forum").get(pk=start_thread(housing).pk)
    opening = thread.posts.get(seq=0)
    writer = established()
    start = timezone.now() - timedelta(days=1)

    def placed(parent, created_at):
        post = Post(thread=thread, author=writer, created_at=created_at)
        placing.place(post, parent)
        post.source, post.html = f"Reply {post.seq}", f"<p>Reply {post.seq}</p>"
        return post

    top = placed(opening, start)
    top.save()
    replies = [placed(top, start + timedelta(seconds=n + 1)) for n in range(500)]
    Post.objects.bulk_create(replies)
    Thread.objects.filter(pk=thread.pk).update(
        **{field: getattr(thread, field) for field in placing.THREAD_COUNTS}
    )
    placing.count_in_forums([top, *replies])
    thread.refresh_from_db()
    return thread, top, replies


def test_a_page_holds_at_most_the_configured_posts_and_goes_on_in_parts(client, crowded_thread):
    thread, top, replies = crowded_thread
    size = settings.THREAD_POSTS_PER_PAGE
    assert 2 * size < 502, "the thread must need three parts"

    first = client.get(thread.get_absolute_url())
    shown = post_ids(first)
    assert len(shown) == size
    assert shown[:2] == [thread.posts.get(seq=0).pk, top.pk]

    seen = list(shown)
    response = first
    while match := re.search(
        r'href="\?page=1&amp;part=(\d+)">More replies on this page', response.text
    ):
        response = client.get(f"{thread.get_absolute_url()}?page=1&part={match.group(1)}")
        assert response.status_code == 200
        assert 0 < len(post_ids(response)) <= size
        seen += post_ids(response)
    # Every post once, in the order written, and the last part says it is the last.
    assert seen == [thread.posts.get(seq=0).pk, top.pk, *(reply.pk for reply in replies)]
    assert "Earlier replies on this page" in response.text


def test_a_reply_deep_in_a_crowded_page_is_found_by_its_permalink(client, crowded_thread):
    thread, _, replies = crowded_thread
    last = replies[-1]

    response = client.get(f"/forums/p/{last.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}?part=3#post-{last.pk}"
    assert last.pk in post_ids(client.get(response["Location"]))


def test_a_part_past_the_last_shows_the_first_and_garbage_is_the_first(client, crowded_thread):
    thread = crowded_thread[0]
    first = post_ids(client.get(thread.get_absolute_url()))

    for part in ("99", "-3", "x", "99999999999999999999999"):
        assert post_ids(client.get(f"{thread.get_absolute_url()}?part={part}")) == first


def test_every_part_costs_what_the_first_does(client, crowded_thread, count_queries):
    thread = crowded_thread[0]
    url = thread.get_absolute_url()
    client.get(f"{url}?part=2")  # what every page reads once per process

    first = count_queries(lambda: client.get(url))
    third = count_queries(lambda: client.get(f"{url}?part=3"))

    assert first == third <= 2
