"""The members the forum browser tests bring along, and how each signs in.

Everyone here joined a month ago, past the new member's first-day limits. One tab
serves several people in turn: signing in first drops whoever was signed in, so a
failure's screenshot shows what the last of them saw.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory


def established(username: str, **fields):
    """A member of a month's standing."""
    return UserFactory(username=username, date_joined=timezone.now() - timedelta(days=30), **fields)


def site_moderator(username: str, **fields):
    """A member of the "Moderators" group: moderates every forum."""
    user = established(username, **fields)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def sign_in(page, handle: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    # By the fields' names, so that it works whatever language the browser asks for.
    form = page.locator("form", has=page.locator("input[name=login]"))
    form.locator("input[name=login]").fill(handle)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]:not([form])").click()
    expect(page.locator("summary", has_text=f"@{handle}")).to_be_visible()


def step(page, name: str):
    """One of the welcome's steps (``/welcome/``), by its heading."""
    return page.locator(".welcome-step", has=page.get_by_role("heading", name=name))
