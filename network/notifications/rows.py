"""Notification rows: one per member told, by their choice for its kind. Written for
the members an event names inside the transaction that records it
(:func:`network.notifications.actions.record`), and for everyone else its source
names by the worker (:func:`fan_out`), after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from network import blocking
from network.models import Profile
from network.notifications import sources
from network.notifications.kinds import PRECEDENCE, Delivery
from network.notifications.models import Event, Notification, Preference

BATCH = 1000
EMAIL_FOR_DELIVERY = {
    Delivery.AT_ONCE: Notification.Email.PENDING,
    Delivery.DAILY: Notification.Email.DAILY,
    Delivery.WEEKLY: Notification.Email.WEEKLY,
    Delivery.SITE: Notification.Email.NONE,
}


def batched(items: Iterable, size: int) -> Iterator[list]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def write(event: Event, recipients: dict[int, str], at: datetime | None = None) -> list[int]:
    """One row per member (``user_id`` → kind), by their preference for that kind;
    none for members who turned it off or blocked the event's actor. Rows that exist
    already are left as they are. The rows date from the event, or from ``at`` when
    given. Returns the members written for."""
    blockers = blocking.blockers_among(event.actor_id, recipients)
    by_kind: dict[str, list[int]] = {}
    for user_id, kind in recipients.items():
        if user_id in blockers:
            continue
        by_kind.setdefault(kind, []).append(user_id)
    rows = []
    for kind, user_ids in by_kind.items():
        for user_id, delivery in Preference.deliveries(user_ids, kind).items():
            if delivery == Delivery.OFF:
                continue
            rows.append(
                Notification(
                    recipient_id=user_id,
                    event=event,
                    kind=kind,
                    conversation=event.conversation,
                    created_at=at or event.created_at,
                    email=EMAIL_FOR_DELIVERY[delivery],
                )
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    written = [row.recipient_id for row in rows]
    recount_unread(written)
    return written


def fan_out(event_id: int) -> list[int]:
    """Write the rows of everyone the event's source names (in bulk, by batches) and
    return the ids of the rows waiting to be emailed at once. Idempotent: rows that
    exist already stay as they are, so running it twice writes nothing more."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:  # its post was deleted with its thread (or the database was reset)
        return []
    source = sources.get(event.source)
    named = set(event.named)
    for chunk in batched(source.audience(event), BATCH):
        wanted: dict[int, str] = {}
        for user_id, kind in chunk:
            if user_id == event.actor_id or user_id in named:
                continue
            held = wanted.get(user_id)
            if held is None or PRECEDENCE.index(kind) < PRECEDENCE.index(held):
                wanted[user_id] = kind
        write(event, wanted)
    if event.fanned_out_at is None:
        Event.objects.filter(pk=event.pk).update(fanned_out_at=timezone.now())
    return list(
        Notification.objects.waiting_to_send().filter(event=event).values_list("pk", flat=True)
    )


def recount_unread(user_ids: Iterable[int]) -> None:
    """Set each member's unread count (on their profile, which every page loads with
    them) from their rows: a recount rather than ``+1``, so it heals itself."""
    unread = (
        Notification.objects.filter(recipient_id=OuterRef("user_id"), read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    for chunk in batched(set(user_ids), BATCH):
        Profile.objects.filter(user_id__in=chunk).update(
            unread_notifications=Coalesce(Subquery(unread), Value(0))
        )
