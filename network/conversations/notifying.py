"""What a message tells the conversation's other participants, through the notifications
(``Kind.MESSAGE``, with its own setting, default "email at once").

Every message is ``members_only`` to the notifications: an email about one names the
kind of news and links to the conversation, with no words of it, no sender and no
subject (``network.notifications.emails``). The inbox on the site, which only its
recipient reads, names the sender."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from network.conversations import rules
from network.conversations.models import Message, MessageReport, Participant
from network.notifications import kinds, sources
from network.notifications.kinds import Kind
from network.notifications.sources import Subject


class MessageSource(sources.Source):
    name = "conversations.message"

    def subjects(self, object_ids, viewer=None):
        messages = Message.objects.filter(pk__in=list(object_ids)).select_related("author__profile")
        readable = None
        if viewer is not None:
            readable = set(
                Participant.objects.present()
                .filter(member=viewer)
                .values_list("conversation_id", flat=True)
            )
        return {
            message.pk: Subject(
                title="",
                url=message.get_absolute_url(),
                place="",
                actor_name=message.author.profile.display_name if message.author else "",
                created_at=message.created_at,
                members_only=True,
                available=not message.is_deleted
                and (readable is None or message.conversation_id in readable),
                # The conversation it belongs to, for unreadable() and quiet().
                thread_id=message.conversation_id,
            )
            for message in messages
        }

    def _places(self, pairs, subjects) -> dict[tuple[int, int], Participant]:
        users = {user_id for user_id, _ in pairs}
        conversations = {subject.thread_id for subject in subjects.values()}
        return {
            (place.member_id, place.conversation_id): place
            for place in Participant.objects.filter(
                member_id__in=users, conversation_id__in=conversations
            )
        }

    def unreadable(self, pairs, subjects):
        """Who has left the conversation since (or was never in it)."""
        places = self._places(pairs, subjects)
        gone = set()
        for user_id, message_id in pairs:
            subject = subjects.get(message_id)
            place = places.get((user_id, subject.thread_id)) if subject else None
            if place is None or place.left_at is not None:
                gone.add((user_id, message_id))
        return gone

    def quiet(self, pairs, subjects):
        """Who has read it already (the conversation was open)."""
        places = self._places(pairs, subjects)
        quiet = set()
        for user_id, message_id in pairs:
            subject = subjects.get(message_id)
            place = places.get((user_id, subject.thread_id)) if subject else None
            if place and place.last_read_at and place.last_read_at >= subject.created_at:
                quiet.add((user_id, message_id))
        return quiet


class MessageReportSource(sources.Source):
    """A participant's report of a message, for the site's moderators, who alone handle
    them (``rules.is_message_moderator``). Like every message, ``members_only``: an
    email says that a message was reported, and links to the reports, behind a second
    factor; the inbox adds only the reason chosen. Nothing of the words, nor who."""

    name = "conversations.report"

    def audience(self, event):
        for user_id in rules.message_moderator_ids() - {event.actor_id}:
            yield user_id, Kind.MESSAGE_REPORT

    def subjects(self, object_ids, viewer=None):
        reports = MessageReport.objects.filter(pk__in=list(object_ids))
        moderator = viewer is None or rules.is_message_moderator(viewer)
        return {
            report.pk: Subject(
                title=report.get_reason_display(),
                url=reverse("conversations:reports"),
                place="",
                actor_name=gettext_lazy("A member"),
                created_at=report.created_at,
                members_only=True,
                available=moderator and report.resolved_at is None,
            )
            for report in reports
        }


sources.register(MessageSource())
sources.register(MessageReportSource())
kinds.offer_only_to(Kind.MESSAGE_REPORT, rules.is_message_moderator)
