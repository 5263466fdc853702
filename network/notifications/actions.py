"""Writing notifications and their reading state, and members' choices.

:func:`record` runs inside the transaction of what it reports and hands the rest to
the worker (:mod:`network.notifications.tasks`), which runs :func:`fan_out`
(:mod:`network.notifications.rows`). Sending lives in
:mod:`network.notifications.delivery`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from network.notifications import rows, tasks
from network.notifications.kinds import Delivery, Kind
from network.notifications.models import Event, Notification, Preference

# What record() leaves to the worker; asked for by this name as well.
from network.notifications.rows import fan_out as fan_out

logger = logging.getLogger(__name__)

_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Nothing written inside tells anyone: seeding demo content or importing an old
    site's articles and threads is not news, and would fill every inbox at once."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def record(
    source: str,
    object_id: int,
    *,
    actor=None,
    conversation: str = "",
    at: datetime | None = None,
    direct: dict[int, str] | None = None,
    once: bool = False,
) -> Event | None:
    """Note that ``object_id`` of ``source`` happened, with the rows of the members it
    names directly (``direct``: user id → kind), and have the worker tell everyone else
    once the caller's transaction commits. The caller has left out members who may not
    be told (inactive, suspended); this leaves out the actor. A handful of queries,
    whatever the number of watchers. With ``once``, nothing happens (None) when the
    event was recorded before: an article published again is not news again. Nothing
    either inside :func:`silenced`."""
    if _silenced.get():
        return None
    if once and Event.objects.filter(source=source, object_id=object_id).exists():
        return None
    actor_id = actor.pk if actor is not None else None
    direct = {user_id: kind for user_id, kind in (direct or {}).items() if user_id != actor_id}
    event = Event.objects.create(
        source=source,
        object_id=object_id,
        actor=actor,
        conversation=conversation,
        named=sorted(direct),
        created_at=at or timezone.now(),
    )
    if direct:
        rows.write(event, direct)
    transaction.on_commit(lambda: enqueue_fan_out(event.pk), robust=True)
    return event


def enqueue_fan_out(event_id: int) -> None:
    """Hand the event to the worker. If the broker is down the event waits in the
    database and the sweeper hands it over later: the request that posted goes on."""
    try:
        tasks.fan_out_event.apply_async(
            (event_id,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception:
        logger.warning("Broker unavailable: event %s waits for the sweeper", event_id)


def name_more(
    source: str,
    object_id: int,
    direct: dict[int, str],
    *,
    actor=None,
    conversation: str = "",
    at: datetime | None = None,
) -> list[int]:
    """What happened earlier (``object_id`` of ``source``) now names more members: a
    mention added by editing a post. Each hears of it once, now, unless they heard of it
    already (as a watcher, say): nobody is told twice of one post, and nobody else is
    told again. Runs inside the caller's transaction, like :func:`record`; the caller has
    left out who may not be told. Returns the members told (none inside
    :func:`silenced`)."""
    if _silenced.get():
        return []
    now = timezone.now()
    event, _ = Event.objects.get_or_create(
        source=source,
        object_id=object_id,
        # Not news to the watchers, who heard of it (or of nothing, when it came before
        # the notifications did): only these members are told.
        defaults={
            "actor": actor,
            "conversation": conversation,
            "created_at": at or now,
            "fanned_out_at": now,
        },
    )
    heard = set(
        Notification.objects.filter(event=event, recipient_id__in=list(direct)).values_list(
            "recipient_id", flat=True
        )
    )
    direct = {
        user_id: kind
        for user_id, kind in direct.items()
        if user_id not in heard and user_id != event.actor_id
    }
    if not direct:
        return []
    # Named, so a fan-out still to come does not tell them as watchers instead.
    Event.objects.filter(pk=event.pk).update(named=sorted(set(event.named) | set(direct)))
    written = rows.write(event, direct, at=now)
    waiting = list(
        Notification.objects.waiting_to_send()
        .filter(event=event, recipient_id__in=written)
        .values_list("pk", flat=True)
    )
    if waiting:
        transaction.on_commit(lambda: enqueue_sending(waiting), robust=True)
    return written


def enqueue_sending(notification_ids: list[int]) -> None:
    """Hand rows to the worker to email; if the broker is down they wait for the sweeper."""
    try:
        tasks.send_notifications.apply_async(
            (notification_ids,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception:
        logger.warning("Broker unavailable: %d notification(s) wait", len(notification_ids))


# --- Reading ------------------------------------------------------------------------


def mark_read(user, notifications) -> int:
    """Mark ``notifications`` (a queryset of ``user``'s) read."""
    changed = notifications.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        rows.recount_unread([user.pk])
        # What the page about to render shows, without reading the count back.
        profile = user.profile
        profile.unread_notifications = max(0, profile.unread_notifications - changed)
    return changed


def mark_conversation_read(user, conversation: str, up_to: datetime) -> int:
    """``user`` has read ``conversation`` up to ``up_to``: the notifications of what
    happened by then are read (by the time of what they tell of, not of the row: a
    mention added later to a post that was read with the page is read too). Free for
    members with nothing unread (their count came with them), since every thread page
    they open asks."""
    if not user.is_authenticated or not user.profile.unread_notifications:
        return 0
    return mark_read(
        user,
        Notification.objects.filter(conversation=conversation, event__created_at__lte=up_to),
    )


def mark_all_read(user) -> int:
    return mark_read(user, Notification.objects.all())


# --- Choices ------------------------------------------------------------------------

DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)


@transaction.atomic
def set_preferences(user, choices: dict[str, str], *, only_my_region: bool | None = None) -> None:
    """Keep ``user``'s choice per kind (``kind`` → delivery) and, when given, whether
    they hear of new articles about their own region only."""
    for kind, delivery in choices.items():
        defaults = {"delivery": Delivery(delivery)}
        if kind == Kind.NEW_ARTICLE and only_my_region is not None:
            defaults["only_my_region"] = only_my_region
        Preference.objects.update_or_create(user=user, kind=Kind(kind), defaults=defaults)


def emailed_kinds(user, kind: str) -> dict[str, str]:
    """The kinds the unsubscribe link of ``kind`` (or "digest") stops that ``user`` is
    emailed about now, with how: none when they are stopped already."""
    chosen = Preference.for_member(user)
    emailing = DIGESTS if kind == "digest" else (Delivery.AT_ONCE, *DIGESTS)
    kinds = chosen if kind == "digest" else {kind: chosen[Kind(kind)]}
    return {each: delivery for each, delivery in kinds.items() if delivery in emailing}


@transaction.atomic
def stop_email(user, kind: str) -> dict[str, str]:
    """The unsubscribe link: no more email of ``kind`` (or of any digest, for "digest"),
    while the notifications stay on the site. What was waiting to go out stays home.
    Returns what it changed (kind → the choice before), for an undo."""
    before = emailed_kinds(user, kind)
    if kind == "digest":
        kinds = list(before)
        waiting = [Notification.Email.DAILY, Notification.Email.WEEKLY]
    else:
        kinds = [Kind(kind)]
        waiting = [
            Notification.Email.PENDING,
            Notification.Email.DAILY,
            Notification.Email.WEEKLY,
        ]
    set_preferences(user, dict.fromkeys(before, Delivery.SITE))
    Notification.objects.filter(recipient=user, kind__in=kinds, email__in=waiting).update(
        email=Notification.Email.NONE
    )
    return before
