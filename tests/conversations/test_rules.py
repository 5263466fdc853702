"""Who may message whom (rules.may_message) and who may read (rules.place_of)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Suspension
from network import blocking
from network.conversations import actions, rules
from network.models import Profile
from tests.factories import UserFactory
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def choose(member, choice):
    Profile.objects.filter(user=member).update(messages_from=choice)
    member.profile.refresh_from_db()


def test_any_member_may_message_a_member_who_allows_everyone(rosa, marcus):
    assert rules.may_message(rosa, [marcus])
    assert marcus.profile.messages_from == Profile.MessagesFrom.EVERYONE


def test_a_member_who_allows_messages_from_nobody_cannot_be_messaged(rosa, marcus):
    choose(marcus, Profile.MessagesFrom.NOBODY)

    verdict = rules.may_message(rosa, [marcus])

    assert not verdict
    assert verdict.reasons == ["@marcus doesn't accept private messages."]
    with pytest.raises(actions.SendingRefused):
        actions.start_conversation(rosa, [marcus], "Hello")


def test_talked_with_means_shared_a_conversation_before(rosa, marcus, jo):
    actions.start_conversation(jo, [marcus], "We spoke at the meeting.")
    choose(marcus, Profile.MessagesFrom.TALKED)

    assert not rules.may_message(rosa, [marcus])
    assert rules.may_message(jo, [marcus])


def test_a_blocked_member_cannot_message(rosa, marcus):
    blocking.block(marcus, rosa)

    verdict = rules.may_message(rosa, [marcus])

    assert verdict.reasons == ["@marcus can't receive messages from you."]
    with pytest.raises(actions.SendingRefused):
        actions.start_conversation(rosa, [marcus], "Hello")


def test_a_block_stops_replies_in_a_conversation_from_before(rosa, marcus, talk):
    blocking.block(marcus, rosa)

    with pytest.raises(actions.SendingRefused):
        actions.reply(talk, rosa, "Still there?")
    with pytest.raises(actions.SendingRefused):
        actions.reply(talk, marcus, "I blocked you, and I cannot write either.")


def test_who_blocks_is_told_to_unblock_first(rosa, marcus):
    blocking.block(rosa, marcus)

    assert "unblock them" in rules.may_message(rosa, [marcus]).reasons[0]


def test_a_recipient_who_allows_nobody_and_blocks_does_not_reveal_the_block(rosa, marcus):
    choose(marcus, Profile.MessagesFrom.NOBODY)
    blocking.block(marcus, rosa)

    assert rules.may_message(rosa, [marcus]).reasons == ["@marcus doesn't accept private messages."]


def test_a_new_member_starts_three_conversations_on_their_first_day(rosa):
    newcomer = UserFactory(username="newcomer")
    others = [established() for _ in range(4)]
    for other in others[:3]:
        actions.start_conversation(newcomer, [other], "Hi!")

    verdict = rules.may_message(newcomer, [others[3]])

    assert not verdict
    assert "first day" in verdict.reasons[0]
    # Replies are not new conversations.
    talk = newcomer.conversation_places.first().conversation
    actions.reply(talk, newcomer, "And one more thing.")


def test_at_most_ten_others_and_never_oneself(rosa):
    others = [established() for _ in range(11)]

    assert not rules.may_message(rosa, others)
    assert rules.may_message(rosa, others[:10])
    assert not rules.may_message(rosa, [rosa])


def test_suspended_and_inactive_members_neither_send_nor_receive(rosa, marcus):
    Suspension.objects.create(user=rosa, until=timezone.now() + timedelta(days=1), reason="x")
    assert not rules.may_message(rosa, [marcus])
    marcus.is_active = False
    marcus.save()
    assert not rules.may_message(established(), [marcus])


def test_a_visitor_may_message_nobody(rosa):
    from django.contrib.auth.models import AnonymousUser

    assert not rules.may_message(AnonymousUser(), [rosa])


def test_only_participants_who_have_not_left_read_it(rosa, marcus, jo, talk):
    staff = established(username="staffer", is_staff=True, is_superuser=True)

    assert rules.can_read(rosa, talk)
    assert rules.can_read(marcus, talk)
    assert not rules.can_read(jo, talk)
    assert not rules.can_read(staff, talk)
    actions.leave(rosa.conversation_places.get(conversation=talk), delete_messages=False)
    assert not rules.can_read(rosa, talk)
