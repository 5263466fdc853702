"""Members who message each other, for the private messages tests."""

from __future__ import annotations

import pytest

from network.conversations import actions
from tests.forums.conftest import established


@pytest.fixture
def rosa(db):
    return established(username="rosa", email="rosa@example.org", profile__display_name="Rosa")


@pytest.fixture
def marcus(db):
    return established(
        username="marcus", email="marcus@example.org", profile__display_name="Marcus"
    )


@pytest.fixture
def jo(db):
    return established(username="jo", email="jo@example.org", profile__display_name="Jo")


@pytest.fixture
def talk(rosa, marcus):
    """A conversation Rosa started with Marcus."""
    return actions.start_conversation(rosa, [marcus], "Are you coming on Saturday?")


@pytest.fixture
def mail_through_celery(settings, celery_conf):
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://network.example"
    celery_conf(task_always_eager=True, task_eager_propagates=True)
