"""An edit that adds an @mention tells the member mentioned, once; what a post mentioned
already, or told them of already, is not news again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forums import actions as forum_actions
from forums.models import ThreadRead, ThreadWatch
from network.notifications.kinds import Delivery, Kind
from network.notifications.models import Event, Notification
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def rows_for(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


@pytest.fixture
def marcus_post(posting, housing, rosa, marcus, start_thread, reply):
    """Marcus's reply in Rosa's thread, written an hour ago, mentioning nobody."""
    thread = start_thread(housing, title="Tenant union meeting", author=rosa)
    post = posting(reply, thread, "I can bring the flyers.", author=marcus)
    earlier = timezone.now() - timedelta(hours=1)
    type(post).objects.filter(pk=post.pk).update(created_at=earlier)
    type(post.thread).objects.filter(pk=post.thread_id).update(last_post_at=earlier)
    Event.objects.filter(object_id=post.pk).update(created_at=earlier)
    post.refresh_from_db()
    mail.outbox.clear()
    return post


def edit(posting, post, source, editor=None):
    return posting(forum_actions.edit_post, post, editor or post.author, source)


def test_a_mention_added_by_an_edit_tells_the_member_once(posting, marcus_post, marcus):
    jo = established(username="jo_alvarez", email="jo@example.org")

    edit(posting, marcus_post, "I can bring the flyers. @jo_alvarez can you print them?")

    [row] = rows_for(jo)
    assert (row.kind, row.email) == (Kind.MENTION, Notification.Email.SENT)
    [email] = mail.outbox
    assert email.to == ["jo@example.org"]
    assert email.subject == "Marcus mentioned you in “Tenant union meeting”"
    assert "@jo_alvarez can you print them?" in email.body

    edit(posting, marcus_post, "I can bring flyers. @jo_alvarez can you print them? Thanks!")
    edit(posting, marcus_post, "Flyers: me. Printing: maybe @jo_alvarez.")

    assert len(rows_for(jo)) == 1
    assert len(mail.outbox) == 1


def test_a_mention_that_was_there_before_the_edit_is_not_news(
    posting, housing, rosa, marcus, start_thread, reply
):
    jo = established(username="jo_alvarez")
    thread = start_thread(housing, author=rosa)
    post = posting(reply, thread, "Ask @jo_alvarez.", author=marcus)
    Notification.objects.filter(recipient=jo).delete()  # as if jo had turned mentions off
    mail.outbox.clear()

    edit(posting, post, "Ask @jo_alvarez, she knows the landlord.")

    assert rows_for(jo) == []
    assert mail.outbox == []


def test_removing_a_mention_and_adding_it_back_does_not_tell_twice(posting, marcus_post):
    jo = established(username="jo_alvarez")
    edit(posting, marcus_post, "Flyers, and @jo_alvarez prints.")
    edit(posting, marcus_post, "Flyers.")
    edit(posting, marcus_post, "Flyers, and @jo_alvarez prints after all.")

    assert [row.kind for row in rows_for(jo)] == [Kind.MENTION]
    assert len(mail.outbox) == 1


def test_a_watcher_who_heard_of_the_post_already_is_not_told_again(
    posting, housing, rosa, marcus, start_thread, reply
):
    jo = established(username="jo_alvarez")
    thread = start_thread(housing, author=rosa)
    ThreadWatch.objects.create(user=jo, thread=thread)
    post = posting(reply, thread, "Flyers.", author=marcus)
    assert [row.kind for row in rows_for(jo)] == [Kind.WATCHED_THREAD]
    mail.outbox.clear()

    edit(posting, post, "Flyers, @jo_alvarez.")

    assert [row.kind for row in rows_for(jo)] == [Kind.WATCHED_THREAD]
    assert mail.outbox == []


def test_nobody_is_told_of_a_mention_of_themselves_or_by_their_own_edit(
    posting, marcus_post, marcus, rosa, moderator
):
    edit(posting, marcus_post, "Flyers. (@marcus, note to self.)")
    edit(posting, marcus_post, f"Flyers, noted by @{moderator.username}.", editor=moderator)

    assert rows_for(marcus) == rows_for(moderator) == []
    assert [row.kind for row in rows_for(rosa)] == [Kind.REPLY]  # from the reply itself
    assert mail.outbox == []


def test_a_moderator_editing_in_a_mention_tells_that_member_as_from_the_author(
    posting, marcus_post, moderator
):
    jo = established(username="jo_alvarez")

    edit(posting, marcus_post, "Flyers. @jo_alvarez", editor=moderator)

    [row] = rows_for(jo)
    assert row.event.actor_id == marcus_post.author_id
    assert mail.outbox[0].subject.startswith("Marcus mentioned you")


def test_suspended_and_deactivated_members_are_not_told(posting, marcus_post, moderator):
    from forums import moderation

    suspended = established(username="sus_pended")
    gone = established(username="long_gone", is_active=False)
    moderation.suspend_member(suspended, moderator, timezone.now() + timedelta(days=2), "Spam")

    edit(posting, marcus_post, "Flyers. @sus_pended @long_gone")

    assert rows_for(suspended) == rows_for(gone) == []


def test_the_members_choice_for_mentions_holds(posting, marcus_post):
    from network.notifications import actions

    jo = established(username="jo_alvarez")
    actions.set_preferences(jo, {Kind.MENTION: Delivery.OFF})
    other = established(username="other_one")
    actions.set_preferences(other, {Kind.MENTION: Delivery.DAILY})

    edit(posting, marcus_post, "Flyers. @jo_alvarez @other_one")

    assert rows_for(jo) == []
    assert [row.email for row in rows_for(other)] == [Notification.Email.DAILY]
    assert mail.outbox == []


def test_a_member_who_read_the_post_before_the_mention_still_gets_the_email(posting, marcus_post):
    jo = established(username="jo_alvarez", email="jo@example.org")
    ThreadRead.objects.create(
        user=jo, thread=marcus_post.thread, last_read_at=timezone.now() - timedelta(minutes=30)
    )

    edit(posting, marcus_post, "Flyers. @jo_alvarez")

    assert [m.to for m in mail.outbox] == [["jo@example.org"]]


def test_the_mention_is_new_in_the_inbox_and_reading_the_thread_marks_it_read(
    client, posting, marcus_post
):
    jo = established(username="jo_alvarez")
    edit(posting, marcus_post, "Flyers. @jo_alvarez")
    client.force_login(jo)

    inbox = client.get(reverse("notifications:inbox")).text
    assert "Tenant union meeting" in inbox
    assert "just now</time>" in inbox

    client.get(marcus_post.thread.get_absolute_url())

    assert rows_for(jo)[0].read_at is not None
    jo.profile.refresh_from_db()
    assert jo.profile.unread_notifications == 0


def test_editing_through_the_page_tells_the_member(client, posting, marcus_post, marcus):
    jo = established(username="jo_alvarez")
    client.force_login(marcus)

    response = posting(
        client.post,
        reverse("forums:edit_post", args=[marcus_post.pk]),
        {"source": "Flyers: me. Printing: @jo_alvarez."},
    )

    assert response.status_code == 302
    assert [row.kind for row in rows_for(jo)] == [Kind.MENTION]
