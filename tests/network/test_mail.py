"""Email leaves through Celery, after the data it talks about is committed (what happens
when the broker or the mail server is away: test_outbox.py)."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail

from network.mail import message_from_dict, message_to_dict

pytestmark = pytest.mark.django_db


def test_email_is_only_enqueued_once_the_transaction_commits(
    celery_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = send_mail("Hello", "Body", "from@example.org", ["to@example.org"])
        assert sent == 1
        assert mail.outbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert mail.outbox[0].to == ["to@example.org"]


def test_html_alternatives_and_headers_survive_the_queue():
    message = EmailMultiAlternatives(
        "Subject", "Plain", "from@example.org", ["to@example.org"], headers={"X-Thread": "42"}
    )
    message.attach_alternative("<p>HTML</p>", "text/html")

    restored = message_from_dict(message_to_dict(message))

    assert restored.subject == "Subject"
    assert restored.body == "Plain"
    assert restored.alternatives[0][0] == "<p>HTML</p>"
    assert restored.extra_headers == {"X-Thread": "42"}
    assert restored.to == ["to@example.org"]
