"""A visitor joins, confirms their email, signs in, fills in their profile and sees it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from network.models import Profile

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long passphrase for rosa"


def test_visitor_joins_confirms_signs_in_and_fills_in_their_profile(page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = live_server.url  # where the email's link leads
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Join the network", exact=True).click()

    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label("Handle").fill("rosa_b")
    page.get_by_label("Display name").fill("Rosa Bell")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Join the network").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Confirming signs the new member in; they sign out and back in with their handle.
    page.locator("summary", has_text="@rosa_b").click()
    page.get_by_role("button", name="Sign out").click()
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    header.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email or handle").fill("rosa_b")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.locator("summary", has_text="@rosa_b").click()
    page.get_by_role("link", name="Account settings").click()
    page.get_by_label("Region").select_option(label="Georgia")
    page.get_by_label("Tendency").select_option(label="Democratic socialist")
    page.get_by_label("Organizations").fill("Atlanta Tenants Union")
    page.get_by_label("About you").fill(
        'I organize **tenants**.\n\n<script>window.pwned = "script"</script>\n\n'
        '<img src="x" onerror="window.pwned = \'img\'">'
    )
    page.get_by_label("Public: anyone can see it").check()
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("heading", name="Rosa Bell")).to_be_visible()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_text("@rosa_b", exact=True).first).to_be_visible()
    expect(page.locator(".profile__facts")).to_contain_text("Georgia")
    expect(page.locator(".profile__facts")).to_contain_text("Democratic socialist")
    expect(page.locator(".profile__facts")).to_contain_text("Atlanta Tenants Union")
    bio = page.locator(".profile__bio")
    expect(bio.locator("strong")).to_have_text("tenants")
    expect(bio).to_contain_text('<script>window.pwned = "script"</script>')
    assert bio.locator("script, img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert "rosa@example.org" not in page.content()
    assert page.console_errors == []

    profile = Profile.objects.get(user__username="rosa_b")
    assert profile.visibility == "public"
    assert profile.region.name == "Georgia"


def test_profile_form_errors_show_beside_the_field_and_keep_the_text(page, live_server, settings):
    from tests.factories import PASSWORD as MEMBER_PASSWORD
    from tests.factories import UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    UserFactory(username="jo")
    page.goto("/accounts/login/")
    page.get_by_label("Email or handle").fill("jo@example.org")
    page.get_by_label("Password").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto("/members/jo/edit/")

    page.get_by_label("Display name").fill("   ")
    page.get_by_label("About you").fill("A bio I do not want to type twice.")
    page.get_by_role("button", name="Save profile").click()

    display_name = page.get_by_label("Display name")
    expect(display_name).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_display_name_error")
    expect(error).to_contain_text("Please enter the name others will see.")
    expect(page.get_by_label("About you")).to_have_value("A bio I do not want to type twice.")
