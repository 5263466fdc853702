"""Polls: a thread may open with one (issue #15). Members vote for one option or several,
change their vote until the poll closes, and see the counts as the poll's author chose:
always, once they have voted, or once it has closed.

Who voted for what is kept (each member's vote is theirs to change, remove, and take
with their export) but never shown to anyone: a network deciding things together must
protect its dissenters. Counts are denormalized (``PollOption.vote_count``,
``Poll.voter_count``) and move with the votes in the same transaction
(``forums.polling``), so a thread page reads them with its options in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_OPTIONS = 2
MAX_OPTIONS = 20
MAX_OPTION_LENGTH = 200


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice: one option each")
        MULTIPLE = "multiple", _("Multiple choice: several options each")

    class Results(models.TextChoices):
        ALWAYS = "always", _("Always, to everyone who can read the thread")
        AFTER_VOTING = (
            "voted",
            _("To each member once they have voted, and to everyone once the poll closes"),
        )
        AFTER_CLOSING = "closed", _("Only once the poll has closed")

    thread = models.OneToOneField(
        "forums.Thread", on_delete=models.CASCADE, related_name="poll", verbose_name=_("thread")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    max_choices = models.PositiveSmallIntegerField(
        _("most choices"),
        null=True,
        blank=True,
        help_text=_("For a multiple-choice poll: how many options a member may choose."),
    )
    results = models.CharField(
        _("results shown"), max_length=10, choices=Results.choices, default=Results.ALWAYS
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    # Closed early by the thread's author or a moderator (forums.polling.close_poll).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # Members with a vote in the poll: denormalized, moved with the votes.
    voter_count = models.PositiveIntegerField(_("voter count"), default=0, editable=False)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=2),
                name="forums_poll_max_choices_at_least_two",
            )
        ]

    def __str__(self) -> str:
        return f"Poll of thread {self.thread_id}"

    @property
    def is_multiple(self) -> bool:
        return self.kind == self.Kind.MULTIPLE

    def is_open(self, now: datetime | None = None) -> bool:
        """Open until closed early or its closing time has come: asked when it is read
        and when someone votes, so no scheduled task closes it."""
        if self.closed_at is not None:
            return False
        return self.closes_at is None or self.closes_at > (now or timezone.now())

    def closed_moment(self, now: datetime | None = None) -> datetime | None:
        """When the poll closed (early, or at its time), or None while it is open."""
        if self.closed_at is not None:
            return self.closed_at
        if self.closes_at is not None and self.closes_at <= (now or timezone.now()):
            return self.closes_at
        return None

    def choices_allowed(self, option_count: int) -> int:
        """How many options a member may choose in this poll of ``option_count`` options."""
        if not self.is_multiple:
            return 1
        return min(self.max_choices or option_count, option_count)


class PollOption(models.Model):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("poll")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=MAX_OPTION_LENGTH)
    vote_count = models.PositiveIntegerField(_("vote count"), default=0, editable=False)

    class Meta:
        ordering = ["position"]
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "position"], name="forums_polloption_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    """One member's choice of one option. Never shown with the member's name."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="votes", verbose_name=_("poll")
    )
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="votes", verbose_name=_("option")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="poll_votes",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        constraints = [
            models.UniqueConstraint(fields=["option", "member"], name="forums_pollvote_unique")
        ]
        indexes = [models.Index(fields=["member", "poll"], name="forums_pollvote_by_member")]

    def __str__(self) -> str:
        return f"Vote in poll {self.poll_id}"


@dataclass(frozen=True)
class NewPoll:
    """A poll as the new-thread form gives it (``forums.forms.PollForm``), checked, for
    ``forums.actions.start_thread`` to open with the thread."""

    options: list[str]
    kind: str = Poll.Kind.SINGLE
    max_choices: int | None = None
    closes_at: datetime | None = None
    results: str = Poll.Results.ALWAYS

    def open_on(self, thread) -> Poll:
        """The poll and its options, written for ``thread`` (caller is in its
        transaction, and sets ``thread.has_poll``)."""
        poll = Poll.objects.create(
            thread=thread,
            kind=self.kind,
            max_choices=self.max_choices if self.kind == Poll.Kind.MULTIPLE else None,
            closes_at=self.closes_at,
            results=self.results,
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, position=position, text=text)
            for position, text in enumerate(self.options, start=1)
        )
        return poll
