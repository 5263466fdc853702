"""Polls (issue #15): a thread opens with a poll, checked beside each field; members vote
with a plain form, change or remove their vote until it closes; who may not vote is
refused. Closing, results, privacy and costs: ``test_poll_closing_and_results.py``."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Poll, PollVote, Suspension, Thread
from tests.forums.polls import (
    PLACES,
    close_url,
    counts,
    option_ids,
    poll_html,
    start_poll,
    vote_as,
    vote_url,
    voters,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]


# --- Starting a thread with a poll ---------------------------------------------------


def new_thread(client, forum, preview=False, **poll):
    data = {"title": "Where do we meet?", "source": "Choose the city.", "tags": ""}
    data.update({f"poll-{key}": value for key, value in poll.items()})
    if preview:
        data["preview"] = "1"
    return client.post(reverse("forums:new_thread", args=[forum.slug]), data)


def test_a_member_starts_a_thread_with_a_poll_in_one_go(client, member, housing):
    client.force_login(member)

    response = new_thread(
        client,
        housing,
        options="Atlanta\n\n  Birmingham  \r\nDurham\n",
        kind="multiple",
        max_choices="2",
        closes_at=(timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        results="voted",
    )

    assert response.status_code == 302
    thread = Thread.objects.get(title="Where do we meet?")
    poll = thread.poll
    assert thread.has_poll
    assert list(poll.options.values_list("text", flat=True)) == PLACES
    assert (poll.kind, poll.max_choices, poll.results) == ("multiple", 2, "voted")
    assert timedelta(days=2, hours=23) < poll.closes_at - timezone.now() <= timedelta(days=3)


def test_a_closing_time_is_read_on_the_sites_clock(client, member, housing, settings):
    """Members keep no time zone: 18:00 typed is 18:00 in ``TIME_ZONE`` (New York)."""
    client.force_login(member)
    day = (timezone.localtime() + timedelta(days=30)).date()

    new_thread(client, housing, options="Yes\nNo", closes_at=f"{day.isoformat()}T18:00")

    closes_at = Poll.objects.get().closes_at
    assert timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M %Z") in (
        f"{day.isoformat()} 18:00 EST",
        f"{day.isoformat()} 18:00 EDT",
    )
    assert closes_at.astimezone(UTC).hour in (22, 23)
    page = client.get(Thread.objects.get().get_absolute_url()).text
    assert "6 p.m." in poll_html(page)


def test_without_options_there_is_no_poll_whatever_else_the_part_says(client, member, housing):
    client.force_login(member)

    response = new_thread(client, housing, options="  \n", closes_at="1999-01-01T10:00")

    assert response.status_code == 302
    thread = Thread.objects.get(title="Where do we meet?")
    assert not thread.has_poll
    assert not Poll.objects.exists()


@pytest.mark.parametrize(
    ("poll", "field", "message"),
    [
        ({"options": "Atlanta"}, "options", "at least two options"),
        ({"options": "Atlanta\nDurham\natlanta"}, "options", "“atlanta” is there twice"),
        ({"options": "Atlanta\n" + "x" * 201}, "options", "Option 2 is 201 characters long"),
        (
            {"options": "\n".join(f"City {n}" for n in range(21))},
            "options",
            "That is 21 options; a poll has at most 20.",
        ),
        (
            {"options": "Atlanta\nDurham", "closes_at": "2001-05-01T10:00"},
            "closes_at",
            "Choose a closing time in the future.",
        ),
        (
            {
                "options": "Atlanta\nDurham",
                "closes_at": (timezone.now() + timedelta(days=400)).strftime("%Y-%m-%dT%H:%M"),
            },
            "closes_at",
            "Choose a closing time within a year.",
        ),
        ({"options": "Atlanta\nDurham", "closes_at": "next Tuesday"}, "closes_at", "valid"),
        (
            {"options": "Atlanta\nDurham", "kind": "multiple", "max_choices": "3"},
            "max_choices",
            "The poll has only 2 options.",
        ),
        ({"options": "Atlanta\nDurham", "max_choices": "1"}, "max_choices", "greater than"),
        ({"options": "Atlanta\nDurham", "kind": "ranked"}, "kind", "not one of the available"),
        ({"options": "Atlanta\nDurham", "results": "never"}, "results", "not one of the avail"),
    ],
)
def test_a_bad_poll_is_refused_beside_its_field_with_everything_kept(
    client, member, housing, poll, field, message
):
    poll = {"kind": "single", "results": "always", **poll}
    client.force_login(member)

    response = new_thread(client, housing, **poll)

    assert response.status_code == 200
    assert not Thread.objects.exists()
    form = response.context["poll_form"]
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])
    # Beside its field: in the field's own group, which says it is invalid.
    group = re.search(
        rf'<div class="field [^"]*field--invalid">(?:(?!<div class="field ).)*?'
        rf'name="poll-{field}"',
        response.text,
        re.S,
    )
    assert group
    assert "errorlist" in group.group(0)
    assert '<details class="poll-form" open>' in response.text
    assert 'value="Where do we meet?"' in response.text
    assert "Choose the city.</textarea>" in response.text
    kept = poll["options"].split("\n")[0]
    assert kept in response.text


def test_the_preview_keeps_the_poll(client, member, housing):
    client.force_login(member)

    response = new_thread(
        client, housing, options="Atlanta\nDurham", kind="multiple", results="closed", preview=True
    )

    assert response.status_code == 200
    assert not Thread.objects.exists()
    assert '<details class="poll-form" open>' in response.text
    assert "Atlanta\nDurham</textarea>" in response.text
    assert 'value="multiple" id="id_poll-kind_1" checked' in response.text
    assert 'value="closed" id="id_poll-results_2" checked' in response.text


def test_options_are_text_not_markup(client, member, housing):
    thread = start_poll(housing, options=["<script>alert(1)</script>", "**bold**"])

    page = client.get(thread.get_absolute_url()).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "**bold**" in page


# --- Voting -------------------------------------------------------------------------


def test_a_member_votes_without_javascript_and_sees_their_vote(client, member, housing):
    thread = start_poll(housing)

    page = client.get(thread.get_absolute_url()) if client.force_login(member) is None else None
    form = poll_html(page)
    assert f'action="{vote_url(thread)}"' in form
    assert form.count('type="radio" name="option"') == 3
    response = vote_as(client, member, thread, "Durham")

    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#poll"
    assert counts(thread) == {"Atlanta": 0, "Birmingham": 0, "Durham": 1}
    assert voters(thread) == 1
    shown = poll_html(client.get(thread.get_absolute_url()))
    assert "1 voter" in shown
    assert "100% · 1 vote" in shown
    assert 'value="100"' in shown  # the bar
    assert "Your vote" in shown
    assert "Change vote" in shown
    assert "Remove my vote" in shown
    assert re.search(rf'value="{option_ids(thread)["Durham"]}" id="[^"]+" checked', shown)


def test_a_member_chooses_several_options_in_a_multiple_choice_poll(
    client, member, other_member, housing
):
    thread = start_poll(housing, kind="multiple", max_choices=2)

    vote_as(client, member, thread, "Atlanta", "Durham")
    vote_as(client, other_member, thread, "Durham")

    assert counts(thread) == {"Atlanta": 1, "Birmingham": 0, "Durham": 2}
    assert voters(thread) == 2
    shown = poll_html(client.get(thread.get_absolute_url()))
    assert shown.count('type="checkbox" name="option"') == 3
    assert "Choose up to 2 options" in shown
    assert "50% · 1 vote" in shown
    assert "100% · 2 votes" in shown


def test_too_many_choices_are_refused_beside_the_options_with_the_choice_kept(
    client, member, housing
):
    thread = start_poll(housing, kind="multiple", max_choices=2)

    response = vote_as(client, member, thread, *PLACES)

    assert response.status_code == 200
    shown = poll_html(response)
    assert 'aria-describedby="poll-error"' in shown
    assert "Choose at most 2 options." in shown
    assert shown.count(" checked>") == 3
    assert not PollVote.objects.exists()


def test_one_choice_in_a_single_choice_poll(client, member, housing):
    thread = start_poll(housing)

    response = vote_as(client, member, thread, "Atlanta", "Durham")

    assert "Choose at most 1 option." in response.text
    assert not PollVote.objects.exists()


def test_changing_a_vote_moves_the_counts_and_removing_it_takes_them_back(
    client, member, other_member, housing
):
    thread = start_poll(housing, kind="multiple")
    vote_as(client, other_member, thread, "Atlanta")
    vote_as(client, member, thread, "Atlanta", "Birmingham")

    vote_as(client, member, thread, "Birmingham", "Durham")
    assert counts(thread) == {"Atlanta": 1, "Birmingham": 1, "Durham": 1}
    assert voters(thread) == 2

    response = client.post(vote_url(thread), {"remove": "1"})
    assert response.status_code == 302
    assert counts(thread) == {"Atlanta": 1, "Birmingham": 0, "Durham": 0}
    assert voters(thread) == 1
    assert not PollVote.objects.filter(member=member).exists()
    assert "Your vote" not in poll_html(client.get(thread.get_absolute_url()))


def test_voting_the_same_again_changes_nothing(client, member, housing):
    thread = start_poll(housing)
    vote_as(client, member, thread, "Atlanta")
    vote_as(client, member, thread, "Atlanta")

    assert counts(thread)["Atlanta"] == 1
    assert voters(thread) == 1


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ([], "Choose an option first."),
        (["abc"], "That is not an option of this poll."),
        (["99999999999999999999999"], "That is not an option of this poll."),
        (["-1"], "That is not an option of this poll."),
    ],
)
def test_nonsense_votes_are_refused(client, member, housing, chosen, message):
    thread = start_poll(housing)
    client.force_login(member)

    response = client.post(vote_url(thread), {"option": chosen})

    assert response.status_code == 200
    assert message in poll_html(response)
    assert not PollVote.objects.exists()


def test_an_option_of_another_poll_is_refused(client, member, housing):
    thread = start_poll(housing)
    other = start_poll(housing, options=["Yes", "No"], title="Another")
    client.force_login(member)

    response = client.post(vote_url(thread), {"option": [option_ids(other)["Yes"]]})

    assert "That is not an option of this poll." in response.text
    assert not PollVote.objects.exists()
    assert counts(other) == {"Yes": 0, "No": 0}


def test_a_visitor_is_sent_to_sign_in_and_a_members_only_poll_is_not_found_for_them(
    client, member, housing, georgia
):
    public = start_poll(housing)
    members_only = start_poll(georgia, title="Georgia assembly")

    response = client.post(vote_url(public), {"option": [option_ids(public)["Atlanta"]]})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(members_only.get_absolute_url()).status_code == 404
    assert "Sign in</a> to vote." in poll_html(client.get(public.get_absolute_url()))
    assert "<form" not in poll_html(client.get(public.get_absolute_url()))
    assert not PollVote.objects.exists()


def test_a_member_who_may_not_read_the_thread_finds_no_poll(client, member, housing, monkeypatch):
    thread = start_poll(housing)
    monkeypatch.setattr("forums.poll_views.can_view_thread", lambda user, thread: False)
    client.force_login(member)

    assert client.get(vote_url(thread)).status_code == 404
    assert vote_as(client, member, thread, "Atlanta").status_code == 404
    assert not PollVote.objects.exists()


def test_a_thread_without_a_poll_has_no_poll_to_vote_in(client, member, housing, start_thread):
    thread = start_thread(housing)
    client.force_login(member)

    assert client.post(vote_url(thread), {"option": ["1"]}).status_code == 404
    assert client.post(close_url(thread)).status_code == 404
    assert client.get(reverse("forums:poll_vote", args=[2**70])).status_code == 404


def test_a_suspended_member_reads_the_poll_and_cannot_vote(client, member, housing):
    thread = start_poll(housing)
    Suspension.objects.create(user=member, until=timezone.now() + timedelta(days=2), reason="x")
    client.force_login(member)

    shown = poll_html(client.get(thread.get_absolute_url()))
    response = vote_as(client, member, thread, "Atlanta")

    assert "<form" not in shown
    assert "You are suspended until" in shown
    assert "you can read the poll, not vote" in poll_html(response)
    assert not PollVote.objects.exists()


def test_a_locked_thread_takes_no_votes(client, member, moderator, housing):
    from forums import moderation

    thread = start_poll(housing)
    moderation.set_locked(thread, moderator, True)

    response = vote_as(client, member, thread, "Atlanta")

    assert "This thread is locked: the poll takes no votes." in response.text
    assert not PollVote.objects.exists()


def test_a_poll_closes_at_its_time_with_no_task_and_takes_no_more_votes(
    client, member, other_member, housing
):
    thread = start_poll(housing, closes_at=timezone.now() + timedelta(hours=1))
    vote_as(client, member, thread, "Atlanta")
    Poll.objects.filter(thread=thread).update(closes_at=timezone.now() - timedelta(seconds=1))

    refused = vote_as(client, other_member, thread, "Durham")
    removed = client.post(vote_url(thread), {"remove": "1"})
    shown = poll_html(client.get(thread.get_absolute_url()))

    assert "This poll is closed." in refused.text
    assert "This poll is closed." in removed.text
    assert counts(thread) == {"Atlanta": 1, "Birmingham": 0, "Durham": 0}
    assert ">Closed</span>" in shown
    assert "<form" not in shown
