"""Private conversations between members: one member and up to ten others.

Only the participants who have not left read a conversation (``rules.can_read``); the
site's staff never do, except a message reported to them, which the reported messages
page shows with the few messages before it (``rules.reported_context``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The inbox's order and what is unread: kept by actions.send with every message.
    last_message_at = models.DateTimeField(_("last message at"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["created_by", "created_at"], name="conversation_started")]

    def __str__(self) -> str:
        return f"Conversation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:conversation", args=[self.pk])

    @property
    def notification_key(self) -> str:
        """What its notifications carry as their conversation: reading it reads them."""
        return f"conversations.{self.pk}"


class ParticipantQuerySet(models.QuerySet):
    def present(self) -> ParticipantQuerySet:
        """Those who have not left."""
        return self.filter(left_at__isnull=True)

    def unread(self) -> ParticipantQuerySet:
        return self.filter(
            models.Q(last_read_at__isnull=True)
            | models.Q(last_read_at__lt=models.F("conversation__last_message_at"))
        )


class Participant(models.Model):
    """A member's place in a conversation: since when, how far they have read, and when
    they left (then they no longer see it; the others keep it)."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("conversation"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_places",
        verbose_name=_("member"),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    last_read_at = models.DateTimeField(_("last read at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "member"], name="conversation_participant_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["member", "conversation"],
                name="conversation_inbox",
                condition=models.Q(left_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.conversation_id}"

    @property
    def is_unread(self) -> bool:
        return self.last_read_at is None or self.last_read_at < self.conversation.last_message_at


class Message(models.Model):
    """What a participant wrote: Markdown, rendered and sanitized once at save
    (``network.markup``), as posts are."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    source = models.TextField(_("source"), blank=True)
    html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Its words taken down by its author (leaving the conversation, or the site, with
    # "delete my words"): it reads "[deleted]" and keeps its place.
    is_deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "created_at", "id"], name="conversation_messages"),
            models.Index(fields=["author", "created_at"], name="conversation_message_author"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.conversation.get_absolute_url()}#message-{self.pk}"


class MessageReport(models.Model):
    """A participant told the moderators of a message. They see it and the few messages
    before it, never the rest of the conversation. ``source`` keeps the reported words as
    they were, should their author take them down meanwhile."""

    class Reason(models.TextChoices):
        HARASSMENT = "harassment", _("Harassment or threats")
        SPAM = "spam", _("Spam")
        OTHER = "other", _("Something else")

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="reports", verbose_name=_("message")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reporter"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    source = models.TextField(_("reported words"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="message_reported_once_per_member"
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="message_reports_open",
                condition=models.Q(resolved_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"Report of message {self.message_id}"
