"""The rows the forum pages are made of (forums.reading, from the QuerySet methods'
values()) say what the ORM's model instances say of the same data."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums import reading
from forums.models import Forum, Post, Thread
from forums.models.discussion import MAX_DEPTH
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def test_a_forum_pages_thread_rows_are_its_threads(housing, fill_forum, reply):
    threads = fill_forum(housing, 6)
    reply(threads[2], "A reply by someone else", author=established(username="rosa"))
    Thread.objects.filter(pk=threads[4].pk).update(pinned=True, locked=True)
    gone = threads[5].author
    gone.delete()  # a former member: no author

    page = reading.forum_threads(housing, AnonymousUser(), before=None, after=None, tag=None)

    models = Thread.objects.select_related("author__profile", "last_post__author__profile")
    rows = page.pinned + page.threads
    assert {row.pk for row in rows} == {thread.pk for thread in threads}
    for row in rows:
        thread = models.get(pk=row.pk)
        assert (row.title, row.slug, row.reply_count, row.pinned, row.locked) == (
            thread.title, thread.slug, thread.reply_count, thread.pinned, thread.locked
        )  # fmt: skip
        assert (row.created_at, row.last_post_at) == (thread.created_at, thread.last_post_at)
        assert row.tag_list == thread.tag_list
        assert row.url == thread.get_absolute_url()
        assert row.get_first_unread_url() == thread.get_first_unread_url()
        assert row.last_post.pk == thread.last_post_id
        assert row.author_id == thread.author_id
        assert row.last_post.author_id == thread.last_post.author_id
        assert row.last_post.url == thread.last_post.get_absolute_url()
        named = ((row.author, thread.author), (row.last_post.author, thread.last_post.author))
        for listed, user in named:
            if user is None:
                assert listed is None
            else:
                assert (listed.pk, listed.username, listed.display_name, listed.is_active) == (
                    user.pk, user.username, user.profile.display_name, user.is_active
                )  # fmt: skip
                assert listed.get_absolute_url() == user.profile.get_absolute_url()
                assert listed.initials == user.profile.initials
                assert listed.avatar_hue == user.profile.avatar_hue


def test_a_thread_pages_posts_are_its_posts(housing, start_thread, grow_thread, reply):
    thread = start_thread(housing, title="Deep")
    grow_thread(thread, top_level=3, nested=MAX_DEPTH + 1)  # some reply flat at the bottom
    post = Post.objects.filter(thread=thread).order_by("-seq").first()
    post.is_hidden, post.hidden_reason = True, "Off topic"
    post.save()
    thread = reading.thread_with_forum(thread.pk)

    posts, more = reading.thread_posts(thread, AnonymousUser(), 1)

    assert not more
    models = Post.objects.filter(thread=thread).select_related("author__profile", "parent")
    assert [shown.pk for shown in posts] == list(
        models.order_by("path").values_list("pk", flat=True)
    )
    for shown in posts:
        model = models.get(pk=shown.pk)
        model.thread = thread
        for name in ("seq", "depth", "root_position", "source", "html", "created_at",
                     "edited_at", "is_deleted", "is_hidden", "hidden_reason", "parent_id",
                     "author_id", "page_number", "is_opening", "is_by_the_site",
                     "replies_flat"):  # fmt: skip
            assert getattr(shown, name) == getattr(model, name), name
        assert shown.url == model.get_absolute_url()
        assert shown.author.username == model.author.username
        if shown.parent_id and not shown.parent.is_opening:
            assert shown.parent.pk == model.parent_id
    assert any(shown.replies_flat for shown in posts)


def test_the_index_rows_are_the_forums(housing, fill_forum, reply):
    threads = fill_forum(housing, 2)
    reply(threads[0], "The last word", author=established(username="ada"))

    categories = reading.categories_with_forums(AnonymousUser())

    rows = [forum for category in categories for forum in category.indexed_forums]
    assert [row.pk for row in rows] == list(
        Forum.objects.order_by("category__order", "category_id", "order", "name").values_list(
            "pk", flat=True
        )
    )
    for category in categories:
        assert all(row.category_id == category.pk for row in category.indexed_forums)
    for row in rows:
        forum = Forum.objects.select_related(
            "category", "last_post__thread", "last_post__author__profile"
        ).get(pk=row.pk)
        assert (row.name, row.slug, row.description, row.thread_count, row.post_count) == (
            forum.name, forum.slug, forum.description, forum.thread_count, forum.post_count
        )  # fmt: skip
        assert row.url == forum.get_absolute_url()
        if forum.holds_article_discussions:
            continue  # its last post is the last this reader may read (test_access)
        if forum.last_post is None:
            assert row.last_post is None
        else:
            last = forum.last_post
            assert (row.last_post.pk, row.last_post.created_at, row.last_post.thread_title) == (
                last.pk, last.created_at, last.thread.title
            )  # fmt: skip
            assert row.last_post.url == last.get_absolute_url()
            assert row.last_post.author_name == last.author.profile.display_name
