"""Sending notification email: at once, in digests, and again after an outage.

A row is claimed under a row lock (``SELECT … FOR UPDATE SKIP LOCKED``) and marked sent
in the same transaction, after the SMTP server accepted it: two workers never send the
same row, and a row whose sending failed is still waiting when the lock goes. Messages
go over one SMTP connection per batch; when the server fails partway, what it accepted
is kept as sent and the rest is retried.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from network import language
from network.mail import delivery_connection
from network.notifications import sources
from network.notifications.emails import conversation_email, digest_email
from network.notifications.models import Event, Notification, NotificationSettings

logger = logging.getLogger(__name__)

Email = Notification.Email
SEND_BATCH = 100
DAILY_EMAIL_CAP = 30  # notifications emailed at once per member per day; the rest waits
SWEEP_AFTER = timedelta(minutes=3)
# After an email about a thread, more news of it waits this long, to go out as one email.
COALESCE_WINDOW = timedelta(minutes=5)


@dataclass
class Outcome:
    sent: int = 0
    error: Exception | None = None


def email_paused() -> bool:
    return NotificationSettings.load().pause_email


def _claim(queryset) -> list[int]:
    return list(
        queryset.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)
    )


def _asking_sources(rows, subjects, question: str) -> set[tuple[int, int]]:
    """``(recipient_id, row_id)`` of the rows whose source answers ``question``
    (``"quiet"``: read, or the member was active; ``"unreadable"``: the member may not
    read it now) for their member and object."""
    by_source = defaultdict(set)
    for row in rows:
        by_source[row.event.source].add((row.recipient_id, row.event.object_id))
    found = set()
    for name, pairs in by_source.items():
        own = {oid: s for (src, oid), s in subjects.items() if src == name}
        found |= {(name, *pair) for pair in getattr(sources.get(name), question)(pairs, own)}
    return {
        (row.recipient_id, row.pk)
        for row in rows
        if (row.event.source, row.recipient_id, row.event.object_id) in found
    }


def _send_each(
    connection, messages: list[tuple[object, list]]
) -> tuple[list, list, Exception | None]:
    """Send each ``(message, rows)``; returns the rows sent, the rows whose address the
    server refused, and the error that stopped the batch (None when none did)."""
    sent, refused = [], []
    for message, rows in messages:
        try:
            connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused:
            refused.extend(rows)
        except (smtplib.SMTPException, OSError) as error:
            return sent, refused, error
        else:
            sent.extend(rows)
    return sent, refused, None


def _mark(rows, email: str, note: str = "", emailed: bool = False) -> None:
    if rows:
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            email=email, email_note=note, emailed_at=timezone.now() if emailed else None
        )


def send_at_once(notification_ids: list[int]) -> Outcome:
    """Email the waiting rows among ``notification_ids`` (and any other waiting row of
    the same member and conversation: several replies become one email)."""
    if email_paused():
        Notification.objects.filter(pk__in=notification_ids, email=Email.PENDING).update(
            email=Email.DAILY, email_note="email paused"
        )
        return Outcome()
    with transaction.atomic():
        claimed = _claim(Notification.objects.filter(pk__in=notification_ids, email=Email.PENDING))
        if not claimed:
            return Outcome()
        keys = set(
            Notification.objects.filter(pk__in=claimed)
            .exclude(conversation="")
            .values_list("recipient_id", "conversation")
        )
        if keys:
            more = Notification.objects.waiting_to_send().filter(
                recipient_id__in={r for r, _ in keys}, conversation__in={c for _, c in keys}
            )
            claimed += _claim(more.exclude(pk__in=claimed))
        rows = list(
            Notification.objects.filter(pk__in=claimed)
            .select_related("event", "recipient__profile")
            .order_by("recipient_id", "created_at", "pk")
        )
        rows = [r for r in rows if not r.conversation or (r.recipient_id, r.conversation) in keys]
        return _send_claimed(rows)


def _send_claimed(rows) -> Outcome:
    subjects = sources.subjects_for(rows)
    quiet = _asking_sources(rows, subjects, "quiet")
    unreadable = _asking_sources(rows, subjects, "unreadable")
    since = timezone.now() - timedelta(days=1)
    emailed_today = dict(
        Notification.objects.filter(
            recipient_id__in={row.recipient_id for row in rows},
            email=Email.SENT,
            emailed_at__gte=since,
        )
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("recipient_id", "n")
    )
    # Who had an email of the same conversation a moment ago: what follows it waits and
    # goes out together, after the window (the sweeper sends it).
    just_emailed = set(
        Notification.objects.filter(
            recipient_id__in={row.recipient_id for row in rows},
            conversation__in={row.conversation for row in rows if row.conversation},
            email=Email.SENT,
            emailed_at__gte=timezone.now() - COALESCE_WINDOW,
        ).values_list("recipient_id", "conversation")
    )
    skipped: dict[str, list] = defaultdict(list)
    to_digest = []
    groups: dict[tuple, list] = defaultdict(list)
    for row in rows:
        subject = subjects.get((row.event.source, row.event.object_id))
        if not row.recipient.is_active or not row.recipient.email:
            skipped["no active account"].append(row)
        elif subject is None or not subject.available or (row.recipient_id, row.pk) in unreadable:
            skipped["no longer visible"].append(row)
        elif row.read_at is not None or (row.recipient_id, row.pk) in quiet:
            skipped["already read, or active in the thread"].append(row)
        elif (row.recipient_id, row.conversation) in just_emailed:
            continue  # stays waiting
        elif emailed_today.get(row.recipient_id, 0) >= DAILY_EMAIL_CAP:
            to_digest.append(row)
        else:
            emailed_today[row.recipient_id] = emailed_today.get(row.recipient_id, 0) + 1
            groups[row.recipient_id, row.conversation or row.pk].append(row)
    for note, these in skipped.items():
        _mark(these, Email.SKIPPED, note)
    _mark(to_digest, Email.DAILY, "daily cap reached")
    if not groups:
        return Outcome()
    messages = []
    for group in groups.values():
        own = {
            row.event.object_id: subjects[row.event.source, row.event.object_id] for row in group
        }
        recipient = group[0].recipient
        with language.for_member(recipient):
            messages.append((conversation_email(recipient, group, own), group))
    with delivery_connection(fail_silently=False) as connection:
        sent, refused, error = _send_each(connection, messages)
    _mark(sent, Email.SENT, emailed=True)
    _mark(refused, Email.SKIPPED, "address refused by the mail server")
    logger.info("Notification email: %d row(s) sent in %d message(s)", len(sent), len(messages))
    return Outcome(sent=len(sent), error=error)


# --- Digests ------------------------------------------------------------------------


def send_digests(period: str) -> Outcome:
    """One email per member holding what waits for their ``period`` ("daily" or
    "weekly") digest and is still unread; nothing for a member with nothing unread."""
    if email_paused():
        return Outcome()
    outcome = Outcome()
    recipients = (
        Notification.objects.filter(email=period)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipients):
        result = _send_digest(recipient_id, period)
        outcome.sent += result.sent
        if result.error:
            return Outcome(outcome.sent, result.error)
    return outcome


@transaction.atomic
def _send_digest(recipient_id: int, period: str) -> Outcome:
    claimed = _claim(Notification.objects.filter(recipient_id=recipient_id, email=period))
    rows = list(
        Notification.objects.filter(pk__in=claimed)
        .select_related("event", "recipient__profile")
        .order_by("created_at", "pk")
    )
    if not rows:
        return Outcome()
    subjects = sources.subjects_for(rows)
    unreadable = _asking_sources(rows, subjects, "unreadable")
    unread = [
        row
        for row in rows
        if row.read_at is None
        and (s := subjects.get((row.event.source, row.event.object_id))) is not None
        and s.available
        and (row.recipient_id, row.pk) not in unreadable
    ]
    _mark([row for row in rows if row not in unread], Email.SKIPPED, "read before the digest")
    recipient = rows[0].recipient
    if not unread or not recipient.is_active or not recipient.email:
        _mark(unread, Email.SKIPPED, "no active account" if unread else "")
        return Outcome()
    own = {row.event.object_id: subjects[row.event.source, row.event.object_id] for row in unread}
    with language.for_member(recipient):
        message = digest_email(recipient, unread, own, period)
    with delivery_connection(fail_silently=False) as connection:
        sent, refused, error = _send_each(connection, [(message, unread)])
    _mark(sent, Email.SENT, emailed=True)
    _mark(refused, Email.SKIPPED, "address refused by the mail server")
    return Outcome(sent=len(sent), error=error)


# --- After an outage ----------------------------------------------------------------


def stale_work(older_than: timedelta = SWEEP_AFTER) -> tuple[list[int], list[int]]:
    """Events not yet fanned out and rows not yet sent, ``older_than`` ago: the broker
    lost them, or was down when they were made, or their retries ran out, or they were
    waiting out the ``COALESCE_WINDOW`` of their conversation."""
    before = timezone.now() - older_than
    events = list(
        Event.objects.filter(fanned_out_at__isnull=True, created_at__lt=before)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    rows = list(
        Notification.objects.waiting_to_send()
        .filter(created_at__lt=before)
        .order_by("pk")
        .values_list("pk", flat=True)[:20_000]
    )
    return events, rows
