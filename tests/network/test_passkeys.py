"""Passkeys on the account area and the sign-in page: who may see and change them, what
the pages cost, and that allauth's scripts come from the site itself. The ceremony
itself (a browser making and using a passkey) is tests/browser/test_passkeys.py."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def passkey_of(user, name="My phone", passwordless=True) -> Authenticator:
    return Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.WEBAUTHN,
        # What allauth reads of a credential here: whether the device keeps it
        # ("resident"), which makes it a passkey that signs in alone.
        data={
            "name": name,
            "credential": {"clientExtensionResults": {"credProps": {"rk": passwordless}}},
        },
    )


def signed_in_and_confirmed(client, user):
    """Signed in, and the password confirmed again, as allauth asks before a passkey is
    added or changed."""
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def test_member_sees_their_passkeys_and_no_one_elses(client):
    member, other = UserFactory(), UserFactory()
    passkey_of(member, "Rosa's phone")
    passkey_of(other, "Marcus's key", passwordless=False)
    client.force_login(member)

    page = client.get(reverse("mfa_list_webauthn")).text

    assert "Rosa&#x27;s phone" in page
    assert "Signs you in alone" in page
    assert "Marcus" not in page


def test_the_list_costs_the_same_for_many_passkeys(client, django_assert_max_num_queries):
    member = UserFactory()
    passkey_of(member, "Key 1")
    client.force_login(member)
    client.get(reverse("mfa_list_webauthn"))
    reset_queries()  # Django empties the log as each request starts: count from empty
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("mfa_list_webauthn"))
    with_one = len(one.captured_queries)  # read from the log, which the next reset empties
    for number in range(2, 9):
        passkey_of(member, f"Key {number}")
    reset_queries()

    with django_assert_max_num_queries(with_one):
        page = client.get(reverse("mfa_list_webauthn"))

    assert page.text.count("Rename") == 8
    assert with_one > 0


def test_member_renames_a_passkey(client):
    member = UserFactory()
    passkey = passkey_of(member)
    signed_in_and_confirmed(client, member)

    response = client.post(reverse("mfa_edit_webauthn", args=[passkey.pk]), {"name": "Old phone"})

    assert response["Location"] == reverse("mfa_list_webauthn")
    passkey.refresh_from_db()
    assert passkey.wrap().name == "Old phone"


def test_a_passkey_needs_a_name(client):
    member = UserFactory()
    passkey = passkey_of(member)
    signed_in_and_confirmed(client, member)

    response = client.post(reverse("mfa_edit_webauthn", args=[passkey.pk]), {"name": ""})

    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_member_removes_a_passkey(client):
    member = UserFactory()
    passkey = passkey_of(member)
    signed_in_and_confirmed(client, member)

    client.post(reverse("mfa_remove_webauthn", args=[passkey.pk]))

    assert not Authenticator.objects.filter(pk=passkey.pk).exists()


@pytest.mark.parametrize("name", ["mfa_edit_webauthn", "mfa_remove_webauthn"])
def test_another_members_passkey_is_not_found(client, name):
    member, other = UserFactory(), UserFactory()
    theirs = passkey_of(other)
    signed_in_and_confirmed(client, member)

    assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse(name, args=[theirs.pk]), {"name": "Mine now"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.wrap().name == "My phone"


@pytest.mark.parametrize(
    "name", ["mfa_list_webauthn", "mfa_add_webauthn", "mfa_edit_webauthn", "mfa_remove_webauthn"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    passkey = passkey_of(UserFactory())
    args = [passkey.pk] if name in ("mfa_edit_webauthn", "mfa_remove_webauthn") else []

    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_adding_a_passkey_asks_for_the_password_again(client):
    member = UserFactory()
    client.force_login(member)

    response = client.get(reverse("mfa_add_webauthn"))

    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_add_page_asks_for_a_name_and_offers_signing_in_alone(client):
    signed_in_and_confirmed(client, UserFactory())

    page = client.get(reverse("mfa_add_webauthn"))

    assert page.status_code == 200
    form = page.context["form"]
    assert form["passwordless"].value() is True
    assert "Sign in with this passkey alone" in page.text
    assert "needs JavaScript" in page.text  # said to whoever has it off


def test_the_sign_in_page_offers_a_passkey_with_the_sites_own_scripts(client):
    page = client.get(reverse("account_login")).text

    assert 'id="passkey_login"' in page
    assert "Use a passkey" in page
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', page)
    assert "/static/mfa/js/webauthn.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)


def test_a_browser_asks_the_sign_in_challenge_as_json(client):
    response = client.get(reverse("mfa_login_webauthn"), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json()["request_options"]["publicKey"]["rpId"] == "testserver"


def test_with_a_passkey_a_password_is_followed_by_the_second_step(client):
    """(Using the passkey there: tests/browser/test_passkeys.py.)"""
    member = UserFactory()
    passkey_of(member, passwordless=False)

    response = client.post(
        reverse("account_login"), {"login": member.username, "password": PASSWORD}
    )

    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/").context["user"].is_anonymous
