"""An editor makes a campaign page with an endorsement drive in the Wagtail admin; a
visitor endorses it and confirms through the emailed link; the editor approves it in the
admin; and the endorser appears on the page, counted."""

import pytest
from playwright.sync_api import expect

from blog.endorsements import Endorsement
from blog.models import HomePage
from tests.blog.endorsements.helpers import make_campaign, make_endorsement
from tests.browser.endorsing import (
    add_drive,
    approve_in_admin,
    confirm_by_email,
    editor_in_admin,
    endorse,
    publish,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATEMENT = "We endorse the second conference of the Southern left."


def test_an_editor_runs_a_drive_and_a_visitor_endorses_it(browser, live_server, page, settings):
    settings.SITE_URL = live_server.url  # where the email's links lead
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # see tests.browser.endorsing.publish
    editor_in_admin(page, live_server)
    home = HomePage.objects.get()

    # The editor makes the campaign page, its drive in the same form.
    page.goto(f"/admin/pages/add/blog/campaignpage/{home.pk}/")
    page.locator("#id_title").fill("Endorse the second conference!")
    add_drive(page, STATEMENT)
    publish(page)

    # A visitor endorses it…
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/endorse-the-second-conference/")
    expect(visitor.locator(".endorsement-drive__statement")).to_contain_text(STATEMENT)
    expect(visitor.locator(".endorsers__count")).to_have_text("No endorsements are listed yet.")
    endorse(
        visitor,
        name="Rosa Bell",
        email="rosa@example.org",
        role="Organizer",
        city="Atlanta",
        state="Georgia",
    )
    # …and confirms through the link in the email.
    confirm_by_email(visitor, "Rosa Bell")

    # The editor approves it in the admin.
    approve_in_admin(page, "Rosa Bell")

    # The endorser is on the page, counted.
    visitor.reload()
    endorsers = visitor.locator(".endorsers")
    expect(endorsers.locator(".endorser__name")).to_have_text("Rosa Bell")
    expect(endorsers.locator(".endorsers__count")).to_have_text("1 endorser")
    expect(endorsers).to_contain_text("Organizer")
    expect(endorsers).not_to_contain_text("rosa@example.org")
    visitor.context.close()


def test_a_drive_fits_a_phone_and_its_form_is_sent_back_there_with_errors(phone_page):
    long_word = "Solidaritätsstreikversammlungsprotokollführungsausschuss"
    _, drive = make_campaign()
    make_endorsement(
        drive,
        "Rosa Bell",
        kind=Endorsement.Kind.ORGANIZATION,
        organization=f"The {long_word} of Georgia",
        comment=f"https://example.org/{long_word}/{long_word}",
    )
    make_endorsement(drive, f"Bartholomew {long_word}", role=long_word)
    page = phone_page

    page.goto("/endorse-the-second-conference/")
    assert not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    # Without a choice or a name, the form comes back with the errors beside the fields
    # and what was typed still there.
    page.get_by_label("City or town", exact=True).fill("Macon")
    page.get_by_role("button", name="Endorse", exact=True).click()
    expect(page.locator(".field--invalid")).to_have_count(4)
    expect(page.get_by_label("City or town", exact=True)).to_have_value("Macon")
    assert not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
