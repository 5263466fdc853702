"""What the poll tests share: a thread opening with a poll, voting as a member, and
reading the counts and the poll's part of a page."""

from __future__ import annotations

import re

from django.urls import reverse

from forums import actions
from forums.models import Poll, PollOption
from forums.models.polls import NewPoll
from tests.forums.conftest import established

PLACES = ["Atlanta", "Birmingham", "Durham"]


def start_poll(forum, options=PLACES, author=None, title="Where do we meet?", **poll):
    """A thread opening with a poll, through the action."""
    return actions.start_thread(
        forum,
        author or established(),
        title,
        "Choose the city for the regional assembly.",
        poll=NewPoll(options=list(options), **poll),
    )


def option_ids(thread) -> dict[str, int]:
    return dict(PollOption.objects.filter(poll__thread=thread).values_list("text", "pk"))


def counts(thread) -> dict[str, int]:
    return dict(PollOption.objects.filter(poll__thread=thread).values_list("text", "vote_count"))


def voters(thread) -> int:
    return Poll.objects.get(thread=thread).voter_count


def vote_url(thread) -> str:
    return reverse("forums:poll_vote", args=[thread.pk])


def close_url(thread) -> str:
    return reverse("forums:poll_close", args=[thread.pk])


def vote_as(client, user, thread, *texts, **extra):
    client.force_login(user)
    ids = option_ids(thread)
    return client.post(vote_url(thread), {"option": [ids[text] for text in texts], **extra})


def poll_html(response) -> str:
    """The poll's part of a page (a response, or its text)."""
    text = response if isinstance(response, str) else response.text
    match = re.search(r'<section class="poll".*?</section>', text, re.S)
    assert match, "the page shows no poll"
    return match.group(0)
