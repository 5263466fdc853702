"""A member adds a passkey in a real browser, signs out, and signs back in with the
passkey alone; then with their password, and the passkey as the second step.
Chromium's virtual authenticator (DevTools' WebAuthn domain) plays the phone: it keeps
the passkey and says the member unlocked it.

The live server answers at http://localhost, a secure context for WebAuthn, and the
passkey belongs to "localhost" (allauth's relying party is the request's host)."""

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.browser.people import established, sign_in
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def add_virtual_authenticator(page) -> tuple:
    """A platform authenticator (like a phone's or a laptop's) that keeps passkeys and
    verifies its user at once."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


def confirm_password(page) -> None:
    """allauth asks for the password again before a passkey is added or changed."""
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def test_member_adds_a_passkey_signs_out_and_signs_in_with_it_alone(page, live_server):
    member = established("rosa_b", profile__display_name="Rosa Bell")
    devtools, authenticator_id = add_virtual_authenticator(page)
    sign_in(page, "rosa_b")

    page.locator("summary", has_text="@rosa_b").click()
    page.get_by_role("link", name="Account settings").click()
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Passkeys").click()
    expect(page.get_by_text("You have no passkey yet.")).to_be_visible()
    page.get_by_role("link", name="Add a passkey").click()
    confirm_password(page)
    page.get_by_label("Name").fill("Rosa's laptop")
    expect(page.get_by_label("Sign in with this passkey alone")).to_be_checked()
    page.get_by_role("button", name="Add the passkey").click()

    # A first second factor brings recovery codes along; allauth shows them at once.
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    page.goto("/accounts/2fa/webauthn/")
    expect(page.get_by_role("heading", name="Rosa's laptop")).to_be_visible()
    expect(page.get_by_text("Signs you in alone")).to_be_visible()
    passkey = Authenticator.objects.get(user=member, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless is True
    credentials = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1
    assert credentials["credentials"][0]["isResidentCredential"] is True

    page.locator("summary", has_text="@rosa_b").click()
    page.get_by_role("button", name="Sign out").click()
    header = page.get_by_role("banner")
    header.get_by_role("link", name="Sign in").click()
    page.get_by_role("button", name="Use a passkey").click()

    expect(page.locator("summary", has_text="@rosa_b")).to_be_visible()
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None

    # With a password, the passkey is the second step.
    page.locator("summary", has_text="@rosa_b").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email or handle").fill("rosa_b")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.locator("summary", has_text="@rosa_b")).to_be_visible()
    assert page.console_errors == []


def test_member_renames_and_removes_a_passkey(page, live_server):
    established("rosa_b")
    add_virtual_authenticator(page)
    sign_in(page, "rosa_b")
    page.goto("/accounts/2fa/webauthn/add/")
    confirm_password(page)
    page.get_by_role("button", name="Add the passkey").click()
    # Added once the browser has made it and the form is sent: recovery codes come next.
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    page.goto("/accounts/2fa/webauthn/")

    page.get_by_role("link", name="Rename").click()
    page.get_by_label("Name").fill("Old phone")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Old phone")).to_be_visible()

    page.get_by_role("link", name="Remove").click()
    page.get_by_role("button", name="Remove the passkey").click()
    expect(page.get_by_text("You have no passkey yet.")).to_be_visible()
    assert not Authenticator.objects.filter(type=Authenticator.Type.WEBAUTHN).exists()
