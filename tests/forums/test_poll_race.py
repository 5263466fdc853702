"""A poll's counts stay right when votes arrive at the same moment: several members
voting at once, and one member whose two tabs (or a double click) send two different
votes at once. Real threads here, each with its own connection to PostgreSQL, as web
workers have, sent off together by a barrier (``tests/forums/test_posting_race.py``)."""

import pytest
from django.conf import settings
from django.db.models import Count
from django.test import Client

from forums import actions
from forums.models import Forum, Poll, PollOption, PollVote
from forums.models.polls import NewPoll
from tests.forums.conftest import established
from tests.forums.test_posting_race import send_together

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs a database with row locks and concurrent connections (PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def open_poll(**poll) -> tuple:
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(
        housing,
        established(),
        "Where do we meet?",
        "Choose the city.",
        poll=NewPoll(options=["Atlanta", "Birmingham", "Durham"], **poll),
    )
    options = dict(PollOption.objects.filter(poll__thread=thread).values_list("text", "pk"))
    return thread, options


def voting(member, thread, *option_ids):
    browser = Client()  # the member's own tab
    browser.force_login(member)
    url = f"/forums/t/{thread.pk}/poll/vote/"
    return lambda: browser.post(url, {"option": list(option_ids)})


def assert_counts_match_the_votes(thread) -> dict[str, int]:
    """Each option's count is its votes, and the voters are the members with a vote:
    what the counts say, by option."""
    poll = Poll.objects.get(thread=thread)
    rows = dict(PollVote.objects.filter(poll=poll).values_list("option_id").annotate(n=Count("pk")))
    counted = {}
    for option in PollOption.objects.filter(poll=poll):
        assert option.vote_count == rows.get(option.pk, 0), option.text
        counted[option.text] = option.vote_count
    members = PollVote.objects.filter(poll=poll).values("member").distinct().count()
    assert poll.voter_count == members
    return counted


def test_members_voting_at_once_are_each_counted_once():
    thread, options = open_poll(kind="multiple")
    members = [established() for _ in range(6)]
    choices = [
        ("Atlanta",),
        ("Atlanta", "Durham"),
        ("Durham",),
        ("Atlanta", "Birmingham", "Durham"),
        ("Atlanta",),
        ("Birmingham",),
    ]

    responses = send_together(
        [
            voting(member, thread, *(options[text] for text in chosen))
            for member, chosen in zip(members, choices, strict=True)
        ]
    )

    assert [response.status_code for response in responses] == [302] * 6
    assert assert_counts_match_the_votes(thread) == {"Atlanta": 4, "Birmingham": 2, "Durham": 3}
    assert Poll.objects.get(thread=thread).voter_count == 6


def test_one_members_two_different_votes_at_once_leave_one_vote_in_a_single_choice_poll():
    thread, options = open_poll()
    member = established()

    responses = send_together(
        [voting(member, thread, options["Atlanta"]), voting(member, thread, options["Durham"])]
    )

    assert [response.status_code for response in responses] == [302, 302]
    counted = assert_counts_match_the_votes(thread)
    assert PollVote.objects.filter(member=member).count() == 1
    assert sum(counted.values()) == 1
    assert Poll.objects.get(thread=thread).voter_count == 1


def test_members_changing_and_removing_votes_at_once_keep_the_counts(monkeypatch):
    thread, options = open_poll(kind="multiple")
    members = [established() for _ in range(4)]
    for member in members:
        voting(member, thread, options["Atlanta"], options["Birmingham"])()
    changes = [
        voting(members[0], thread, options["Durham"]),
        voting(members[1], thread, options["Birmingham"], options["Durham"]),
        voting(members[2], thread, options["Atlanta"]),
    ]
    browser = Client()
    browser.force_login(members[3])
    removal = lambda: browser.post(f"/forums/t/{thread.pk}/poll/vote/", {"remove": "1"})  # noqa: E731

    send_together([*changes, removal])

    assert assert_counts_match_the_votes(thread) == {"Atlanta": 1, "Birmingham": 1, "Durham": 2}
    assert Poll.objects.get(thread=thread).voter_count == 3
