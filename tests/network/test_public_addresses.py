"""Emails name the site at its public address (``SITE_URL``), whatever host name the
request that sent them came in on: an internal name, a mirror, a proxy's upstream. A
link to another host in an email is a link nobody outside can follow, or worse, one a
forged Host header chose."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://network.example"
OTHER_HOST = "mirror.example"
SIGNUP = {
    "email": "rosa@example.org",
    "username": "rosa_b",
    "display_name": "Rosa Bell",
    "password1": "a long passphrase for rosa",
    "password2": "a long passphrase for rosa",
}


@pytest.fixture(autouse=True)
def _another_host(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [OTHER_HOST]


def links(message) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def assert_names_only_the_public_site(message, *, expected_links: int):
    found = links(message)
    assert len(found) == expected_links, found
    assert all(link.startswith(f"{SITE_URL}/") for link in found), found
    assert OTHER_HOST not in message.subject
    assert OTHER_HOST not in message.body
    for content, _type in getattr(message, "alternatives", []):
        assert OTHER_HOST not in content


def post(client, url_name, data):
    return client.post(reverse(url_name), data, HTTP_HOST=OTHER_HOST)


def test_sign_up_confirmation_links_to_the_public_site(client, mailoutbox):
    post(client, "account_signup", SIGNUP)

    (message,) = mailoutbox
    assert_names_only_the_public_site(message, expected_links=1)
    assert "register an account on network.example" in message.body
    (link,) = links(message)
    assert link.startswith(f"{SITE_URL}/accounts/confirm-email/")


def test_signing_up_again_with_a_known_address_links_to_the_public_site(client, mailoutbox):
    member = UserFactory(email=SIGNUP["email"])

    post(client, "account_signup", {**SIGNUP, "username": "someone_else"})

    (message,) = mailoutbox
    assert message.to == [member.email]
    assert_names_only_the_public_site(message, expected_links=1)
    assert links(message) == [f"{SITE_URL}{reverse('account_reset_password')}"]


def test_password_reset_links_to_the_public_site(client, mailoutbox):
    member = UserFactory()

    post(client, "account_reset_password", {"email": member.email})

    (message,) = mailoutbox
    assert_names_only_the_public_site(message, expected_links=1)
    assert links(message)[0].startswith(f"{SITE_URL}/accounts/password/reset/key/")


def test_password_reset_for_an_unknown_address_links_to_the_public_site(client, mailoutbox):
    post(client, "account_reset_password", {"email": "nobody@example.org"})

    (message,) = mailoutbox
    assert_names_only_the_public_site(message, expected_links=1)
    assert links(message) == [f"{SITE_URL}{reverse('account_signup')}"]
