"""What members hear of an article's discussion follows the article's privacy now: a
watcher or a mentioned member it keeps out hears nothing, an email waiting when the
article was made private does not go, and the inbox shows nothing of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from blog.models import ArticlePage
from forums import actions
from forums.models import Post, Thread, ThreadRead
from network.notifications.models import Notification
from tests.factories import make_article
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizers(db):
    return Group.objects.create(name="Organizing committee")


@pytest.fixture
def insider(organizers):
    user = established(username="gina", email="gina@example.org", profile__display_name="Gina")
    user.groups.add(organizers)
    return user


@pytest.fixture
def discussion(posting, rosa, insider):
    """A published article's discussion, where Rosa (outside the committee) and Gina (on
    it) have each commented, so both watch it."""
    article = make_article("Committee strategy")
    thread = Thread.objects.get(pk=article.discussion_id)
    posting(actions.post_reply, thread, rosa, "Count me in.")
    posting(actions.post_reply, thread, insider, "Me too.")
    # An hour ago: neither is "active in the thread" now (who is gets no email).
    earlier = timezone.now() - timedelta(hours=1)
    ThreadRead.objects.filter(thread=thread).update(last_read_at=earlier)
    Post.objects.filter(thread=thread).update(created_at=earlier)
    Notification.objects.all().delete()
    mail.outbox.clear()
    return article, thread


def restrict_to(article, group: Group) -> None:
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)


def told(user) -> bool:
    return Notification.objects.filter(recipient=user).exists()


def test_a_watcher_the_article_now_keeps_out_hears_nothing_of_new_comments(
    posting, discussion, organizers, rosa, insider
):
    article, thread = discussion
    restrict_to(article, organizers)
    writer = established()
    writer.groups.add(organizers)

    posting(actions.post_reply, thread, writer, "The secret agenda: zeppelins.")

    assert told(insider)
    assert not told(rosa)
    assert [message.to for message in mail.outbox] == [["gina@example.org"]]
    # Private now: the email carries a link, not the words.
    assert "zeppelins" not in mail.outbox[0].body


def test_a_member_mentioned_in_a_discussion_they_may_not_read_is_not_told(
    posting, discussion, organizers, marcus, insider
):
    article, thread = discussion
    restrict_to(article, organizers)

    posting(actions.post_reply, thread, insider, "@marcus should hear of this.")

    assert not told(marcus)


def test_an_email_waiting_when_the_article_was_made_private_does_not_go(
    discussion, organizers, rosa, insider, mail_through_celery, django_capture_on_commit_callbacks
):
    article, thread = discussion
    rosas = thread.posts.get(author=rosa)
    with django_capture_on_commit_callbacks() as waiting:
        actions.post_reply(thread, insider, "Answering Rosa.", parent=rosas)
    assert Notification.objects.filter(recipient=rosa).exists()  # written with the post

    restrict_to(article, organizers)
    for callback in waiting:
        callback()

    assert mail.outbox == []
    assert Notification.objects.get(recipient=rosa).email_note == "no longer visible"


def test_an_email_waiting_when_the_article_was_unpublished_does_not_go(
    discussion, rosa, insider, mail_through_celery, django_capture_on_commit_callbacks
):
    article, thread = discussion
    rosas = thread.posts.get(author=rosa)
    with django_capture_on_commit_callbacks() as waiting:
        actions.post_reply(thread, insider, "Answering Rosa.", parent=rosas)

    ArticlePage.objects.get(pk=article.pk).unpublish()
    for callback in waiting:
        callback()

    assert mail.outbox == []


def test_the_inbox_shows_nothing_of_a_discussion_its_reader_may_no_longer_read(
    client, posting, discussion, organizers, rosa, insider
):
    article, thread = discussion
    rosas = thread.posts.get(author=rosa)
    posting(actions.post_reply, thread, insider, "Answering Rosa, privately.", parent=rosas)
    restrict_to(article, organizers)

    client.force_login(rosa)
    page = client.get(reverse("notifications:inbox")).text.split("<main")[1]

    assert "No longer on the site, or no longer open to you" in page
    for secret in ("Committee strategy", "privately", "Gina"):
        assert secret not in page
