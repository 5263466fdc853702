"""A member takes their data with them, then leaves: the export downloaded as a ZIP from
"Your data", and an account deleted with its posts anonymized, in a real browser."""

import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum
from network.leaving import deleting
from network.leaving.models import AccountDeletion
from tests.browser.people import established, sign_in
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def rosa_wrote(monkeypatch):
    """Rosa started a thread in the housing forum and Marcus answered her."""
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    rosa = established("rosa_b", profile__display_name="Rosa Bell")
    marcus = established("marcus_t", profile__display_name="Marcus T")
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(
        housing, rosa, "Rent strike checklist", "What do we need <script>before</script>?"
    )
    actions.post_reply(thread, marcus, "A tenants' meeting first.")
    return rosa, thread


def test_a_member_exports_their_data_and_downloads_the_zip(
    page, live_server, settings, celery_backend, rosa_wrote, tmp_path
):
    settings.SITE_URL = live_server.url  # where the email's link leads
    sign_in(page, "rosa_b")
    page.locator("summary", has_text="@rosa_b").click()
    page.get_by_role("link", name="Account settings").click()
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Your data"
    ).click()
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()

    # The worker runs in the site's process here (task_always_eager): the export is
    # built once the request commits, before the page comes back.
    page.get_by_role("button", name="Ask for my data").click()
    expect(page.get_by_text("We are gathering your data")).to_be_visible()
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("Ready")
    assert any("Your data is ready" in email.subject for email in mail.outbox)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data").click()
    saved = tmp_path / "export.zip"
    download_info.value.save_as(saved)

    with zipfile.ZipFile(saved) as archive:
        files = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
    assert {"index.html", "profile/profile.json", "posts/posts.html"} <= set(files)
    posts = json.loads(files["posts/posts.json"])
    assert posts[0]["thread"] == "Rent strike checklist"
    assert "&lt;script&gt;before&lt;/script&gt;" in files["posts/posts.html"].decode()
    assert page.console_errors == []


def test_a_member_deletes_their_account_and_their_posts_show_a_former_member(
    page, live_server, rosa_wrote
):
    rosa, thread = rosa_wrote
    sign_in(page, "rosa_b")
    page.goto("/accounts/data/")
    page.get_by_role("link", name="Delete your account").last.click()
    page.get_by_label("Anonymize").check()
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account in seven days").click()

    # allauth asks for the password again, then carries the request on.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your account will be deleted")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    # A week later, beat's task carries it out.
    AccountDeletion.objects.filter(member=rosa).update(due_at=timezone.now() - timedelta(1))
    assert deleting.carry_out_due_deletions() == 1

    page.goto(thread.get_absolute_url())
    opening = page.locator(".post--opening")
    expect(opening.locator(".post__author")).to_have_text("a former member")
    expect(opening).to_contain_text("What do we need")
    expect(page.get_by_text("A tenants' meeting first.")).to_be_visible()
    expect(page.get_by_text("Rosa Bell")).to_have_count(0)
    expect(page.get_by_text("@rosa_b")).to_have_count(0)
    assert page.console_errors == []
