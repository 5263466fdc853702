"""Failed sign-ins are counted per account, whether the handle or the email address was
typed, and lock out the place they come from, not the member; past a ceiling for the whole
account, sign-in pauses everywhere and the owner is told once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.network.test_settings import read_settings

pytestmark = pytest.mark.django_db

HERE = "203.0.113.10"
ELSEWHERE = "198.51.100.20"


def visitor(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def sign_in(client: Client, login: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def is_signed_in(client: Client) -> bool:
    return client.get("/").context["user"].is_authenticated


def test_wrong_passwords_by_handle_and_by_email_add_up(member):
    guesser = visitor(HERE)
    for _ in range(3):
        sign_in(guesser, member.username, "wrong")
    for _ in range(2):
        sign_in(guesser, member.email, "wrong")

    refused = sign_in(guesser, member.username)

    assert "Too many failed sign-ins to this account from here" in refused.text
    assert not is_signed_in(guesser)


def test_the_owner_signs_in_from_elsewhere_while_a_strangers_address_is_locked(member):
    stranger = visitor(HERE)
    for _ in range(5):
        sign_in(stranger, member.email, "wrong")
    assert "Too many failed sign-ins" in sign_in(stranger, member.email).text

    owner = visitor(ELSEWHERE)
    response = sign_in(owner, member.email)

    assert response.status_code == 302
    assert is_signed_in(owner)


def test_a_login_that_matches_nobody_is_locked_the_same_way(db):
    guesser = visitor(HERE)
    for _ in range(5):
        sign_in(guesser, "nobody@example.org", "wrong")

    refused = sign_in(guesser, "nobody@example.org", "wrong")

    assert "Too many failed sign-ins to this account from here" in refused.text


def test_the_account_wide_ceiling_pauses_sign_in_everywhere_and_tells_the_owner_once(
    member, mailoutbox
):
    for place in range(10):
        guessers = visitor(f"192.0.2.{place + 1}")
        for attempt in range(5):
            sign_in(guessers, member.email if attempt % 2 else member.username, "wrong")

    owner = visitor(ELSEWHERE)
    refused = sign_in(owner, member.username)
    for _ in range(5):
        sign_in(visitor("192.0.2.99"), member.email, "wrong")

    assert "Sign-in to this account is paused" in refused.text
    assert not is_signed_in(owner)
    notices = [message for message in mailoutbox if message.to == [member.email]]
    assert len(notices) == 1
    assert "paused" in notices[0].subject
    assert "50 wrong passwords" in notices[0].body
    assert "/accounts/password/reset/" in notices[0].body


def test_the_owner_gets_in_by_resetting_their_password_while_sign_in_is_paused(member, mailoutbox):
    for place in range(10):
        guessers = visitor(f"192.0.2.{place + 1}")
        for _ in range(5):
            sign_in(guessers, member.username, "wrong")
    owner = visitor(ELSEWHERE)
    owner.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)

    form = owner.get(link.group(1), follow=True)
    response = owner.post(
        form.redirect_chain[-1][0],
        {"password1": "a new and longer passphrase", "password2": "a new and longer passphrase"},
    )

    assert response.status_code == 302
    assert is_signed_in(owner)


def test_behind_the_tls_proxy_two_visitors_are_limited_apart(member, settings):
    proxy = read_settings("ALLAUTH_TRUSTED_PROXY_COUNT", BEHIND_TLS_PROXY="1")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = int(proxy["ALLAUTH_TRUSTED_PROXY_COUNT"])
    guesser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2")
    for number in range(5):
        sign_in(guesser, f"someone{number}", "wrong")
    for _ in range(5):
        sign_in(guesser, member.username, "wrong")
    assert "Too many failed" in sign_in(guesser, member.username).text

    response = sign_in(owner, member.username)

    assert response.status_code == 302
    assert is_signed_in(owner)
