"""Polls are valid HTML as the W3C's checker reads them: a thread's poll for a visitor
(results only), for a member who voted (the form ticked, the counts and bars), a vote
refused (the error beside the options), and the new-thread form with its poll part open
and refused."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forums import actions, polling
from forums.models import Forum
from forums.models.polls import NewPoll
from tests.forums.conftest import established
from tests.html.test_valid_html import CANARY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]


def test_polls_are_valid_html(nu_checker, tmp_path):
    rosa, marcus = established(username="rosa_b"), established(username="marcus_t")
    thread = actions.start_thread(
        Forum.objects.get(slug="housing"),
        rosa,
        "Where do we meet?",
        "Vote.",
        poll=NewPoll(
            options=["Atlanta", "Birmingham <b>AL</b>", "Durham"],
            kind="multiple",
            max_choices=2,
            closes_at=timezone.now() + timedelta(days=2),
        ),
    )
    polling.vote(thread.poll, marcus, [thread.poll.options.first().pk])
    vote_url = reverse("forums:poll_vote", args=[thread.pk])
    visitor, member, author = Client(), Client(), Client()
    member.force_login(marcus)
    author.force_login(rosa)
    documents = {
        "poll-visitor": visitor.get(thread.get_absolute_url()),
        "poll-voted": member.get(thread.get_absolute_url()),
        "poll-author": author.get(thread.get_absolute_url()),
        "poll-vote-page": member.get(vote_url),
        "poll-vote-refused": member.post(
            vote_url, {"option": list(thread.poll.options.values_list("pk", flat=True))}
        ),
        "new-thread-poll-refused": member.post(
            reverse("forums:new_thread", args=["housing"]),
            {"title": "T", "source": "S", "poll-options": "One", "poll-kind": "single"},
        ),
    }
    for name, response in documents.items():
        assert response.status_code == 200, name
        documents[name] = response.content.decode()
    assert "<meter" in documents["poll-voted"]
    assert 'id="poll-error"' in documents["poll-vote-refused"]
    assert "Close the poll now" in documents["poll-author"]
    assert "field--invalid" in documents["new-thread-poll-refused"]
    documents["canary"] = CANARY

    problems = nu_checker.problems(documents, tmp_path)

    assert problems.pop("canary") != []
    invalid_pages = {name: found for name, found in problems.items() if found}
    assert not invalid_pages, "\n".join(
        f"{name}: {message}" for name, found in invalid_pages.items() for message in found
    )
