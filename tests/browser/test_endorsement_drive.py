"""An editor makes a campaign page with an endorsement drive in the Wagtail admin; a
visitor endorses it and confirms through the emailed link; the editor approves it in the
admin; and the endorser appears on the page, counted."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from blog.endorsements import Endorsement
from blog.models import HomePage
from tests.blog.endorsements.helpers import links_in, make_campaign, make_endorsement
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATEMENT = "We endorse the second conference of the Southern left."


def test_an_editor_runs_a_drive_and_a_visitor_endorses_it(browser, live_server, page, settings):
    settings.SITE_URL = live_server.url  # where the email's links lead
    editor = UserFactory(username="edna_editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    home = HomePage.objects.get()

    # The editor makes the campaign page, its drive in the same form.
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto("/admin/")
    page.get_by_label("Email or handle").fill("edna_editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    page.goto(f"/admin/pages/add/blog/campaignpage/{home.pk}/")
    page.locator("#id_title").fill("Endorse the second conference!")
    page.get_by_role("button", name="Add endorsement drive").click()
    statement = page.locator("#id_endorsement_drives-FORMS [contenteditable='true']")
    expect(statement).to_be_visible()
    statement.click()
    page.keyboard.type(STATEMENT)
    # The editor keeps what was typed in the form's field: wait for it before publishing.
    expect(page.locator("[name='endorsement_drives-0-statement']")).to_have_value(
        re.compile("second conference")
    )
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("created and published")).to_be_visible()

    # A visitor endorses it.
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/endorse-the-second-conference/")
    expect(visitor.locator(".endorsement-drive__statement")).to_contain_text(STATEMENT)
    expect(visitor.locator(".endorsers__count")).to_have_text("No endorsements are listed yet.")
    visitor.get_by_label("An individual").check()
    visitor.get_by_label("Your name", exact=True).fill("Rosa Bell")
    visitor.get_by_label("Role", exact=True).fill("Organizer")
    visitor.get_by_label("City or town", exact=True).fill("Atlanta")
    visitor.get_by_label("State", exact=True).select_option(label="Georgia")
    visitor.get_by_label("Email", exact=True).fill("rosa@example.org")
    visitor.get_by_role("button", name="Endorse", exact=True).click()
    expect(visitor.locator(".message--success")).to_contain_text("Almost done")
    expect(visitor.locator(".endorsers")).not_to_contain_text("Rosa Bell")

    # …and confirms through the link in the email.
    assert len(mail.outbox) == 1
    visitor.goto(links_in(mail.outbox[0])["confirm"])
    visitor.get_by_role("button", name="Confirm my endorsement").click()
    expect(visitor.locator(".message--success")).to_contain_text("your endorsement is confirmed")
    expect(visitor.locator(".endorsers")).not_to_contain_text("Rosa Bell")

    # The editor approves it in the admin.
    page.goto("/admin/endorsements/?status=pending")
    row = page.get_by_role("row").filter(has_text="Rosa Bell")
    expect(row).to_contain_text("Pending review")
    row.get_by_role("button", name=re.compile("More options")).click()
    row.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name="Yes").click()
    expect(page.get_by_text("1 endorsement approved.")).to_be_visible()
    assert Endorsement.objects.get().status == Endorsement.Status.APPROVED

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
