"""What runs after a post is committed (clearing cached pages) may fail, say while Redis
is away: the post stays saved once and the member gets their page, not an error that
invites them to post again."""

import pytest
from django.urls import reverse

from forums import actions, moderation
from forums.models import Post, Thread
from network import page_cache
from tests.factories import make_article
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_goes_away(monkeypatch):
    """``cache_goes_away()``: from then on, clearing cached pages fails."""
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)

    def fail():
        raise RuntimeError("the cache cannot be reached")

    return lambda: monkeypatch.setattr(page_cache, "invalidate", fail)


def test_a_comment_is_saved_once_and_the_member_lands_on_it(
    cache_goes_away, client, django_capture_on_commit_callbacks, caplog
):
    article = make_article("Port strike")
    reader = established()
    client.force_login(reader)
    cache_goes_away()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forums:reply", args=[article.discussion_id]),
            {"source": "Count me in.", "return_to": "article"},
        )

    [comment] = Post.objects.filter(author=reader)
    assert response["Location"] == f"{article.url}#post-{comment.pk}"
    assert "the cache cannot be reached" in caplog.text


def test_editing_deleting_and_hiding_a_comment_are_done_once(
    cache_goes_away, django_capture_on_commit_callbacks
):
    article = make_article("Port strike")
    author, moderator = established(), established(is_superuser=True)
    thread = Thread.objects.get(pk=article.discussion_id)
    comment = actions.post_reply(thread, author, "First words.")
    other = actions.post_reply(thread, author, "Other words.")
    cache_goes_away()

    with django_capture_on_commit_callbacks(execute=True):
        actions.edit_post(comment, author, "Better words.")
        actions.delete_post(other, author)
        moderation.hide_post(comment, moderator, "Off topic")

    comment.refresh_from_db()
    other.refresh_from_db()
    assert (comment.source, comment.is_hidden, other.is_deleted) == ("Better words.", True, True)
