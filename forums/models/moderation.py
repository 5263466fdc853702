"""Reports, suspensions and the log of every moderator's action."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Reason(models.TextChoices):
        HARASSMENT = "harassment", _("Harassment or personal attack")
        HATE = "hate", _("Bigotry or hate speech")
        DOXXING = "doxxing", _("Shares someone's private information")
        SPAM = "spam", _("Spam or advertising")
        SECURITY = "security", _("Puts organizers or actions at risk")
        OFF_TOPIC = "off-topic", _("Off topic or disruptive")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(
        "forums.Post", on_delete=models.CASCADE, related_name="reports", verbose_name=_("post")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reporter"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
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
    resolution = models.CharField(_("resolution"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["resolved_at", "-created_at"], name="forums_report_queue")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report on post {self.post_id}"


class Suspension(models.Model):
    """While ``until`` is in the future the member reads but cannot post."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="suspensions",
        verbose_name=_("user"),
    )
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=300)
    for_spam = models.BooleanField(
        _("for spam"),
        default=False,
        help_text=_("Whoever recruited the member loses their passcode and invitations."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        indexes = [models.Index(fields=["user", "-until"], name="forums_suspension_active")]

    def __str__(self) -> str:
        return f"Suspension of {self.user_id} until {self.until:%Y-%m-%d}"


class ModerationAction(models.Model):
    """Who did what to which post, thread or member, when and why. Never edited."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hid a post")
        UNHIDE = "unhide", _("Unhid a post")
        LOCK = "lock", _("Locked a thread")
        UNLOCK = "unlock", _("Unlocked a thread")
        PIN = "pin", _("Pinned a thread")
        UNPIN = "unpin", _("Unpinned a thread")
        MOVE = "move", _("Moved a thread")
        RETITLE = "retitle", _("Edited a thread's title or tags")
        SUSPEND = "suspend", _("Suspended a member")
        UNSUSPEND = "unsuspend", _("Lifted a suspension")
        RESOLVE = "resolve", _("Resolved a report")
        CLOSE_POLL = "close_poll", _("Closed a poll")
        REOPEN_POLL = "reopen_poll", _("Reopened a poll")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderator"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    forum = models.ForeignKey(
        "forums.Forum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("forum"),
    )
    thread = models.ForeignKey(
        "forums.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thread"),
    )
    post = models.ForeignKey(
        "forums.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("post"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("member"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-id"]
        permissions = [("moderate_all_forums", "Can moderate every forum")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"
