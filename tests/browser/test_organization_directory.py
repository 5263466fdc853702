"""On a phone, a visitor finds the organization directory from the header, narrows it
to their region with the filter form (no JavaScript needed), and opens an organization:
no page scrolls sideways, whatever the entries' names and descriptions."""

import pytest
from playwright.sync_api import expect

from tests.browser.people import established
from tests.browser.test_phone_width import LONG_WORD, PHONE_WIDTH, scrolls_sideways
from tests.network.directory_data import make_organization, make_project, name_on_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def directory():
    union = make_organization(
        f"Georgia {LONG_WORD} Tenants Union",
        kind="tenant_union",
        regions=["georgia"],
        website=f"https://example.org/{LONG_WORD}/{LONG_WORD}",
        description=f"Building by building: {LONG_WORD}.",
        affiliate=True,
    )
    make_organization("Houston Workers Center", kind="collective", regions=["texas"])
    make_organization("Southern Worker Press", kind="media", regions=["alabama", "georgia"])
    rosa = established("rosa_b", profile__display_name="Rosa Bell", profile__visibility="public")
    marcus = established("marcus_t", profile__display_name="Marcus T")  # members only
    name_on_page(rosa.profile, union)
    name_on_page(marcus.profile, union)
    make_project(organization=union, contacts=[rosa], city="Atlanta")
    return union


def test_a_visitor_on_a_phone_filters_the_directory_by_region_and_opens_an_organization(
    phone_page, directory
):
    page = phone_page
    page.goto("/")
    assert page.evaluate("document.documentElement.clientWidth") == PHONE_WIDTH

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organizations").click()
    expect(page.get_by_role("heading", level=1, name="Organizations")).to_be_visible()
    expect(page.locator(".directory-card")).to_have_count(3)
    assert not scrolls_sideways(page)

    page.get_by_label("Region").select_option(label="Georgia")
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_role("heading", level=1, name="Organizations in Georgia")).to_be_visible()
    expect(page.locator(".directory-card")).to_have_count(2)
    expect(page.get_by_text("Houston Workers Center")).to_have_count(0)
    assert "region=georgia" in page.url
    assert not scrolls_sideways(page)

    page.get_by_role("link", name=directory.name).click()

    expect(page.get_by_role("heading", level=1, name=directory.name)).to_be_visible()
    expect(page.get_by_text("Network affiliate")).to_be_visible()
    expect(page.get_by_role("link", name="Rosa Bell")).to_be_visible()
    expect(page.get_by_text("Marcus T")).to_have_count(0)  # members only: not to a visitor
    expect(page.get_by_role("link", name="Peachtree Towers tenants' association")).to_be_visible()
    assert not scrolls_sideways(page)


def test_the_directory_filters_work_without_javascript_from_the_keyboard(
    browser, live_server, directory
):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": PHONE_WIDTH, "height": 740},
    )
    page = context.new_page()
    try:
        page.goto("/organizations/")
        page.get_by_label("Kind").focus()
        page.get_by_label("Kind").select_option("media")
        page.keyboard.press("Tab")  # to "Network affiliates only"
        page.keyboard.press("Tab")  # to "Show"
        page.keyboard.press("Enter")

        expect(page.locator(".directory-card")).to_have_count(1)
        expect(page.get_by_role("link", name="Southern Worker Press")).to_be_visible()
        assert "kind=media" in page.url
    finally:
        context.close()
