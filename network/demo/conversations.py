"""A demo conversation for ``manage.py seed_demo``: three members planning in private,
its last message unread for Rosa (the demo's sign-in). Idempotent: once there, left alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from network.conversations import actions
from network.conversations.models import Conversation, Message, Participant
from network.markup import render

PEOPLE = ["marcus_t", "rosa_b", "jo_alvarez"]
MESSAGES = [
    ("marcus_t", "Can we talk about the **canvass on Saturday** before the open meeting?"),
    ("rosa_b", "Yes. I would rather not put the route list in the forum. Who has it?"),
    ("jo_alvarez", "I do. @rosa_b, I can bring printed copies to the union hall."),
    ("rosa_b", "Perfect. Marcus, can you take the east side with Jo?"),
    ("jo_alvarez", "Marcus and I will meet at 9 at the hall. Bring water, it will be hot."),
]


def seed_conversations(say: Callable[[str], None]) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PEOPLE)}
    if (
        len(users) < len(PEOPLE)
        or Conversation.objects.filter(
            created_by=users[PEOPLE[0]], participants__member=users["rosa_b"]
        ).exists()
    ):
        return
    when = timezone.now() - timedelta(hours=5)
    conversation = Conversation.objects.create(
        created_by=users[PEOPLE[0]], created_at=when, last_message_at=when
    )
    places = {
        handle: Participant.objects.create(conversation=conversation, member=user, joined_at=when)
        for handle, user in users.items()
    }
    for author, text in MESSAGES:
        when += timedelta(minutes=41)
        Message.objects.create(
            conversation=conversation,
            author=users[author],
            source=text,
            html=render(text, link_mentions=True).html,
            created_at=when,
        )
        # Each has read up to what they wrote; Rosa has not read Jo's last message.
        Participant.objects.filter(pk=places[author].pk).update(last_read_at=when)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=when)
    Participant.objects.filter(pk=places["marcus_t"].pk).update(last_read_at=when)
    actions.recount_unread([user.pk for user in users.values()])
    say("1 demo conversation (Marcus, Rosa and Jo), its last message unread for rosa_b")
