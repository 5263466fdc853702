"""One login: sign-up with a handle, mandatory email verification, sign-in with email or
handle, the account pages in the site's look, rate limits and two-factor sign-in."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "rosa@example.org",
    "username": "rosa_b",
    "display_name": "Rosa Bell",
    "password1": "a long passphrase for rosa",
    "password2": "a long passphrase for rosa",
}


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def sign_in(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.username, "password": password})


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_visitor_signs_up_confirms_email_and_is_signed_in(client, mailoutbox):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(username="rosa_b")
    assert user.profile.display_name == "Rosa Bell"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["rosa@example.org"]
    assert "Hello from Network!" in mailoutbox[0].body

    link = confirmation_link(mailoutbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/").context["user"] == user


def test_unverified_member_cannot_sign_in_until_they_confirm(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "rosa_b", "password": SIGNUP["password1"]}
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert not client.get("/").context["user"].is_authenticated


def test_signing_up_with_a_taken_email_does_not_reveal_the_account(client, member, mailoutbox):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": member.email})

    assert response["Location"] == reverse("account_email_verification_sent")
    assert not get_user_model().objects.filter(username=SIGNUP["username"]).exists()
    assert mailoutbox[0].to == [member.email]
    assert "already" in mailoutbox[0].body


class CountingHasher(MD5PasswordHasher):
    """Counts the passwords it hashes: the costly part of signing up (hundreds of
    milliseconds with the real hasher)."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def test_signing_up_with_a_taken_email_costs_what_a_new_one_does(
    client, member, settings, mailoutbox
):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]

    CountingHasher.hashed = 0
    client.post(reverse("account_signup"), {**SIGNUP, "email": member.email})
    hashed_for_taken_address = CountingHasher.hashed
    CountingHasher.hashed = 0
    client.post(reverse("account_signup"), SIGNUP)
    hashed_for_new_address = CountingHasher.hashed

    assert hashed_for_taken_address == hashed_for_new_address == 1
    assert [message.to for message in mailoutbox] == [[member.email], [SIGNUP["email"]]]


@pytest.mark.parametrize("login", ["member0", "member0@example.org", "MEMBER0"])
def test_member_signs_in_with_handle_or_email(client, login):
    UserFactory(username="member0")

    response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/").context["user"].username == "member0"


def test_signup_errors_sit_beside_their_fields_and_keep_what_was_typed(client, member):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "not-an-address",
            "username": "admin",
            "display_name": "My Name",
            "password1": "short",
            "password2": "different",
        },
    )

    assert response.status_code == 200
    assert {"email", "username", "password1"} <= set(response.context["form"].errors)
    page = response.text
    assert 'id="id_email_error"' in page
    assert 'id="id_username_error"' in page
    assert "reserved" in page
    assert 'value="not-an-address"' in page
    assert 'value="admin"' in page
    assert 'value="My Name"' in page
    assert "short" not in re.findall(r'name="password1"[^>]*', page)[0]


@pytest.mark.parametrize(
    ("handle", "message"),
    [("a b", "letters, digits or underscores"), ("x", "3"), ("moderators", "reserved")],
)
def test_bad_handles_are_refused_with_a_reason(client, handle, message):
    response = client.post(reverse("account_signup"), {**SIGNUP, "username": handle})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["username"])


def test_handles_are_unique_whatever_their_case(client):
    UserFactory(username="rosa_b")
    response = client.post(
        reverse("account_signup"),
        {**SIGNUP, "email": "other@example.org", "username": "Rosa_B"},
    )
    assert "username" in response.context["form"].errors


def test_repeated_failed_sign_ins_are_rate_limited(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.username, "password": "wrong"})

    response = client.post(
        reverse("account_login"), {"login": member.username, "password": PASSWORD}
    )

    assert "Too many failed sign-ins" in response.text
    assert not client.get("/").context["user"].is_authenticated


def test_password_reset_sends_a_link(client, member, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_reset_emails_to_one_address_stop_at_three_an_hour(client, member, mailoutbox, clock):
    for _ in range(3):
        response = client.post(reverse("account_reset_password"), {"email": member.email})
        assert response.status_code == 302

    refused = client.post(reverse("account_reset_password"), {"email": member.email.upper()})

    assert refused.status_code == 429
    assert len(mailoutbox) == 3
    assert _is_site_page(refused.text)
    assert "Too many password-reset emails" in refused.text
    assert "in an hour" in refused.text
    assert refused["Retry-After"] == "3600"

    clock.forward(60 * 60)
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 4


def test_reset_emails_from_one_place_stop_at_twenty_an_hour(client, clock):
    for number in range(20):
        response = client.post(
            reverse("account_reset_password"), {"email": f"someone{number}@example.org"}
        )
        assert response.status_code == 302
    clock.forward(2 * 60)

    refused = client.post(reverse("account_reset_password"), {"email": "fresh@example.org"})
    elsewhere = client.post(
        reverse("account_reset_password"),
        {"email": "fresh@example.org"},
        REMOTE_ADDR="198.51.100.9",
    )

    assert refused.status_code == 429
    assert elsewhere.status_code == 302


def test_other_refusals_say_to_wait_a_minute_in_the_sites_look(client, member):
    for _ in range(30):
        client.post(reverse("account_login"), {"login": "nobody", "password": "wrong"})

    refused = client.post(reverse("account_login"), {"login": "nobody", "password": "wrong"})

    assert refused.status_code == 429
    assert _is_site_page(refused.text)
    assert "Too many requests" in refused.text
    assert "in a minute" in refused.text
    assert refused["Retry-After"] == "60"


def test_member_changes_their_email_address(client, member, mailoutbox):
    sign_in(client, member)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new-address@example.org"}
    )
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["new-address@example.org"]
    assert EmailAddress.objects.filter(user=member, email="new-address@example.org").exists()


def test_member_turns_on_two_factor_sign_in(client, member):
    sign_in(client, member)
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "code" in wrong.context["form"].errors
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=member, type=Authenticator.Type.RECOVERY_CODES
    ).exists()

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": member.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get("/").context["user"].is_authenticated

    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get("/").context["user"] == member


ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
MEMBER_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "mfa_index",
    "account_reauthenticate",
]


def _is_site_page(html: str) -> bool:
    return 'class="skip-link"' in html and 'class="site-footer"' in html and "site.css" in html


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_account_pages_for_visitors_use_the_site_templates(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _is_site_page(response.text)


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_account_pages_for_members_use_the_site_templates(client, member, name):
    sign_in(client, member)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _is_site_page(response.text)


def test_account_pages_refuse_anonymous_visitors(client):
    for name in MEMBER_PAGES:
        if name == "account_logout":
            continue
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name
