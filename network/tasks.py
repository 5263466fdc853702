"""Background work shared by the whole network: beat's sweeps of the outgoing email
(which the worker sends with :func:`network.mail.send_email`) and of old sessions; and
leaving's (network.leaving.tasks: exports, deletions, IP addresses)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from network import mail
from network.leaving import tasks as leaving_tasks  # noqa: F401  (the worker finds them here)
from network.mail import send_email
from network.models import OutgoingEmail


@shared_task
def sweep_outgoing_email() -> int:
    """Hand the worker every email due again. Beat runs it every two minutes."""
    due = mail.due_emails()
    for email_id in due:
        send_email.delay(email_id)
    return len(due)


@shared_task
def forget_sent_emails() -> int:
    return mail.forget_sent()


@shared_task
def deliver_email(payload: dict) -> bool:
    """A message queued before emails were kept in the database (whole, not by id):
    kept now, then sent as any other."""
    email = OutgoingEmail.objects.create(message=payload, next_attempt_at=timezone.now())
    return mail.send_outgoing(email.pk)


@shared_task
def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
