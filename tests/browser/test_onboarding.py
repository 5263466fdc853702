"""A newcomer walks through the welcome in a real browser: they confirm their email and
land on it, set where they organize, skip the visibility step, read the code of conduct,
leave the rest for later, and the home page shows what is left; saying hello in
Introductions takes one more off. On a phone's width the welcome does not scroll sideways,
and it works without JavaScript."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Site

from blog.models import HomePage, StandardPage
from network.models import NetworkSettings, Onboarding, Profile
from tests.browser.people import step

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long passphrase for nell"


@pytest.fixture
def code_of_conduct():
    home = HomePage.objects.get()
    code = home.add_child(
        instance=StandardPage(title="Code of conduct", slug="code-of-conduct", live=True)
    )
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    network.code_of_conduct_page = code
    network.save()
    return code


def join_and_confirm(page, settings, live_server) -> None:
    settings.SITE_URL = live_server.url  # where the email's link leads
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("nell@example.org")
    page.get_by_label("Handle").fill("nell_n")
    page.get_by_label("Display name").fill("Nell Newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Join the network").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()


@pytest.mark.usefixtures("no_pause_between_posts")
def test_newcomer_does_some_steps_skips_others_and_the_home_page_shows_what_is_left(
    page, live_server, settings, code_of_conduct
):
    join_and_confirm(page, settings, live_server)

    expect(page.get_by_role("heading", name="Welcome, Nell Newcomer")).to_be_visible()
    place = step(page, "Where you organize, and your tendency")
    place.get_by_label("Where you organize").select_option(label="Georgia")
    place.get_by_role("button", name="Save").click()
    expect(step(page, "Where you organize, and your tendency").get_by_text("Done")).to_be_visible()

    step(page, "Who sees your profile").get_by_role("button", name="Skip this step").click()
    expect(step(page, "Who sees your profile").get_by_text("Skipped")).to_be_visible()

    conduct = step(page, "Our code of conduct")
    expect(conduct.get_by_role("link", name="Read “Code of conduct”")).to_have_attribute(
        "href", code_of_conduct.url
    )
    conduct.get_by_role("button", name="I have read it").click()
    expect(step(page, "Our code of conduct").get_by_text("Done")).to_be_visible()

    page.get_by_role("link", name="Go to the home page").click()
    first_steps = page.get_by_role("region", name="Your first steps")
    expect(first_steps).to_contain_text("2 steps are left")
    expect(first_steps.get_by_role("listitem")).to_have_text(["Two-factor sign-in", "Say hello"])

    first_steps.get_by_role("link", name="Continue your welcome").click()
    page.get_by_role("link", name="Say hello in Introductions").click()
    page.get_by_label("Title").fill("Hello from Macon")
    page.get_by_label("Opening post").fill("I organize with a tenants' union in Macon.")
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", name="Hello from Macon")).to_be_visible()

    page.goto("/")
    expect(page.get_by_role("region", name="Your first steps")).to_contain_text("One step is left")
    onboarding = Onboarding.objects.get(user__username="nell_n")
    assert (onboarding.place, onboarding.visibility, onboarding.conduct) == (
        "done",
        "skipped",
        "done",
    )
    assert onboarding.introduction == "done"
    assert onboarding.two_factor == ""
    assert Profile.objects.get(user__username="nell_n").region.name == "Georgia"
    assert page.console_errors == []


def test_the_welcome_fits_a_phone_and_works_without_javascript(browser, live_server, settings):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        join_and_confirm(page, settings, live_server)
        expect(page.get_by_role("heading", name="Welcome, Nell Newcomer")).to_be_visible()
        assert not page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )

        visibility = step(page, "Who sees your profile")
        visibility.get_by_label("Only members who are signed in").check()
        visibility.get_by_role("button", name="Save").click()
        expect(step(page, "Who sees your profile").get_by_text("Done")).to_be_visible()
        assert Profile.objects.get(user__username="nell_n").visibility == "members"
    finally:
        context.close()
