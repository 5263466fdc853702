"""What each member has read and what they watch.

Anything older than ``READ_HORIZON`` counts as read, so unread state needs rows only for
recent threads and stays cheap however long a member has been around.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

READ_HORIZON = timedelta(days=60)


def read_horizon():
    return timezone.now() - READ_HORIZON


class ThreadRead(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thread_reads",
        verbose_name=_("user"),
    )
    thread = models.ForeignKey(
        "forums.Thread", on_delete=models.CASCADE, related_name="reads", verbose_name=_("thread")
    )
    last_read_at = models.DateTimeField(_("last read at"))

    class Meta:
        verbose_name = _("thread read")
        verbose_name_plural = _("thread reads")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forums_threadread_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id}"


class ForumRead(models.Model):
    """ "Mark forum read": everything posted in the forum before ``marked_at`` is read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_reads",
        verbose_name=_("user"),
    )
    forum = models.ForeignKey(
        "forums.Forum", on_delete=models.CASCADE, related_name="+", verbose_name=_("forum")
    )
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("forum read")
        verbose_name_plural = _("forum reads")
        constraints = [
            models.UniqueConstraint(fields=["user", "forum"], name="forums_forumread_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read forum {self.forum_id}"


class ThreadWatch(models.Model):
    """A member hears of new posts in this thread (started or replied to: automatic)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thread_watches",
        verbose_name=_("user"),
    )
    thread = models.ForeignKey(
        "forums.Thread", on_delete=models.CASCADE, related_name="watches", verbose_name=_("thread")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("thread watch")
        verbose_name_plural = _("thread watches")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forums_threadwatch_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} watches thread {self.thread_id}"


class ForumWatch(models.Model):
    """A member hears of new threads in this forum."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_watches",
        verbose_name=_("user"),
    )
    forum = models.ForeignKey(
        "forums.Forum", on_delete=models.CASCADE, related_name="watches", verbose_name=_("forum")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("forum watch")
        verbose_name_plural = _("forum watches")
        constraints = [
            models.UniqueConstraint(fields=["user", "forum"], name="forums_forumwatch_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} watches forum {self.forum_id}"


class Bookmark(models.Model):
    """A post a member keeps to come back to, with a note of their own (issue #15): only
    they see it, on their bookmarks page (``forums.views.bookmarks``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookmarks",
        verbose_name=_("user"),
    )
    post = models.ForeignKey(
        "forums.Post", on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Why you keep it, for yourself: nobody else sees it."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When to remind them, through the notifications (forums.reminding); when it was done.
    remind_at = models.DateTimeField(_("remind at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="forums_bookmark_unique")
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="forums_bookmark_newest"),
            models.Index(
                fields=["remind_at"],
                name="forums_bookmark_due",
                condition=models.Q(reminded_at__isnull=True, remind_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} keeps post {self.post_id}"
