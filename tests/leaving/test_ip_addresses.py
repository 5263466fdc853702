"""No IP address is kept more than 30 days, and nothing in the database names one that
the daily task does not forget."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from network.leaving import ip_addresses
from network.models import OutgoingEmail


def test_every_ip_address_field_is_forgotten_after_30_days():
    """A model that gains an IP address field fails here until it is registered with
    ``ip_addresses.stores_ip_address`` (and so forgotten by the daily task)."""
    unregistered = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.GenericIPAddressField)
        and not ip_addresses.is_registered(model, field.name)
    ]
    assert unregistered == []


def test_the_sites_own_models_keep_no_ip_address():
    """Sign-up, posts, reports and endorsements count addresses in the cache only (for
    rate limits): the README's privacy section says so, and this holds it true."""
    ours = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"network", "notifications", "forums", "blog"}
        for field in model._meta.get_fields()
        if isinstance(field, models.GenericIPAddressField)
        or getattr(field, "name", "") in {"ip", "ip_address", "remote_addr"}
    ]
    assert ours == []


@pytest.fixture
def stand_in_address(monkeypatch):
    """An address kept in a column, as allauth's sessions keep one: the site's own models
    keep none, so an outgoing email's note stands in for it, written when the email was."""
    monkeypatch.setattr(ip_addresses, "_stored", {})
    ip_addresses.stores_ip_address("network.OutgoingEmail", "last_error", written_at="created_at")

    def kept(days_ago: int) -> OutgoingEmail:
        return OutgoingEmail.objects.create(
            message={},
            last_error="198.51.100.7",
            created_at=timezone.now() - timedelta(days=days_ago),
            next_attempt_at=timezone.now(),
        )

    return kept


@pytest.mark.django_db
def test_addresses_older_than_30_days_are_forgotten_and_newer_ones_kept(stand_in_address):
    old, recent = stand_in_address(31), stand_in_address(29)

    assert ip_addresses.forget_old_ip_addresses() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.last_error == ip_addresses.UNSPECIFIED
    assert recent.last_error == "198.51.100.7"
    # Run again: nothing left to forget.
    assert ip_addresses.forget_old_ip_addresses() == 0


@pytest.mark.django_db
def test_the_daily_task_forgets_them(stand_in_address, settings):
    from network.leaving.tasks import forget_old_ip_addresses

    old = stand_in_address(45)
    assert forget_old_ip_addresses() == 1
    old.refresh_from_db()
    assert old.last_error == ip_addresses.UNSPECIFIED
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "network.leaving.tasks.forget_old_ip_addresses",
        "network.leaving.tasks.forget_expired_exports",
        "network.leaving.tasks.carry_out_due_deletions",
    } <= schedule
