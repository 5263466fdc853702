"""Reminders of bookmarks (issue #15): a member who kept a post with "remind me" hears of
it then, through the notifications, as any other news (its kind has its own setting).

Beat runs :func:`remind_due` every few minutes; each due bookmark is told once (rows
claimed with ``skip_locked``, so two workers never tell it twice), in the member's own
language like every email (``network.language.for_member``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from forums.models import Bookmark
from network.notifications import actions as notifications
from network.notifications.kinds import Kind

SOURCE = "forums.bookmark"
# What the bookmark form offers: when, from now, in the member's time zone.
MORNING_HOUR = 9


def remind_time(choice: str, now: datetime | None = None) -> datetime | None:
    """The moment a reminder ``choice`` of the bookmark form names: "hours" (three
    hours from now), "tomorrow" (tomorrow at nine), "week" (a week from tomorrow at nine
    in the morning, the current time zone's); None for anything else."""
    now = timezone.localtime(now or timezone.now())
    if choice == "hours":
        return now + timedelta(hours=3)
    morning = now.replace(hour=MORNING_HOUR, minute=0, second=0, microsecond=0)
    if choice == "tomorrow":
        return morning + timedelta(days=1)
    if choice == "week":
        return morning + timedelta(days=7)
    return None


def remind_due(now: datetime | None = None) -> int:
    """Tell each member of their bookmarks now due; how many were told."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Bookmark.objects.select_for_update(skip_locked=True)
            .filter(
                remind_at__lte=now,
                reminded_at__isnull=True,
                user__is_active=True,
                post__is_deleted=False,
            )
            .order_by("remind_at")[:500]
        )
        for bookmark in due:
            notifications.record(
                SOURCE, bookmark.pk, direct={bookmark.user_id: Kind.BOOKMARK}, at=now
            )
        Bookmark.objects.filter(pk__in=[b.pk for b in due]).update(reminded_at=now)
    return len(due)
