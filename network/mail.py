"""Email leaves through Celery, never from inside a request.

Django, allauth and Wagtail call ``send_mail`` as usual; :class:`CeleryEmailBackend`
turns each message into plain data and enqueues :func:`network.tasks.deliver_email`
once the surrounding transaction commits. The worker delivers it with the backend
named by ``EMAIL_URL`` (``settings.NETWORK_DELIVERY_EMAIL_BACKEND``); when the broker
cannot be reached, the web process sends it itself (:func:`hand_over`).
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage, EmailMultiAlternatives
from django.db import transaction

logger = logging.getLogger(__name__)


def message_to_dict(message: EmailMessage) -> dict:
    """The parts of a message that survive a JSON round trip through the broker."""
    if message.attachments:
        raise ValueError("Attachments are not sent through the queue.")
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


def deliver(payload: dict) -> None:
    """Send one message (``message_to_dict``'s) through the real mail server."""
    with delivery_connection(fail_silently=False) as connection:
        message = message_from_dict(payload)
        message.connection = connection
        message.send()


def hand_over(payload: dict) -> None:
    """Give one message to the worker. With the broker unreachable (Redis stopped), send
    it from this process instead: a sign-up's confirmation or a password reset arrives a
    moment later for the one request, rather than never. Raises nothing: what it
    reports on has been saved, and the person should not get an error page for it."""
    from network.tasks import deliver_email

    try:
        deliver_email.apply_async(
            (payload,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
        return
    except Exception:  # kombu's OperationalError, or whatever the transport raises
        logger.warning("Broker unavailable: sending %r from this process", payload["subject"])
    try:
        deliver(payload)
    except Exception:
        logger.exception(
            "Email %r to %s lost: neither the broker nor the mail server took it",
            payload["subject"],
            ", ".join(payload["to"]),
        )


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            transaction.on_commit(partial(hand_over, message_to_dict(message)))
            count += 1
        return count
