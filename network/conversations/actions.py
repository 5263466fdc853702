"""What members do with conversations: start one, reply, read, leave, report; what
moderators do with a report. Plain functions; the caller has asked the rules
(:mod:`network.conversations.rules`) who may, and these ask again where a second tab or
a race could slip past a page's check."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from network import markup, members
from network.conversations import rules
from network.conversations.models import Conversation, Message, MessageReport, Participant
from network.models import Profile
from network.notifications import actions as notifications
from network.notifications.kinds import Kind

SOURCE = "conversations.message"
REPORT_SOURCE = "conversations.report"  # notifying.MessageReportSource
MAX_MESSAGE_LENGTH = 20_000


class SendingRefused(Exception):
    """Why a message may not go, in words for the sender: each of ``reasons``."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def _check(sender, recipients, conversation=None) -> None:
    verdict = rules.may_message(sender, recipients, conversation=conversation)
    if not verdict:
        raise SendingRefused(verdict.reasons)
    if rules.sending_too_fast(sender):
        raise SendingRefused(
            [_("You have sent many messages in the last hour. Please wait a while.")]
        )


@transaction.atomic
def start_conversation(sender, recipients, source: str) -> Conversation:
    """A new conversation between ``sender`` and ``recipients`` (users), opening with
    ``source``."""
    recipients = list({user.pk: user for user in recipients}.values())
    _check(sender, recipients)
    now = timezone.now()
    conversation = Conversation.objects.create(
        created_by=sender, created_at=now, last_message_at=now
    )
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, member=sender, joined_at=now, last_read_at=now),
            *(
                Participant(conversation=conversation, member=user, joined_at=now)
                for user in recipients
            ),
        ]
    )
    _write(conversation, sender, source, now, [user.pk for user in recipients])
    return conversation


@transaction.atomic
def reply(conversation: Conversation, sender, source: str) -> Message:
    """``sender`` (a participant who has not left) writes in ``conversation``."""
    # The conversation's row is locked: two replies at once keep last_message_at in order.
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if rules.place_of(sender, conversation.pk) is None:
        raise SendingRefused([_("You are no longer in this conversation.")])
    others = list(
        get_user_model()
        .objects.filter(
            conversation_places__conversation=conversation,
            conversation_places__left_at__isnull=True,
        )
        .exclude(pk=sender.pk)
        .select_related("profile")
    )
    _check(sender, others, conversation)
    now = timezone.now()
    return _write(conversation, sender, source, now, [user.pk for user in others])


def _write(conversation, sender, source: str, now, recipient_ids: list[int]) -> Message:
    rendered = markup.render(source.strip(), link_mentions=True)
    message = Message.objects.create(
        conversation=conversation,
        author=sender,
        source=source.strip(),
        html=rendered.html,
        created_at=now,
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    conversation.last_message_at = now
    Participant.objects.filter(conversation=conversation, member=sender).update(last_read_at=now)
    members.mark_active(sender.pk, now)
    # Each other participant hears of it by their choice for private messages; the email
    # carries a link, never the words (notifying.MessageSource: members_only).
    told = set(
        get_user_model()
        .objects.filter(pk__in=recipient_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    notifications.record(
        SOURCE,
        message.pk,
        actor=sender,
        conversation=conversation.notification_key,
        at=now,
        direct=dict.fromkeys(told, Kind.MESSAGE),
    )
    recount_unread([sender.pk, *recipient_ids])
    return message


def recount_unread(user_ids) -> None:
    """Each member's count of unread conversations, on their profile (the header shows
    it without a query), recounted from the rows so it heals itself."""
    unread = (
        Participant.objects.present()
        .unread()
        .filter(member_id=OuterRef("user_id"))
        .order_by()
        .values("member_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Profile.objects.filter(user_id__in=list(user_ids)).update(
        unread_conversations=Coalesce(Subquery(unread), Value(0))
    )


def mark_read(place: Participant) -> None:
    """The participant has read their conversation up to its last message (and the
    notifications of it). Free when nothing was unread."""
    conversation = place.conversation
    if not place.is_unread:
        return
    place.last_read_at = conversation.last_message_at
    Participant.objects.filter(pk=place.pk).update(last_read_at=place.last_read_at)
    member = place.member
    recount_unread([member.pk])
    member.profile.unread_conversations = max(0, member.profile.unread_conversations - 1)
    notifications.mark_conversation_read(
        member, conversation.notification_key, conversation.last_message_at
    )


@transaction.atomic
def leave(place: Participant, *, delete_messages: bool) -> None:
    """The member leaves: they no longer see the conversation, the others keep it. Their
    messages stay, by them, or with ``delete_messages`` read "[deleted]": the choice a
    member makes when they delete their account, made here for one conversation."""
    if place.left_at is not None:
        return
    Participant.objects.filter(pk=place.pk).update(left_at=timezone.now())
    if delete_messages:
        erase_messages(
            Message.objects.filter(conversation_id=place.conversation_id, author_id=place.member_id)
        )
    recount_unread([place.member_id])


def erase_messages(messages) -> int:
    """Take these messages' words down for good: they read "[deleted]" and keep their
    place. A reported message's words stay with its report (``MessageReport.source``),
    which is the moderators' evidence."""
    return messages.filter(is_deleted=False).update(is_deleted=True, source="", html="")


class ReportRefused(Exception):
    pass


@transaction.atomic
def report(message: Message, reporter, reason: str, note: str = "") -> MessageReport:
    """``reporter`` (a participant) tells the moderators of ``message``, someone else's:
    they hear of it at once (``notifying.MessageReportSource``). Once per member and
    message."""
    if message.author_id == reporter.pk:
        raise ReportRefused(_("You cannot report your own message."))
    if message.is_deleted:
        raise ReportRefused(_("That message was deleted by its author."))
    try:
        with transaction.atomic():
            made = MessageReport.objects.create(
                message=message,
                reporter=reporter,
                reason=MessageReport.Reason(reason),
                note=note.strip(),
                source=message.source,
            )
    except IntegrityError:
        raise ReportRefused(_("You reported this message already.")) from None
    notifications.record(REPORT_SOURCE, made.pk, actor=reporter, at=made.created_at)
    return made


def dismiss(report_: MessageReport, moderator) -> None:
    """The moderator has dealt with the report (suspending its author, if it came to
    that, from the member's moderation page) or found nothing in it."""
    MessageReport.objects.filter(pk=report_.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


def open_reports():
    return MessageReport.objects.filter(resolved_at__isnull=True).select_related(
        "message__author__profile", "reporter__profile"
    )


def open_report_count() -> int:
    return MessageReport.objects.filter(resolved_at__isnull=True).count()
