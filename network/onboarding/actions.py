"""What moves a member through the welcome: each step done or skipped, from the welcome
itself or from where the step is really done (two-factor sign-in, the Introductions
forum)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from network.models import Profile
from network.onboarding.models import Onboarding, Outcome


def start(user) -> Onboarding:
    """``user``'s progress, begun now if it was not (a member from before the welcome
    who opens it)."""
    onboarding, _ = Onboarding.objects.get_or_create(user=user)
    return onboarding


def unfinished(user) -> Onboarding | None:
    """``user``'s progress while steps wait, for the home page: one query, none for a
    visitor."""
    if not user.is_authenticated:
        return None
    return Onboarding.objects.filter(user=user, finished_at=None).first()


def record_step(user, step: str, outcome: Outcome) -> Onboarding:
    """Mark ``step`` done or skipped; the last step to be settled finishes the welcome.
    A step done stays done: skipping it afterwards (a second tab) changes nothing."""
    if step not in Onboarding.STEPS:
        raise ValueError(f"No such step: {step}")
    with transaction.atomic():
        start(user)
        onboarding = Onboarding.objects.select_for_update().get(user=user)
        if onboarding.outcome(step) == Outcome.DONE:
            return onboarding
        setattr(onboarding, step, outcome)
        if not onboarding.remaining and onboarding.finished_at is None:
            onboarding.finished_at = timezone.now()
        onboarding.save()
    return onboarding


def record_elsewhere(user, step: str) -> None:
    """``step`` was done away from the welcome: counted only for a member who has one
    under way (one query otherwise)."""
    if Onboarding.objects.filter(user=user, finished_at=None).exists():
        record_step(user, step, Outcome.DONE)


def record_second_factor(user) -> None:
    record_elsewhere(user, "two_factor")


def record_introduction(user) -> None:
    """Called by ``forums`` when ``user`` starts a thread in the Introductions forum."""
    record_elsewhere(user, "introduction")


def save_place(profile: Profile, region, tendency) -> None:
    profile.region = region
    profile.tendency = tendency
    profile.save()
    record_step(profile.user, "place", Outcome.DONE)


def save_visibility(profile: Profile, visibility: str) -> None:
    profile.visibility = visibility
    profile.save()
    record_step(profile.user, "visibility", Outcome.DONE)
