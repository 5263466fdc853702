"""Background work shared by the whole network."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from network.mail import deliver

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_email(self, payload: dict) -> None:
    """Send one queued message. Retried with backoff while the mail server is away."""
    deliver(payload)
    logger.info("Sent email %r to %d recipient(s)", payload["subject"], len(payload["to"]))


@shared_task
def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
