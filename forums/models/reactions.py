"""Reactions to posts (issue #15): a small fixed set of kinds ("agree", "thanks", …),
never a downvote, one of each kind per member per post.

Each post counts its reactions of each kind itself (``Post.<kind>_count``), moved with
``F()`` in the transaction that adds or removes the reaction (``forums.reacting``), so a
thread page reads them with its posts and costs the same queries with or without them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReactionKind(models.TextChoices):
    # Translators: the reactions a member may leave on a post, shown on its button.
    AGREE = "agree", pgettext_lazy("reaction", "Agree")
    THANKS = "thanks", pgettext_lazy("reaction", "Thanks")
    INSIGHTFUL = "insightful", pgettext_lazy("reaction", "Insightful")
    SOLIDARITY = "solidarity", pgettext_lazy("reaction", "Solidarity")
    LAUGH = "laugh", pgettext_lazy("reaction", "Laugh")

    @property
    def count_field(self) -> str:
        """The column on ``Post`` that counts reactions of this kind."""
        return f"{self.value}_count"


class Reaction(models.Model):
    post = models.ForeignKey(
        "forums.Post", on_delete=models.CASCADE, related_name="reactions", verbose_name=_("post")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reactions",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReactionKind.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When the post's author was told of it, in a daily grouping (forums.reacting): null
    # until then.
    told_at = models.DateTimeField(_("told at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member", "kind"], name="forums_reaction_unique"
            )
        ]
        indexes = [
            models.Index(fields=["member", "post"], name="forums_reaction_member"),
            models.Index(
                fields=["post"], name="forums_reaction_untold", condition=models.Q(told_at=None)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} on post {self.post_id}"


class ReactionNews(models.Model):
    """What a post's author was told of its reactions on one day: how many members
    reacted since the last telling (the notification's subject)."""

    post = models.ForeignKey(
        "forums.Post", on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    people = models.PositiveIntegerField(_("people"))
    told_at = models.DateTimeField(_("told at"), default=timezone.now)

    class Meta:
        verbose_name = _("reaction news")
        verbose_name_plural = _("reaction news")

    def __str__(self) -> str:
        return f"{self.people} reacted to post {self.post_id}"
