"""Who may message whom, and who may read a conversation: one function each, asked by
every page, action and test.

``network`` imports neither the forums nor the blog: whether a member is suspended is
the forums' to say (registered with ``network.recruiting.actions.count_as_suspended``),
and the site's moderators are those holding the forums' "moderate every forum"
permission, named here by its string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.conversations.models import Conversation, Message, MessageReport, Participant
from network.models import Profile
from network.recruiting.actions import is_suspended

MAX_OTHERS = 10
NEW_MEMBER_PERIOD = timedelta(days=1)
NEW_MEMBER_CONVERSATIONS = 3
# Everyone: a cap on new conversations a day, against a member turned spammer.
CONVERSATIONS_PER_DAY = 30
MESSAGES_PER_HOUR = 120
# How many messages before a reported one the moderators see: its context.
CONTEXT_BEFORE = 3
# The forums' "Can moderate every forum" (forums.permissions.MODERATE_ALL).
MODERATE_ALL = "forums.moderate_all_forums"


@dataclass
class Verdict:
    """Whether a member may send: ``reasons`` says why not, in words for them, each
    naming whom it is about. True when there are none."""

    reasons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return not self.reasons


def may_message(
    sender, recipients, *, conversation: Conversation | None = None, offering: bool = False
) -> Verdict:
    """Whether ``sender`` may message ``recipients`` (users): a new conversation with
    them, or, with ``conversation``, a reply to those still in it.

    - Members only, active and not suspended; at most ten others; never oneself.
    - Each recipient's choice (``Profile.messages_from``): any member, members they have
      talked with (shared a conversation before), or nobody. A reply to a conversation
      they are in is talking with them already.
    - A block either way stops every message. The words never say that the recipient
      blocked the sender: "can't receive messages from you", as a recipient who allows
      no messages would be after their own choice is said.
    - A member's first day: three new conversations; everyone: a daily cap.

    Two queries (suspended? conversations started today?), three when a recipient
    allows only members they talked with, whatever the number of recipients: the
    recipients come with their profiles.

    ``offering``: only whether to offer a "Message" link (a profile page): the
    recipients' side alone (their choice, the blocks), with no query unless a recipient
    talks only with members they know; the sender's own standing and pace are said by
    the form the link opens."""
    if not sender.is_authenticated or not sender.is_active:
        return Verdict([_("Sign in to send messages.")])
    if not offering and is_suspended(sender):
        return Verdict([_("You are suspended: you cannot send messages until it ends.")])
    recipients = list(recipients)
    reasons = []
    if not recipients:
        if conversation is not None:
            return Verdict([_("Everyone else has left this conversation.")])
        return Verdict([_("Name at least one member.")])
    if len(recipients) > MAX_OTHERS:
        reasons.append(
            ngettext(
                "A conversation can have at most %(limit)d other member.",
                "A conversation can have at most %(limit)d other members.",
                MAX_OTHERS,
            )
            % {"limit": MAX_OTHERS}
        )
    # Whom each blocks, from their profiles (network.blocking keeps it with the rows):
    # the recipients come with theirs, the sender with their own.
    sender_blocks = set(sender.profile.blocked_member_ids)
    talked = set()
    if conversation is None and any(
        user.profile.messages_from == Profile.MessagesFrom.TALKED for user in recipients
    ):
        talked = set(
            Participant.objects.filter(
                member_id__in=[user.pk for user in recipients],
                conversation__participants__member=sender,
            ).values_list("member_id", flat=True)
        )
    for user in recipients:
        handle = user.username
        if user.pk == sender.pk:
            reasons.append(_("You cannot send a message to yourself."))
        elif not user.is_active:
            reasons.append(_("@%(handle)s can't receive messages.") % {"handle": handle})
        elif user.pk in sender_blocks:
            reasons.append(
                _("You block @%(handle)s: unblock them on their profile to message them.")
                % {"handle": handle}
            )
        elif conversation is None and (refusal := _by_choice(user, user.pk in talked)):
            reasons.append(refusal)
        elif sender.pk in user.profile.blocked_member_ids:
            reasons.append(_("@%(handle)s can't receive messages from you.") % {"handle": handle})
    if conversation is None and not reasons and not offering:
        reasons.extend(_pace(sender))
    return Verdict(reasons)


def _by_choice(recipient, talked: bool) -> str:
    choice = recipient.profile.messages_from
    handle = recipient.username
    if choice == Profile.MessagesFrom.NOBODY:
        return _("@%(handle)s doesn't accept private messages.") % {"handle": handle}
    if choice == Profile.MessagesFrom.TALKED and not talked:
        return _("@%(handle)s accepts messages only from members they have talked with before.") % {
            "handle": handle
        }
    return ""


def _pace(sender) -> list[str]:
    """New conversations: three in a member's first day, a daily cap for everyone (counted
    in the database: they hold when the cache is away)."""
    now = timezone.now()
    started = Conversation.objects.filter(
        created_by=sender, created_at__gt=now - timedelta(days=1)
    ).count()
    if sender.date_joined > now - NEW_MEMBER_PERIOD and started >= NEW_MEMBER_CONVERSATIONS:
        return [
            ngettext(
                "New members can start %(limit)d conversation on their first day. "
                "You can start more tomorrow.",
                "New members can start %(limit)d conversations on their first day. "
                "You can start more tomorrow.",
                NEW_MEMBER_CONVERSATIONS,
            )
            % {"limit": NEW_MEMBER_CONVERSATIONS}
        ]
    if started >= CONVERSATIONS_PER_DAY:
        return [_("You have started many conversations today. You can start more tomorrow.")]
    return []


def sending_too_fast(sender) -> bool:
    """More messages in the last hour than anyone writes by hand."""
    since = timezone.now() - timedelta(hours=1)
    return Message.objects.filter(author=sender, created_at__gt=since).count() >= MESSAGES_PER_HOUR


def place_of(user, conversation_id) -> Participant | None:
    """``user``'s place in the conversation, with it, if they may read it: a participant
    who has not left. Nobody else, staff included: a moderator sees a reported message
    through :func:`reported_context` only. One query."""
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Participant.objects.present()
        .filter(member=user, conversation_id=conversation_id)
        .select_related("conversation")
        .first()
    )


def can_read(user, conversation: Conversation) -> bool:
    return place_of(user, conversation.pk) is not None


def message_moderator_ids() -> set[int]:
    """The members :func:`is_message_moderator` is true of who may be told now (active,
    not suspended): those who hear that a message was reported. Few: each is asked
    whether they are suspended."""
    # Both sign-in backends are Django's ModelBackend as to permissions: ask the first.
    holders = get_user_model().objects.with_perm(
        MODERATE_ALL, is_active=True, backend=settings.AUTHENTICATION_BACKENDS[0]
    )
    return {user.pk for user in holders if not is_suspended(user)}


def is_message_moderator(user) -> bool:
    """Who handles reported messages: the site's moderators (the forums' "moderate every
    forum" permission; superusers hold every permission)."""
    return user.is_authenticated and user.is_active and user.has_perm(MODERATE_ALL)


