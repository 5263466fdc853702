"""Polls (issue #15), once votes are in: closing by time, by the author or a moderator,
and reopening; results shown as the poll says; voters' names on no page for anyone; what
lists and thread pages cost; a member's votes when they leave; the demo's poll."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from forums import polling
from forums.models import ModerationAction, Poll, PollVote
from network.leaving.deleting import erase_member
from network.leaving.exporting import files_of
from tests.forums.conftest import established
from tests.forums.polls import (
    close_url,
    counts,
    poll_html,
    start_poll,
    vote_as,
    vote_url,
    voters,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]


# --- Closing ------------------------------------------------------------------------


def test_the_author_closes_their_poll_and_may_reopen_it(client, housing):
    author = established()
    thread = start_poll(housing, author=author)
    client.force_login(author)

    assert "Close the poll now" in poll_html(client.get(thread.get_absolute_url()))
    assert client.post(close_url(thread), {"closed": "1"}).status_code == 302
    poll = Poll.objects.get(thread=thread)
    assert poll.closed_by == author
    assert not poll.is_open()
    assert not ModerationAction.objects.exists()  # their own: not a moderator's act

    assert "Reopen the poll" in poll_html(client.get(thread.get_absolute_url()))
    client.post(close_url(thread), {"closed": "0"})
    assert Poll.objects.get(thread=thread).is_open()


def test_a_moderator_closes_a_poll_logged_and_the_author_cannot_undo_it(client, moderator, housing):
    author = established()
    thread = start_poll(housing, author=author)
    client.force_login(moderator)

    assert "Close the poll now" in poll_html(client.get(thread.get_absolute_url()))
    client.post(close_url(thread), {"closed": "1"})

    assert not Poll.objects.get(thread=thread).is_open()
    (logged,) = ModerationAction.objects.all()
    assert (logged.kind, logged.moderator, logged.thread) == ("close_poll", moderator, thread)
    client.force_login(author)
    assert "Reopen the poll" not in poll_html(client.get(thread.get_absolute_url()))
    assert client.post(close_url(thread), {"closed": "0"}).status_code == 403
    assert not Poll.objects.get(thread=thread).is_open()

    client.force_login(moderator)
    client.post(close_url(thread), {"closed": "0"})
    assert Poll.objects.get(thread=thread).is_open()
    assert ModerationAction.objects.first().kind == "reopen_poll"


def test_anyone_else_may_not_close_a_poll(client, member, housing):
    thread = start_poll(housing)

    assert client.post(close_url(thread)).status_code == 302  # to sign in
    client.force_login(member)
    assert "Close the poll now" not in poll_html(client.get(thread.get_absolute_url()))
    assert client.post(close_url(thread), {"closed": "1"}).status_code == 403
    assert Poll.objects.get(thread=thread).is_open()


def test_a_moderator_closing_a_poll_needs_their_second_factor(client, moderator, housing, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    thread = start_poll(housing)
    client.force_login(moderator)

    response = client.post(close_url(thread), {"closed": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    assert Poll.objects.get(thread=thread).is_open()


def test_a_poll_past_its_time_is_not_reopened(client, moderator, housing):
    thread = start_poll(housing, closes_at=timezone.now() + timedelta(hours=1))
    polling.close_poll(Poll.objects.get(thread=thread), moderator)
    Poll.objects.filter(thread=thread).update(closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(moderator)

    assert "Reopen the poll" not in poll_html(client.get(thread.get_absolute_url()))
    assert client.post(close_url(thread), {"closed": "0"}).status_code == 403


def test_a_poll_closed_twice_is_refused_the_second_time(client, housing):
    author = established()
    thread = start_poll(housing, author=author)
    client.force_login(author)
    client.post(close_url(thread), {"closed": "1"})
    closed_at = Poll.objects.get(thread=thread).closed_at

    assert client.post(close_url(thread), {"closed": "1"}).status_code == 403
    assert Poll.objects.get(thread=thread).closed_at == closed_at


# --- Results ------------------------------------------------------------------------


def results_shown(client, thread) -> bool:
    return "% ·" in poll_html(client.get(thread.get_absolute_url()))


def test_results_always_shown_to_every_reader(client, member, housing):
    thread = start_poll(housing, results="always")
    vote_as(client, established(), thread, "Atlanta")
    client.logout()

    assert results_shown(client, thread)
    client.force_login(member)
    assert results_shown(client, thread)


def test_results_after_voting_show_to_voters_and_to_everyone_once_closed(client, member, housing):
    author = established()
    thread = start_poll(housing, results="voted", author=author)
    vote_as(client, established(), thread, "Atlanta")

    client.force_login(member)
    before = poll_html(client.get(thread.get_absolute_url()))
    assert "% ·" not in before
    assert "The results show once you have voted" in before
    vote_as(client, member, thread, "Durham")
    assert results_shown(client, thread)
    client.logout()
    assert not results_shown(client, thread)

    polling.close_poll(Poll.objects.get(thread=thread), author)
    assert results_shown(client, thread)


def test_results_after_closing_show_to_nobody_until_then_not_even_voters(
    client, member, moderator, housing
):
    thread = start_poll(housing, results="closed")
    vote_as(client, member, thread, "Atlanta")

    assert not results_shown(client, thread)
    client.force_login(moderator)
    assert not results_shown(client, thread)
    client.logout()
    assert "The results show once the poll closes." in poll_html(
        client.get(thread.get_absolute_url())
    )

    Poll.objects.filter(thread=thread).update(closes_at=timezone.now() - timedelta(seconds=1))
    assert results_shown(client, thread)
    client.force_login(member)
    assert results_shown(client, thread)


def test_voters_names_are_on_no_page_for_anyone(client, member, moderator, housing, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    thread = start_poll(housing, results="always")
    secret = [
        established(username="quietvoter", profile__display_name="Quentin Dissenter"),
        established(username="hushvoter", profile__display_name="Hazel Holdout"),
    ]
    for voter in secret:
        vote_as(client, voter, thread, "Birmingham")
    staff = established(username="staffer", is_staff=True, is_superuser=True)
    polling.close_poll(Poll.objects.get(thread=thread), moderator)

    pages = []
    for reader in (None, member, moderator, staff, secret[0]):
        client.logout()
        if reader:
            client.force_login(reader)
        for url in (
            thread.get_absolute_url(),
            vote_url(thread),
            housing.get_absolute_url(),
            reverse("forums:latest"),
            reverse("forums:forum_feed", args=[housing.slug]),
            reverse("forums:moderation_log"),
        ):
            response = client.get(url)
            if response.status_code == 200:
                pages.append((reader, url, response.content.decode()))
    assert len(pages) >= 20
    for reader, url, page in pages:
        for voter in secret:
            if voter == reader:  # their own name is in their account menu
                continue
            for name in (voter.username, voter.profile.display_name, voter.email):
                assert name not in page, f"{name} on {url}"


# --- Lists, query budgets -------------------------------------------------------------


def test_a_forum_list_marks_threads_with_a_poll_for_no_query_more(
    client, housing, start_thread, count_queries
):
    start_thread(housing, title="No poll here")
    client.get(housing.get_absolute_url())  # warm up: the site, the kept rows
    without = count_queries(lambda: client.get(housing.get_absolute_url()))
    start_poll(housing)
    start_poll(housing, title="Another poll")

    client.get(housing.get_absolute_url())
    page = client.get(housing.get_absolute_url()).text
    with_polls = count_queries(lambda: client.get(housing.get_absolute_url()))

    assert page.count('<span class="badge badge--poll">Poll</span>') == 2
    assert with_polls == without


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_a_thread_page_costs_nothing_more_without_a_poll_and_one_query_with_one(
    client, member, housing, start_thread, grow_thread, count_queries, viewer
):
    plain = start_thread(housing, title="Plain")
    grow_thread(plain, top_level=5)
    polled = start_poll(housing)
    grow_thread(polled, top_level=5)
    vote_as(client, established(), polled, "Atlanta")
    client.logout()
    if viewer == "member":
        client.force_login(member)
        vote_as(client, member, polled, "Durham")
    urls = [plain.get_absolute_url(), polled.get_absolute_url()]
    for _ in range(2):  # warm up, as the thread page's budget test does
        for url in urls:
            client.get(url)

    without = count_queries(lambda: client.get(urls[0]))
    with_poll = count_queries(lambda: client.get(urls[1]))

    assert without <= (5 if viewer == "member" else 2), without  # the budget before polls
    assert with_poll == without + 1


def test_the_vote_page_costs_a_few_queries(client, member, housing, count_queries):
    thread = start_poll(housing)
    client.force_login(member)
    client.get(vote_url(thread))

    assert count_queries(lambda: client.get(vote_url(thread))) <= 6


# --- Leaving --------------------------------------------------------------------------


def test_a_members_votes_are_in_their_export(member, housing, client):
    thread = start_poll(housing, title="Assembly <city>")
    vote_as(client, member, thread, "Durham")

    exported = {file.name: file.content for file in files_of(member)}

    assert '"option": "Durham"' in exported["posts/poll_votes.json"]
    assert "Assembly <city>" in exported["posts/poll_votes.json"]


def test_leaving_takes_the_votes_out_of_open_polls_and_leaves_closed_results_alone(
    client, member, other_member, housing
):
    author = established()
    open_poll = start_poll(housing, title="Open", author=author)
    closed_poll = start_poll(housing, title="Closed", author=author)
    for thread in (open_poll, closed_poll):
        vote_as(client, member, thread, "Atlanta")
        vote_as(client, other_member, thread, "Atlanta")
    polling.close_poll(Poll.objects.get(thread=closed_poll), author)

    erase_member(member, delete_posts=False)

    assert not PollVote.objects.filter(member=member).exists()
    assert counts(open_poll)["Atlanta"] == 1
    assert voters(open_poll) == 1
    assert counts(closed_poll)["Atlanta"] == 2
    assert voters(closed_poll) == 2
    # Reopened, a poll counts again the votes it still holds.
    polling.reopen_poll(Poll.objects.get(thread=closed_poll), author)
    assert counts(closed_poll)["Atlanta"] == 1
    assert voters(closed_poll) == 1


def test_the_rules_ask_nothing_of_a_visitor(housing):
    poll = Poll.objects.select_related("thread__forum").get(thread=start_poll(housing))
    visitor = AnonymousUser()

    assert polling.voting_refusal(visitor, poll) == "Sign in to vote."
    assert not polling.can_vote(visitor, poll)
    assert not polling.can_close(visitor, poll)
    assert not polling.can_reopen(visitor, poll)
    assert polling.can_see_results(visitor, poll, voted=False)


# --- Demo -----------------------------------------------------------------------------


def test_the_demo_has_a_poll_with_votes_once(client):
    from network.demo import members, polls
    from network.management.commands.seed_demo import SEEDERS

    said = []
    members.seed_members(said.append)
    polls.seed_poll(said.append)
    polls.seed_poll(said.append)

    assert polls.seed_poll in SEEDERS
    poll = Poll.objects.get()
    assert poll.voter_count == len(polls.VOTES)
    assert sum(poll.options.values_list("vote_count", flat=True)) == len(polls.VOTES)
    client.force_login(poll.thread.author)
    shown = poll_html(client.get(poll.thread.get_absolute_url()))
    assert "8 voters" in shown
    assert "The results show once you have voted" in shown
