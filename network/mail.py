"""Email leaves through the worker, never lost and never doubled.

Django, allauth and Wagtail call ``send_mail`` as usual; :class:`CeleryEmailBackend`
writes each message to the database (:class:`~network.models.OutgoingEmail`) in the
transaction that sends it and, once that commits, hands it to the worker
(:func:`send_email`, here). The worker sends it with the backend named by
``EMAIL_URL`` (``settings.NETWORK_DELIVERY_EMAIL_BACKEND``) and marks it sent in the same
transaction (:func:`send_outgoing`). Whatever the broker lost, or the mail server did not
take, waits in the database: beat's sweeper (:func:`network.tasks.sweep_outgoing_email`)
hands it over again when it is due, backing off while the mail server is away, never
giving up. With the broker unreachable, the web process sends the email itself,
claiming it as the worker would (:func:`hand_over`), except what a view keeps with
:func:`send_later`, which only the worker ever sends.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from network.models import OutgoingEmail

logger = logging.getLogger(__name__)

# The worker has this long to send a new email before the sweeper hands it over again.
SWEEP_AFTER = timedelta(minutes=2)
# After each failure the next attempt waits 1, 2, 4, … minutes, and never longer than this.
RETRY_AT_MOST_EVERY = timedelta(minutes=30)
# Sent emails hold a person's address: kept this long (to answer "it never came"), no more.
KEEP_SENT = timedelta(days=7)
# The web process sends only while the broker is away, inside someone's request.
WEB_SMTP_TIMEOUT = 5


def message_to_dict(message: EmailMessage) -> dict:
    """The parts of a message kept in the database (as JSON) until it is sent."""
    if message.attachments:
        raise ValueError("Attachments are not kept for the worker.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.content_subtype = data["content_subtype"]
    return message


def delivery_connection(**kwargs):
    """A connection to the real mail server (or console), for the worker."""
    return get_connection(backend=settings.NETWORK_DELIVERY_EMAIL_BACKEND, **kwargs)


def deliver(payload: dict, *, timeout: float | None = None) -> None:
    """Send one message (``message_to_dict``'s) through the real mail server."""
    options = {"timeout": timeout} if timeout else {}
    with delivery_connection(fail_silently=False, **options) as connection:
        message = message_from_dict(payload)
        message.connection = connection
        message.send()


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            email = OutgoingEmail.objects.create(
                message=message_to_dict(message), next_attempt_at=timezone.now() + SWEEP_AFTER
            )
            transaction.on_commit(partial(hand_over, email.pk), robust=True)
            count += 1
        return count


def send_later(message: EmailMessage) -> OutgoingEmail:
    """Keep ``message`` in the outbox and, once the transaction commits, give it to the
    worker; never send it from this process. For email nobody stands waiting for, from
    views that must never wait on a mail server (the contact form's copy to the
    editors): with the broker away too, it waits for the sweeper."""
    email = OutgoingEmail.objects.create(
        message=message_to_dict(message), next_attempt_at=timezone.now() + SWEEP_AFTER
    )
    transaction.on_commit(partial(to_worker, email.pk), robust=True)
    return email


def to_worker(email_id: int) -> bool:
    """Give the email to the worker; whether the broker took it. Raises nothing: the
    email is kept, and the sweeper hands it over if the broker did not take it."""
    try:
        send_email.apply_async(
            (email_id,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
        return True
    except Exception:  # kombu's OperationalError, or whatever the transport raises
        logger.warning("Broker unavailable: email %s not handed to the worker", email_id)
        return False


def hand_over(email_id: int) -> None:
    """Give the email to the worker. With the broker unreachable (Redis stopped), send it
    from this process, claimed as the worker claims it, so that a sign-up's confirmation
    arrives now rather than after the outage, and never twice. If the mail server is
    away too, the email waits for the sweeper. Raises nothing: what the email tells of is
    saved, and the person should not get an error page for it."""
    if to_worker(email_id):
        return
    logger.warning("Sending email %s from this process", email_id)
    try:
        send_outgoing(email_id, timeout=WEB_SMTP_TIMEOUT)
    except Exception:
        logger.exception("Email %s waits for the sweeper", email_id)


@shared_task
def send_email(email_id: int) -> bool:
    """The worker sends one :class:`~network.models.OutgoingEmail`. No retry from here: a
    failure leaves it waiting with its next attempt set, and the sweeper hands it over
    then. The database holds the email; the broker never holds a retry waiting for its
    countdown."""
    return send_outgoing(email_id)


def send_outgoing(email_id: int, *, timeout: float | None = None) -> bool:
    """Send one waiting email; whether it was sent now.

    It is claimed under a row lock (``SELECT … FOR UPDATE SKIP LOCKED``) and marked sent
    in the same transaction, after the mail server took it: two workers, or a worker and
    the web process, never both send it, and one whose sending failed is still waiting
    when the lock goes. A mail server that fails sets the next attempt later (backing
    off, never giving up); one that refuses every address for good ends it."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.waiting()
            .select_for_update(skip_locked=True)
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return False  # sent already, or being sent elsewhere
        email.attempts += 1
        try:
            deliver(email.message, timeout=timeout)
        except smtplib.SMTPRecipientsRefused as error:
            _failed(email, error, for_good=all(c >= 500 for c, _ in error.recipients.values()))
            return False
        except (smtplib.SMTPException, OSError) as error:
            _failed(email, error)
            return False
        email.sent_at = timezone.now()
        email.message = _without_words(email.message)
        email.save(update_fields=["attempts", "sent_at", "message"])
    logger.info("Sent email %s (%r)", email.pk, email.message["subject"])
    return True


def _failed(email: OutgoingEmail, error: Exception, *, for_good: bool = False) -> None:
    email.last_error = f"{type(error).__name__}: {error}"[:1000]
    if for_good:
        email.refused_at = timezone.now()
        email.message = _without_words(email.message)
        logger.warning(
            "Email %s (%r) refused by the mail server: %s",
            email.pk,
            email.message["subject"],
            email.last_error,
        )
    else:
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        logger.warning(
            "Email %s (%r) not sent, attempt %d (%s); will try again after %s",
            email.pk,
            email.message["subject"],
            email.attempts,
            email.last_error,
            email.next_attempt_at.isoformat(timespec="seconds"),
        )
    email.save(update_fields=["attempts", "last_error", "refused_at", "next_attempt_at", "message"])


def _without_words(payload: dict) -> dict:
    """What is kept of an email once it has gone (to answer "it never came"): who it was
    for and what about, not its text, which may hold a link that opens an account."""
    return {**payload, "body": "", "alternatives": []}


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failures: 1, 2, 4, … minutes, at most
    ``RETRY_AT_MOST_EVERY``."""
    return min(timedelta(minutes=2 ** min(attempts - 1, 16)), RETRY_AT_MOST_EVERY)


def due_emails(limit: int = 1000) -> list[int]:
    """Emails waiting past their next attempt: the broker lost them, or was down when
    they were written, or the mail server was away."""
    return list(
        OutgoingEmail.objects.waiting()
        .filter(next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def forget_sent(older_than: timedelta = KEEP_SENT) -> int:
    """Delete the emails sent (or refused) longer ago than ``older_than``; how many."""
    before = timezone.now() - older_than
    deleted, _ = OutgoingEmail.objects.filter(
        Q(sent_at__lt=before) | Q(refused_at__lt=before)
    ).delete()
    return deleted
