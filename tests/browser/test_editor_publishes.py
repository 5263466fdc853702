"""An editor publishes a cross-post through the Wagtail admin, and a visitor reads it
with its attribution, the disclaimer and a canonical link to the source."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory, articles_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SOURCE_URL = "https://southern-worker.example/2026/the-original"


def test_editor_publishes_a_cross_post_and_a_visitor_reads_it_attributed(
    browser, live_server, page, settings
):
    # Wagtail saves a draft half a second after each change; on a busy machine that
    # first save (which creates the page) can still be on its way when Publish is
    # pressed, and the page is created twice. This test is about publishing.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    editor = UserFactory(username="edna_editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    index = articles_index()

    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto("/admin/")
    page.get_by_label("Email or handle").fill("edna_editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    page.goto(f"/admin/pages/add/blog/articlepage/{index.pk}/")
    page.locator("#id_title").fill("Organizing the Gulf Coast")
    page.locator("#id_introduction").fill("Written elsewhere, posted here with a link back.")
    page.locator("#id_source_name").fill("Southern Worker")
    page.locator("#id_source_url").fill(SOURCE_URL)
    page.locator("#id_original_author").fill("Luis Cardenas")
    page.get_by_title("Insert a block").click()
    page.get_by_role("option", name="Video segment").click()
    page.locator("[name='body-0-value-title']").fill("Opening remarks")
    page.locator("[name='body-0-value-video']").fill("https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("created and published")).to_be_visible()

    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto(f"{index.url}organizing-the-gulf-coast/")

    expect(visitor.get_by_role("heading", name="Organizing the Gulf Coast")).to_be_visible()
    top = visitor.locator(".attribution--top")
    expect(top).to_contain_text("Originally published by Southern Worker")
    expect(top.get_by_role("link", name="Southern Worker")).to_have_attribute("href", SOURCE_URL)
    bottom = visitor.locator(".attribution--bottom")
    expect(bottom).to_contain_text("posted here for educational purposes only")
    expect(bottom.get_by_role("link")).to_have_attribute("href", SOURCE_URL)
    expect(visitor.locator(".disclaimer")).to_contain_text("Not an endorsement")
    expect(visitor.locator("link[rel=canonical]")).to_have_attribute("href", SOURCE_URL)
    expect(visitor.get_by_role("heading", name="Segment 1 Opening remarks")).to_be_visible()
    visitor.context.close()
