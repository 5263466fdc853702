"""A newcomer joins with a recruiter's passcode, and the moderators see who recruited them."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from network.recruiting import actions as recruiting
from tests.blog.own_pages import make_standard_page
from tests.browser.people import established, sign_in, site_moderator, step
from tests.factories import make_join_page, registration

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long passphrase for dana"


def test_newcomer_joins_with_a_recruiters_passcode_and_moderators_see_the_recruiter(
    page, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = live_server.url  # where the email's link leads
    make_join_page(intro="<p>We grow through people who know each other.</p>")
    registration(
        registration_mode="recruitment", points_of_unity_page=make_standard_page("Points of unity")
    )
    rosa = established("rosa_b", profile__display_name="Rosa Bell")
    passcode = recruiting.passcode_for(rosa, recruiting.network_settings()).shown_passcode
    site_moderator("mod_mo")

    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Join the network", exact=True).click()
    expect(page).to_have_url(re.compile(r"/join/$"))
    expect(page.get_by_text("We grow through people who know each other.")).to_be_visible()

    # A mistyped passcode is refused beside the field, and nothing typed is lost.
    page.get_by_label("Passcode or invitation code").fill("not-the-code")
    page.get_by_label("Email").fill("dana@example.org")
    page.get_by_label("Handle").fill("dana_k")
    page.get_by_label("Display name").fill("Dana Kim")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("A project you are organizing, or want to").fill("A riders' union in Durham")
    page.get_by_label("I have read the points of unity and agree to them").check()
    page.get_by_role("button", name="Join the network").click()

    expect(page.locator("#id_passcode_error")).to_contain_text("That passcode is not right")
    expect(page.get_by_label("Handle")).to_have_value("dana_k")
    expect(page.get_by_label("A project you are organizing, or want to")).to_have_value(
        "A riders' union in Durham"
    )

    page.get_by_label("Passcode or invitation code").fill(passcode.upper())
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I have read the points of unity and agree to them").check()
    page.get_by_role("button", name="Join the network").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("summary", has_text="@dana_k")).to_be_visible()

    # Confirmed, the newcomer is welcomed: a first step done, the rest left for later.
    expect(page.get_by_role("heading", name="Welcome, Dana Kim")).to_be_visible()
    place = step(page, "Where you organize, and your tendency")
    place.get_by_label("Where you organize").select_option(label="North Carolina")
    place.get_by_role("button", name="Save").click()
    expect(step(page, "Where you organize, and your tendency").get_by_text("Done")).to_be_visible()

    # The newcomer's profile does not say who recruited them; the moderators' view does.
    sign_in(page, "rosa_b")
    page.goto("/members/dana_k/")
    expect(page.get_by_role("heading", name="Dana Kim")).to_be_visible()
    expect(page.get_by_text("riders' union")).to_have_count(0)

    sign_in(page, "mod_mo")
    page.goto("/forums/moderation/members/dana_k/")
    recruiter = page.locator(".moderation-recruitment__recruiter")
    expect(recruiter).to_contain_text("Rosa Bell")
    expect(recruiter).to_contain_text("@rosa_b")
    expect(page.get_by_text("A riders' union in Durham")).to_be_visible()
    assert page.console_errors == []


def test_the_join_and_recruiting_pages_fit_a_phone(phone_page, live_server):
    from tests.factories import make_invitation

    make_join_page(intro="<p>We grow through people who know each other.</p>")
    registration(registration_mode="recruitment")
    rosa = established("rosa_b")
    make_invitation(rosa, "a-rather-long-address-for-a-phone@tenants-union.example.org")
    sign_in(phone_page, "rosa_b")
    phone_page.goto("/accounts/recruiting/")
    expect(phone_page.locator(".passcode code")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Withdraw")).to_be_visible()
    recruiting_too_wide = phone_page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    phone_page.context.clear_cookies()
    phone_page.goto("/join/")
    expect(phone_page.get_by_label("Passcode or invitation code")).to_be_visible()
    join_too_wide = phone_page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )

    assert not recruiting_too_wide
    assert not join_too_wide
