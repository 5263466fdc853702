"""The steps of an endorsement drive in a real browser, for a drive on any page: an
editor adds it in the Wagtail admin and later approves an endorsement there; a visitor
signs the page's form and confirms through the emailed link.

The editor's tab is signed in to the admin; the visitor's is a context of its own.
"""

import re

from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from blog.endorsements import Endorsement
from tests.blog.endorsements.helpers import links_in
from tests.factories import PASSWORD, UserFactory


def editor_in_admin(page, live_server, handle: str = "edna_editor"):
    """A member of the "Editors" group, signed in to the admin in a wide ``page``."""
    editor = UserFactory(username=handle)
    editor.groups.add(Group.objects.get(name="Editors"))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto("/admin/")
    page.get_by_label("Email or handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    return editor


def add_drive(page, statement: str) -> None:
    """In a page's editor: "Add endorsement drive" and its statement typed in."""
    page.get_by_role("button", name="Add endorsement drive").click()
    editor = page.locator("#id_endorsement_drives-FORMS [contenteditable='true']")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type(statement)
    # The rich text editor keeps what was typed in the form's field: wait for it before
    # publishing, or the drive is sometimes saved without it.
    expect(page.locator("[name='endorsement_drives-0-statement']")).to_have_value(
        re.compile(re.escape(statement[-20:]))
    )


def publish(page) -> None:
    """Publishes the page being created. The tests turn Wagtail's autosave off
    (``WAGTAIL_AUTOSAVE_INTERVAL = 0``): a robot pauses at random, and an autosave in
    flight when Publish is pressed creates the page first, so that the form, still sent
    to "add", is refused for its slug, now taken."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("created and published")).to_be_visible()


def endorse(
    visitor,
    *,
    name: str,
    email: str,
    role: str,
    city: str,
    state: str,
    organization: str = "",
) -> None:
    """Signs the drive on the visitor's page: for ``organization`` when given (listed by
    the organization's name), else as an individual. The page then asks to confirm by
    email, and lists neither."""
    visitor.get_by_label("An organization" if organization else "An individual").check()
    visitor.get_by_label("Your name", exact=True).fill(name)
    if organization:
        visitor.get_by_label("Organization", exact=True).fill(organization)
    visitor.get_by_label("Role", exact=True).fill(role)
    visitor.get_by_label("City or town", exact=True).fill(city)
    visitor.get_by_label("State", exact=True).select_option(label=state)
    visitor.get_by_label("Email", exact=True).fill(email)
    visitor.get_by_role("button", name="Endorse", exact=True).click()
    expect(visitor.locator(".message--success")).to_contain_text("Almost done")
    expect(visitor.locator(".endorsers")).not_to_contain_text(organization or name)


def confirm_by_email(visitor, listed_as: str) -> None:
    """Follows the confirmation link of the one email sent: the endorsement waits for an
    editor, so the page does not list it (``listed_as``) yet."""
    assert len(mail.outbox) == 1
    visitor.goto(links_in(mail.outbox[0])["confirm"])
    visitor.get_by_role("button", name="Confirm my endorsement").click()
    expect(visitor.locator(".message--success")).to_contain_text("your endorsement is confirmed")
    expect(visitor.locator(".endorsers")).not_to_contain_text(listed_as)


def approve_in_admin(page, name: str) -> None:
    """The editor approves ``name``'s endorsement from the admin's pending list."""
    page.goto("/admin/endorsements/?status=pending")
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("Pending review")
    row.get_by_role("button", name=re.compile("More options")).click()
    row.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name="Yes").click()
    expect(page.get_by_text("1 endorsement approved.")).to_be_visible()
    assert Endorsement.objects.get(name=name).status == Endorsement.Status.APPROVED
