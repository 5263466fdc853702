"""Phone width, keyboard and no JavaScript: the site works for all three."""

import pytest
from playwright.sync_api import expect

from tests.browser.people import sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def rosa(db):
    return UserFactory(
        username="rosa_b", profile__display_name="Rosa Bell", profile__visibility="public"
    )


@pytest.mark.parametrize(
    "url", ["/", "/accounts/signup/", "/accounts/login/", "/members/", "/members/rosa_b/"]
)
def test_pages_fit_a_phone_screen(phone_page, rosa, url):
    phone_page.goto(url)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360


def test_keyboard_user_skips_to_content_and_opens_the_account_menu(page, rosa):
    sign_in(page, rosa.username)
    page.goto("/members/rosa_b/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.locator("summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Your profile")).to_be_focused()


def test_without_javascript_a_member_signs_in_and_edits_their_profile(browser, live_server, rosa):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, rosa.username)

    page.goto("/members/rosa_b/edit/")
    page.get_by_label("Display name").fill("Rosa B. Bell")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("heading", name="Rosa B. Bell")).to_be_visible()
    context.close()


def test_the_browser_understands_every_feature_the_permissions_policy_names(page):
    warnings = []
    page.on("console", lambda message: warnings.append(message.text))

    page.goto("/")

    assert page.evaluate("document.featurePolicy.allowsFeature('camera')") is False
    assert [text for text in warnings if "Permissions-Policy" in text] == []
