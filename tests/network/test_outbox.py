"""Account emails (confirming an address, resetting a password, Wagtail's) are never lost:
each is written to the database with the request, sent once by the worker (or by the
web process itself while the broker is away), tried again while the mail server is away,
swept up when the broker lost it, and forgotten a week after it was sent."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from network import mail as outbox
from network import tasks
from network.models import OutgoingEmail
from tests.factories import UserFactory
from tests.processes import locked_elsewhere

pytestmark = pytest.mark.django_db


class Broker:
    """The worker's broker: reachable, or not (Redis stopped), in which case handing a
    task over fails as kombu fails when its connection is refused."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def goes_away(self):
        from kombu.exceptions import OperationalError

        def refuse(*args, **kwargs):
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        self.monkeypatch.setattr(tasks.send_email, "apply_async", refuse)

    def comes_back(self):
        self.monkeypatch.delattr(tasks.send_email, "apply_async")


@pytest.fixture
def broker(celery_backend, monkeypatch):
    return Broker(monkeypatch)


class MailServer:
    """The mail server the worker delivers to: Django's in-memory outbox, or a port
    nobody listens on while it is away."""

    def __init__(self, settings):
        self.settings = settings

    def goes_away(self):
        self.settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        self.settings.EMAIL_HOST, self.settings.EMAIL_PORT = "127.0.0.1", 9
        self.settings.EMAIL_TIMEOUT = 1

    def comes_back(self):
        self.settings.NETWORK_DELIVERY_EMAIL_BACKEND = (
            "django.core.mail.backends.locmem.EmailBackend"
        )


@pytest.fixture
def mail_server(celery_backend, settings):
    return MailServer(settings)


def some_minutes_pass() -> None:
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_an_email_is_kept_with_the_request_and_marked_sent_once_the_worker_sent_it(
    celery_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Confirm your address", "Click.", "site@example.org", ["rosa@example.org"])
        [waiting] = OutgoingEmail.objects.all()
        assert waiting.sent_at is None
        assert mail.outbox == []

    waiting.refresh_from_db()
    assert waiting.sent_at is not None
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]


def test_a_rolled_back_request_keeps_and_sends_nothing(
    celery_backend, django_capture_on_commit_callbacks
):
    def request_that_fails():
        with transaction.atomic():
            send_mail("Never", "Body", "site@example.org", ["rosa@example.org"])
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        request_that_fails()

    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_with_the_broker_down_a_password_reset_is_sent_from_the_request_once(
    broker, client, django_capture_on_commit_callbacks
):
    member = UserFactory(email="rosa@example.org")
    broker.goes_away()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": member.email})

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    broker.comes_back()
    some_minutes_pass()
    tasks.sweep_outgoing_email.apply()
    assert len(mail.outbox) == 1


def test_a_sent_password_reset_is_kept_without_its_link(
    celery_backend, client, django_capture_on_commit_callbacks
):
    """Kept a week to answer "it never came", but the link in it opens an account."""
    member = UserFactory(email="rosa@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": member.email})

    [sent] = OutgoingEmail.objects.all()
    assert sent.sent_at is not None
    assert sent.message["to"] == ["rosa@example.org"]
    assert "Password reset" in sent.message["subject"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in str(sent.message)


def test_with_the_broker_and_the_mail_server_down_a_password_reset_waits_then_goes_out_once(
    broker, mail_server, client, django_capture_on_commit_callbacks, caplog
):
    member = UserFactory(email="rosa@example.org")
    broker.goes_away()
    mail_server.goes_away()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": member.email})

    assert response.status_code == 302
    assert "lost" not in caplog.text
    [waiting] = OutgoingEmail.objects.all()
    assert (waiting.sent_at, waiting.attempts) == (None, 1)
    assert "rosa@example.org" not in caplog.text  # the log names the row, not the person

    broker.comes_back()
    mail_server.comes_back()
    tasks.sweep_outgoing_email.apply()  # too early: nothing is due yet
    assert mail.outbox == []
    some_minutes_pass()
    tasks.sweep_outgoing_email.apply()
    tasks.sweep_outgoing_email.apply()
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    waiting.refresh_from_db()
    assert waiting.sent_at is not None


def test_while_the_mail_server_is_away_an_email_is_tried_again_later_and_never_given_up(
    mail_server, django_capture_on_commit_callbacks, caplog
):
    mail_server.goes_away()
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Confirm your address", "Click.", "site@example.org", ["rosa@example.org"])
    waits = []
    with caplog.at_level(logging.WARNING, logger="network.mail"):
        for _ in range(30):
            some_minutes_pass()
            before = timezone.now()
            tasks.sweep_outgoing_email.apply()
            waiting = OutgoingEmail.objects.get()
            waits.append(round((waiting.next_attempt_at - before).total_seconds()))

    assert waiting.sent_at is None
    assert waiting.attempts == 31
    assert waits == sorted(waits)  # backing off,
    assert waits[0] <= 2 * 60
    assert waits[-1] == outbox.RETRY_AT_MOST_EVERY.total_seconds()  # to a ceiling
    assert "will try again" in caplog.text
    assert "Connection refused" in caplog.text

    mail_server.comes_back()
    some_minutes_pass()
    tasks.sweep_outgoing_email.apply()
    assert len(mail.outbox) == 1


def test_an_address_the_mail_server_refuses_is_not_tried_forever(
    celery_backend, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@example.org": (550, b"No such user")})

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Confirm your address", "Click.", "site@example.org", ["nobody@example.org"])

    refused = OutgoingEmail.objects.get()
    assert (refused.sent_at, refused.attempts) == (None, 1)
    assert refused.refused_at is not None
    assert "No such user" in refused.last_error
    some_minutes_pass()
    tasks.sweep_outgoing_email.apply()
    assert OutgoingEmail.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_email_another_worker_is_sending_is_not_sent_again(celery_backend, committed_data):
    """Two workers (or the web process and a worker) on one row: the second skips what
    the first holds locked, and after it, finds it sent."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL.")
    message = outbox.message_to_dict(
        EmailMessage("Confirm your address", "Click.", "site@example.org", ["rosa@example.org"])
    )
    OutgoingEmail.objects.create(message=message, next_attempt_at=timezone.now())
    email = OutgoingEmail.objects.get()
    with locked_elsewhere(OutgoingEmail.objects.filter(pk=email.pk)):
        assert outbox.send_outgoing(email.pk) is False
    assert outbox.send_outgoing(email.pk) is True
    assert outbox.send_outgoing(email.pk) is False
    assert len(mail.outbox) == 1


def test_sent_emails_are_forgotten_after_a_week_and_waiting_ones_kept(
    mail_server, django_capture_on_commit_callbacks
):
    mail_server.goes_away()
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Still waiting", "Body", "site@example.org", ["rosa@example.org"])
    mail_server.comes_back()
    with django_capture_on_commit_callbacks(execute=True):
        for subject in ("Sent last week", "Sent yesterday"):
            send_mail(subject, "Body", "site@example.org", ["rosa@example.org"])
    now = timezone.now()
    for subject, days in (("Sent last week", 8), ("Sent yesterday", 1), ("Still waiting", 30)):
        OutgoingEmail.objects.filter(message__subject=subject).update(
            created_at=now - timedelta(days=days)
        )
    OutgoingEmail.objects.filter(message__subject="Sent last week").update(
        sent_at=now - timedelta(days=8)
    )

    assert tasks.forget_sent_emails.apply().get() == 1

    assert sorted(OutgoingEmail.objects.values_list("message__subject", flat=True)) == [
        "Sent yesterday",
        "Still waiting",
    ]
