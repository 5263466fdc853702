"""Counts that stay right when reactions arrive at the same moment: two members reacting
to one post at once, and one member's double submit. Real threads, each with its own
connection to PostgreSQL, as web workers have, released together by a barrier
(``tests/forums/test_posting_race.py``)."""

import pytest
from django.test import Client
from django.urls import reverse

from forums import actions
from forums.models import Forum, Post, Reaction
from tests.forums.conftest import established
from tests.forums.test_posting_race import send_together

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def post():
    thread = actions.start_thread(
        Forum.objects.get(slug="housing"), established(), "Rent strike", "Who is in?"
    )
    return thread.posts.get()


def pressing(member, post, asked):
    browser = Client()
    browser.force_login(member)
    url = reverse("forums:react", args=[post.pk])
    return lambda: browser.post(url, asked)


def test_two_members_reacting_at_once_are_both_counted(post):
    first, second = established(), established()

    responses = send_together(
        [pressing(first, post, {"add": "agree"}), pressing(second, post, {"add": "agree"})]
    )

    assert [response.status_code for response in responses] == [302, 302]
    assert Post.objects.get(pk=post.pk).agree_count == 2
    assert Reaction.objects.filter(post=post, kind="agree").count() == 2


def test_many_members_adding_and_taking_back_at_once_leave_the_count_true(post):
    leaving = [established() for _ in range(3)]
    for member in leaving:
        pressing(member, post, {"add": "solidarity"})()
    arriving = [established() for _ in range(3)]

    send_together(
        [pressing(member, post, {"remove": "solidarity"}) for member in leaving]
        + [pressing(member, post, {"add": "solidarity"}) for member in arriving]
    )

    counted = Post.objects.get(pk=post.pk).solidarity_count
    assert counted == Reaction.objects.filter(post=post, kind="solidarity").count() == 3


def test_a_double_submit_counts_once(post):
    member = established()

    send_together([pressing(member, post, {"add": "thanks"}) for _ in range(2)])
    assert Post.objects.get(pk=post.pk).thanks_count == 1
    assert Reaction.objects.filter(post=post, member=member).count() == 1

    send_together([pressing(member, post, {"remove": "thanks"}) for _ in range(2)])
    assert Post.objects.get(pk=post.pk).thanks_count == 0
    assert not Reaction.objects.filter(post=post, member=member).exists()
