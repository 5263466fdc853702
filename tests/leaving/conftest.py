"""Members who leave, and what they leave behind: the forums' people and threads
(tests/forums/conftest.py), and a way to sign in as the site does, so that allauth's
reauthentication sees a real sign-in."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.forums.conftest import (  # noqa: F401  (fixtures)
    housing,
    member,
    other_member,
    reply,
    start_thread,
)


@pytest.fixture
def confirm_password():
    """``confirm_password(client)``: the member signed in on ``client`` gives their
    password again (allauth's reauthentication), as the deletion asks."""

    def confirm(client) -> None:
        response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302, response.text

    return confirm
