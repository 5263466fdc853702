"""``make bench`` builds its forums in bulk, around forums.actions: what it builds must
read as posting would have left it, or the figures are for a site that cannot exist."""

from __future__ import annotations

import pytest
from django.db.models import Count, Max
from django.test import Client

from forums.models import Forum, Post, Thread
from forums.models.discussion import MAX_DEPTH, SEGMENT_WIDTH, path_segment
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from network import bench
from network.bench import dataset
from network.bench.forums import BIG_THREAD_TITLE

pytestmark = pytest.mark.django_db

TINY = bench.Size(
    members=6, forums=3, threads=15, posts=120, big_thread=45, articles=2, comments=8, events=3
)


@pytest.fixture
def data():
    return dataset.build(TINY, lambda line: None)


def test_the_forums_hold_the_size_asked_for(data):
    forums = Forum.objects.exclude(slug=ARTICLE_DISCUSSIONS_SLUG)
    assert forums.filter(thread_count__gt=0).count() == TINY.forums
    assert Thread.objects.filter(forum__in=forums).count() == TINY.threads
    assert Post.objects.filter(thread__forum__in=forums).count() == TINY.posts
    big = Thread.objects.get(title=BIG_THREAD_TITLE)
    assert big.reply_count == TINY.big_thread


def test_every_thread_counts_as_posting_would_have_left_it(data):
    for thread in Thread.objects.annotate(posts_in=Count("posts"), top_seq=Max("posts__seq")):
        assert thread.reply_count == thread.posts_in - 1, thread
        assert thread.next_seq == thread.posts_in, thread
        assert thread.top_level_count == thread.posts.filter(depth=1).count(), thread
        last = thread.posts.get(seq=thread.top_seq)
        assert thread.last_post_id == last.pk, thread
        assert thread.last_post_at == last.created_at, thread


def test_every_reply_sits_in_its_parents_tree(data):
    for post in Post.objects.select_related("parent").exclude(parent=None):
        parent = post.parent
        assert post.thread_id == parent.thread_id
        assert post.created_at >= parent.created_at
        if parent.is_opening:
            assert (post.depth, post.path) == (1, path_segment(post.seq))
        elif parent.depth < MAX_DEPTH:
            assert post.depth == parent.depth + 1
            assert post.path == parent.path + path_segment(post.seq)
            assert post.root_position == parent.root_position
        else:
            assert post.depth == MAX_DEPTH
            assert post.path[:-SEGMENT_WIDTH] == parent.path[:-SEGMENT_WIDTH]
            assert post.root_position == parent.root_position


def test_every_forum_counts_its_threads_posts_and_latest_post(data):
    for forum in Forum.objects.all():
        posts = Post.objects.filter(thread__forum=forum)
        assert forum.thread_count == forum.threads.count(), forum
        assert forum.post_count == posts.count(), forum
        assert forum.last_post_id == (
            posts.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
        ), forum


def test_every_loaded_page_answers_readers_and_the_signed_in_member(data):
    member = Client()
    member.force_login(data.reader)
    for page in data.pages:
        assert Client().get(page.path).status_code == 200, page.name
        if page.as_member:
            assert member.get(page.path).status_code == 200, page.name
