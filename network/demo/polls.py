"""The demo's poll for ``manage.py seed_demo``: a thread asking where to hold the regional
assembly, with votes from demo members, results shown to each member once they have
voted. Idempotent: left alone when its thread exists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from forums import polling
from forums.models import Forum, Poll, Thread
from forums.models.polls import NewPoll
from network.demo.forums import _post

TITLE = "Where should we hold the spring regional assembly?"
OPENING = (
    "The coordinating committee has three offers of a hall for the assembly in April. "
    "Vote for the city you could get to; say in a reply what would make the trip "
    "possible (rides, childcare, a place to sleep)."
)
OPTIONS = [
    "Atlanta, GA (Southwest Atlanta union hall)",
    "Birmingham, AL (Five Points church basement)",
    "Durham, NC (community center downtown)",
    "New Orleans, LA (Treme cultural center)",
]
# Who votes for which option (by position in OPTIONS).
VOTES = {
    "rosa_b": 0,
    "deb_k": 2,
    "sam_whitfield": 1,
    "ana_p": 0,
    "lee_h": 1,
    "tasha_w": 3,
    "marcus_t": 3,
    "ben_o": 0,
}
REPLIES = [
    ("marcus_t", "New Orleans if we can share rides from Jackson and Baton Rouge."),
    ("deb_k", "Durham has a daycare room next to the hall. Just saying."),
]


def seed_poll(say: Callable[[str], None]) -> None:
    if Thread.objects.filter(title=TITLE).exists():
        return
    users = {user.username: user for user in get_user_model().objects.all()}
    if "jo_alvarez" not in users:
        return
    when = timezone.now() - timedelta(days=1)
    thread = Thread(
        forum=Forum.objects.get(slug="strategy-and-theory"),
        author=users["jo_alvarez"],
        title=TITLE,
        created_at=when,
        last_post_at=when,
        has_poll=True,
    )
    thread.save()
    thread.set_tags(["assembly"])
    opening = _post(thread, users["jo_alvarez"], OPENING, None, when)
    poll = NewPoll(
        options=OPTIONS,
        closes_at=timezone.now() + timedelta(days=10),
        results=Poll.Results.AFTER_VOTING,
    ).open_on(thread)
    for handle, choice in VOTES.items():
        if handle in users:
            polling.vote(poll, users[handle], [poll.options.get(position=choice + 1).pk])
    for handle, text in REPLIES:
        when += timedelta(minutes=41)
        if handle in users:
            _post(thread, users[handle], text, opening, when)
    say("A demo thread with a poll, and votes in it")
