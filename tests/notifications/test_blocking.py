"""A member who blocks another hears nothing of what the blocked member does."""

from __future__ import annotations

import pytest
from django.core import mail

from forums.models import ThreadWatch
from network import blocking
from network.notifications.models import Notification

pytestmark = pytest.mark.django_db


def told(user) -> int:
    return Notification.objects.filter(recipient=user).count()


def test_a_blocked_member_mentioning_the_blocker_tells_them_nothing(
    posting, housing, rosa, marcus, start_thread
):
    blocking.block(rosa, marcus)
    mail.outbox.clear()

    posting(start_thread, housing, title="Hello", source="Hey @rosa, look.", author=marcus)

    assert told(rosa) == 0
    assert mail.outbox == []


def test_a_blocked_members_reply_tells_the_blocker_nothing_but_others_still_hear(
    posting, housing, rosa, marcus, start_thread, reply, member
):
    thread = start_thread(housing, author=rosa)
    ThreadWatch.objects.create(user=member, thread=thread)
    blocking.block(rosa, marcus)

    posting(reply, thread, "A reply to Rosa.", author=marcus)

    assert told(rosa) == 0
    assert told(member) == 1


def test_a_blocked_members_post_in_a_watched_thread_tells_the_blocker_nothing(
    posting, housing, rosa, marcus, start_thread, reply
):
    thread = start_thread(housing, author=marcus)
    ThreadWatch.objects.get_or_create(user=rosa, thread=thread)
    blocking.block(rosa, marcus)

    posting(reply, thread, "More news.", author=marcus)

    assert told(rosa) == 0


def test_after_unblocking_the_member_hears_again(posting, housing, rosa, marcus, start_thread):
    blocking.block(rosa, marcus)
    blocking.unblock(rosa, marcus)

    posting(start_thread, housing, title="Hi", source="Hey @rosa.", author=marcus)

    assert told(rosa) == 1


def test_blocking_is_one_way(posting, housing, rosa, marcus, start_thread):
    blocking.block(rosa, marcus)

    posting(start_thread, housing, title="Hi", source="Hey @marcus.", author=rosa)

    assert told(marcus) == 1
