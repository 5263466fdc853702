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

    post = models.ForeignKey("forums.Post", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["resolved_at", "-created_at"], name="forums_report_queue")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report on post {self.post_id}"


class Suspension(models.Model):
    """While ``until`` is in the future the member reads but cannot post."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    until = models.DateTimeField()
    reason = models.CharField(max_length=300)
    for_spam = models.BooleanField(
        _("for spam"),
        default=False,
        help_text=_("Whoever recruited the member loses their passcode and invitations."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
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

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    forum = models.ForeignKey(
        "forums.Forum", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(
        "forums.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("moderate_all_forums", "Can moderate every forum")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"