def reported_context(report: MessageReport) -> list[Message]:
    """What a moderator sees of a report: the reported message and the few before it in
    its conversation, oldest first. Nothing after it, nothing else."""
    return reported_contexts([report])[report.pk]


def reported_contexts(reports) -> dict[int, list[Message]]:
    """:func:`reported_context` of each of ``reports`` (their messages loaded), by report,
    in two queries however many (on PostgreSQL): the ids of the ``CONTEXT_BEFORE``
    messages before each (one query, each report's own part of it), then those messages
    with their authors."""
    reports = list(reports)
    if not reports:
        return {}
    parts = [_before(report.message).values_list("pk", flat=True) for report in reports]
    parts = [part[:CONTEXT_BEFORE] for part in parts]
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        ids = list(parts[0].union(*parts[1:], all=True))
    else:  # SQLite cannot slice the parts of a union: a query each
        ids = [pk for part in parts for pk in part]
    earlier = Message.objects.filter(pk__in=ids).select_related("author__profile")
    by_conversation: dict[int, list[Message]] = {}
    for message in earlier:
        by_conversation.setdefault(message.conversation_id, []).append(message)
    contexts = {}
    for report in reports:
        message = report.message
        before = sorted(
            (
                other
                for other in by_conversation.get(message.conversation_id, ())
                if (other.created_at, other.pk) < (message.created_at, message.pk)
            ),
            key=lambda other: (other.created_at, other.pk),
        )
        contexts[report.pk] = [*before[-CONTEXT_BEFORE:], message]
    return contexts


def _before(message: Message):
    """The messages before ``message`` in its conversation, the nearest first."""
    return (
        Message.objects.filter(conversation_id=message.conversation_id)
        .filter(
            Q(created_at__lt=message.created_at)
            | Q(created_at=message.created_at, pk__lt=message.pk)
        )
        .order_by("-created_at", "-pk")
    )
