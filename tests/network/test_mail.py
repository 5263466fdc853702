"""Email leaves through Celery, after the data it talks about is committed."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail

from network.mail import message_from_dict, message_to_dict

pytestmark = pytest.mark.django_db


@pytest.fixture
def celery_backend(settings, celery_conf):
    """Mail goes through our Celery backend; the task runs in-process and delivers to
    Django's in-memory outbox."""
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_conf(task_always_eager=True, task_eager_propagates=True)


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


def test_a_rolled_back_transaction_sends_nothing(
    celery_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            from django.db import transaction

            with transaction.atomic():
                send_mail("Never", "Body", "from@example.org", ["to@example.org"])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    assert callbacks == []
    assert mail.outbox == []


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


@pytest.fixture
def broker_down(celery_backend, monkeypatch):
    """The worker's broker cannot be reached (Redis stopped): handing a task over fails
    as kombu fails when its connection is refused."""
    from kombu.exceptions import OperationalError

    from network.tasks import deliver_email

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver_email, "apply_async", refuse)


def test_with_the_broker_down_a_password_reset_is_sent_from_the_request(
    broker_down, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.factories import UserFactory

    member = UserFactory(email="rosa@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": member.email})

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_with_the_broker_and_the_mail_server_down_the_page_still_answers_and_says_why_in_the_log(
    broker_down, settings, client, django_capture_on_commit_callbacks, caplog
):
    from django.urls import reverse

    from tests.factories import UserFactory

    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    member = UserFactory(email="rosa@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": member.email})

    assert response.status_code == 302
    assert "lost: neither the broker nor the mail server took it" in caplog.text
    assert "rosa@example.org" in caplog.text
