"""The worker's side of notifications. Every task is safe to run twice."""

from __future__ import annotations

import smtplib

from celery import shared_task

from network.notifications import delivery, rows

RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 10,  # past that, the sweeper hands the rows out again
}


class MailServerAway(OSError):
    """The mail server failed partway through a batch: retry what it did not take."""


@shared_task(**RETRY)
def fan_out_event(event_id: int) -> int:
    """Write every watcher's row for the event, then send what is due at once, in
    batches of one SMTP connection each."""
    waiting = rows.fan_out(event_id)
    for chunk in rows.batched(waiting, delivery.SEND_BATCH):
        send_notifications.delay(chunk)
    return len(waiting)


@shared_task(**RETRY)
def send_notifications(notification_ids: list[int]) -> int:
    outcome = delivery.send_at_once(notification_ids)
    if outcome.error:
        raise MailServerAway(str(outcome.error)) from outcome.error
    return outcome.sent


@shared_task(**RETRY)
def send_digests(period: str) -> int:
    outcome = delivery.send_digests(period)
    if outcome.error:
        raise MailServerAway(str(outcome.error)) from outcome.error
    return outcome.sent


@shared_task
def sweep() -> tuple[int, int]:
    """Hand the worker again what waited too long (the broker was down, or retries ran
    out). Beat runs it every few minutes."""
    events, unsent = delivery.stale_work()
    for event_id in events:
        fan_out_event.delay(event_id)
    for chunk in rows.batched(unsent, delivery.SEND_BATCH):
        send_notifications.delay(chunk)
    return len(events), len(unsent)
