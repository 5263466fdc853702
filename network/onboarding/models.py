"""A member's progress through the welcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class Onboarding(models.Model):
    """One row per member who signed up since the welcome exists: each step's outcome,
    empty while it waits. Members from before have none, and see no welcome unless they
    open it."""

    # The steps, in the order the welcome shows them: each is a field below.
    STEPS = ("place", "visibility", "two_factor", "conduct", "introduction")
    TITLES = {
        "place": _("Where you organize, and your tendency"),
        "visibility": _("Who sees your profile"),
        "two_factor": _("Two-factor sign-in"),
        "conduct": _("Our code of conduct"),
        "introduction": _("Say hello"),
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="onboarding",
        verbose_name=_("user"),
    )
    place = models.CharField(_("place"), max_length=8, choices=Outcome.choices, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Outcome.choices, blank=True
    )
    two_factor = models.CharField(
        _("two factor"), max_length=8, choices=Outcome.choices, blank=True
    )
    conduct = models.CharField(_("conduct"), max_length=8, choices=Outcome.choices, blank=True)
    introduction = models.CharField(
        _("introduction"), max_length=8, choices=Outcome.choices, blank=True
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding")
        verbose_name_plural = _("onboardings")

    def __str__(self) -> str:
        return f"Onboarding of {self.user_id}"

    def outcome(self, step: str) -> str:
        return getattr(self, step)

    @property
    def remaining(self) -> list[str]:
        """The steps neither done nor skipped, in order."""
        return [step for step in self.STEPS if not self.outcome(step)]

    @property
    def remaining_titles(self) -> list[str]:
        return [self.TITLES[step] for step in self.remaining]

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None
