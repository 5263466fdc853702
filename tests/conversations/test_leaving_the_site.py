"""A member's messages in their export, and when they delete their account."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from network.conversations import actions
from network.conversations.leaving import messages_part
from network.conversations.models import Participant
from network.leaving import deleting

pytestmark = pytest.mark.django_db


def test_the_export_holds_their_own_messages_only(rosa, marcus, talk):
    actions.reply(talk, marcus, "Marcus's own words")

    [part] = messages_part(rosa)

    assert part.name == "messages/messages.json"
    [message] = json.loads(part.content)
    assert message["text"] == "Are you coming on Saturday?"
    assert "Marcus's own words" not in part.content


@pytest.mark.parametrize("delete_posts", [True, False])
def test_deleting_the_account_leaves_the_others_the_conversation(
    client, rosa, marcus, talk, delete_posts
):
    actions.reply(talk, marcus, "Marcus answers")
    handle = rosa.username
    with transaction.atomic():
        deleting.erase_member(rosa, delete_posts=delete_posts)

    assert not Participant.objects.present().filter(member=rosa).exists()
    client.force_login(marcus)
    page = client.get(talk.get_absolute_url()).content.decode()
    assert "Marcus answers" in page
    assert ("Are you coming on Saturday?" in page) is not delete_posts
    assert ("[deleted]" in page) is delete_posts
    assert handle not in page
    assert "Rosa" not in page
