"""Polls in a real browser: a member opens a thread with a poll from the new-thread form,
another votes, changes the vote and takes it back, with JavaScript off (plain forms);
axe finds nothing wrong with the form's poll part open nor with a thread's poll."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum, Poll
from forums.models.polls import NewPoll
from tests.browser.people import established, sign_in
from tests.browser.test_accessibility import axe_context, violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_opens_a_thread_with_a_poll_and_another_votes_without_javascript(
    browser, live_server, page, monkeypatch
):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    established("jo_alvarez", profile__display_name="Jo Alvarez")
    established("deb_k", profile__display_name="Deborah King")

    sign_in(page, "jo_alvarez")
    page.goto("/forums/housing/new/")
    page.get_by_label("Title").fill("Where do we meet in April?")
    page.get_by_label("Opening post").fill("Vote for the city you can reach.")
    page.get_by_text("Add a poll").click()
    page.get_by_label("Options, one per line").fill("Atlanta\nAtlanta\nDurham")
    page.get_by_role("button", name="Start thread").click()
    # Refused beside the options, the poll part open, everything kept.
    expect(page.get_by_text("“Atlanta” is there twice.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Where do we meet in April?")
    page.get_by_label("Options, one per line").fill("Atlanta\nBirmingham\nDurham")
    page.get_by_label("To each member once they have voted").check()
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", name="Where do we meet in April?")).to_be_visible()
    poll = page.locator("#poll")
    expect(poll).to_contain_text("0 voters")
    expect(poll).to_contain_text("The results show once you have voted")
    thread_url = page.url

    # Another member, with JavaScript off: the forms alone.
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    voter = context.new_page()
    sign_in(voter, "deb_k")
    voter.goto(thread_url)
    poll = voter.locator("#poll")
    poll.get_by_role("radio", name="Durham").check()
    poll.get_by_role("button", name="Vote").click()
    expect(voter.get_by_text("Your vote is counted.")).to_be_visible()
    poll = voter.locator("#poll")
    expect(poll).to_contain_text("1 voter")
    expect(poll.locator(".poll__option", has_text="Durham")).to_contain_text("Your vote")
    expect(poll.locator(".poll__option", has_text="Durham")).to_contain_text("100% · 1 vote")
    expect(poll.get_by_role("radio", name="Durham")).to_be_checked()
    expect(poll.get_by_role("meter", name="Durham 100% · 1 vote")).to_have_attribute("value", "100")

    poll.get_by_role("radio", name="Atlanta").check()
    poll.get_by_role("button", name="Change vote").click()
    poll = voter.locator("#poll")
    expect(poll.locator(".poll__option", has_text="Atlanta")).to_contain_text("100% · 1 vote")
    expect(poll.locator(".poll__option", has_text="Durham")).to_contain_text("0% · 0 votes")

    poll.get_by_role("button", name="Remove my vote").click()
    expect(voter.get_by_text("Your vote is removed.")).to_be_visible()
    expect(voter.locator("#poll")).to_contain_text("0 voters")
    expect(voter.locator("#poll")).not_to_contain_text("Your vote")
    context.close()

    # The author closes it; the results are everyone's now.
    page.goto(thread_url)
    page.get_by_role("button", name="Close the poll now").click()
    expect(page.locator("#poll")).to_contain_text("Closed")
    expect(page.locator("#poll .poll__bar")).to_have_count(3)
    assert not Poll.objects.get().is_open()


@pytest.mark.parametrize(("width", "scheme"), [("phone", "light"), ("desktop", "dark")])
def test_no_accessibility_violations_on_polls(browser, live_server, monkeypatch, width, scheme):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    rosa = established("rosa_b", profile__display_name="Rosa B")
    established("marcus_t", profile__display_name="Marcus T")
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(
        housing,
        rosa,
        "Where do we meet?",
        "Vote.",
        poll=NewPoll(
            options=["Atlanta", "Birmingham", "Durham"],
            kind="multiple",
            closes_at=timezone.now() + timedelta(days=3),
        ),
    )
    from forums import polling

    polling.vote(thread.poll, rosa, [thread.poll.options.first().pk])
    context = axe_context(browser, live_server, width, scheme)
    page = context.new_page()
    found = violations(page, thread.get_absolute_url(), scheme)  # a visitor: results only
    sign_in(page, "marcus_t")
    found += violations(page, thread.get_absolute_url(), scheme)  # the voting form
    page.goto("/forums/housing/new/")
    page.get_by_label("Title").fill("Where next?")
    page.get_by_label("Opening post").fill("Vote.")
    page.get_by_text("Add a poll").click()
    page.get_by_label("Options, one per line").fill("Only one")
    page.get_by_role("button", name="Start thread").click()  # errors beside the fields
    expect(page.get_by_text("Give the poll at least two options")).to_be_visible()
    found += violations(page, page.url, scheme)
    context.close()
    assert found == [], "\n".join(found)
