"""The conversations' part when a member leaves the site (network.leaving.registry): their
own messages in their export (the others' words are the others'), and their places in
conversations erased with their account, their words as their deletion choice says."""

from __future__ import annotations

from network.addresses import public_url
from network.conversations import actions
from network.conversations.models import Message, Participant
from network.leaving.exporting import as_json
from network.leaving.registry import ExportFile, eraser, export_part


@export_part("messages")
def messages_part(member) -> list[ExportFile]:
    messages = [
        {
            "id": message.pk,
            "conversation": message.conversation_id,
            "address": public_url(message.get_absolute_url()),
            "written_at": message.created_at,
            "text": message.source,
        }
        for message in Message.objects.filter(author=member, is_deleted=False)
        .select_related("conversation")
        .order_by("created_at", "pk")
        .iterator(chunk_size=500)
    ]
    return [ExportFile("messages/messages.json", as_json(messages))]


@eraser("conversations")
def erase_from_conversations(member, delete_posts: bool) -> None:
    """They leave every conversation they are in; with ``delete_posts`` their messages
    read "[deleted]", else they stay, by "a former member", as their posts do."""
    for place in Participant.objects.present().filter(member=member):
        actions.leave(place, delete_messages=delete_posts)
    if delete_posts:
        # Conversations they had left earlier keeping their words: the choice now is all.
        actions.erase_messages(Message.objects.filter(author=member))
