"""The pause between one member's posts holds when their posts arrive at the same moment:
several web workers each counting the member's posts before any of them has committed
would all find none and all post. Real threads here, each with its own connection to
the database, as workers have, sent off together by a barrier."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from forums import actions
from forums.models import Forum, Post
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AT_ONCE = 4


def send_together(requests) -> list:
    """Run each of ``requests`` (a function making one request) in its own thread, all
    released at once; their responses in order."""
    barrier = threading.Barrier(len(requests))
    responses, failures = [None] * len(requests), []

    def run(n, request):
        try:
            barrier.wait(timeout=60)
            responses[n] = request()
        except Exception as failure:  # reported to the test below
            failures.append(failure)
        finally:
            connection.close()

    workers = [
        threading.Thread(target=run, args=(n, request)) for n, request in enumerate(requests)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    return responses


def test_replies_sent_at_once_to_threads_of_different_forums_are_one_post_and_the_rest_wait():
    """Forums apart, so that nothing else (a reply locks its thread and forum) makes
    the replies take turns."""
    forums = Forum.objects.filter(slug__in=["housing", "labor", "mutual-aid", "introductions"])
    threads = [
        actions.start_thread(forum, established(), f"Thread in {forum.name}", "Who is in?")
        for forum in forums
    ]
    assert len(threads) == AT_ONCE
    member = established()

    def reply_to(thread):
        browser = Client()  # one of the member's tabs
        browser.force_login(member)
        return lambda: browser.post(reverse("forums:reply", args=[thread.pk]), {"source": "Me!"})

    responses = send_together([reply_to(thread) for thread in threads])

    assert sorted(response.status_code for response in responses) == [200] * (AT_ONCE - 1) + [302]
    for response in responses:
        if response.status_code == 200:
            assert "Please wait 10 seconds between posts" in response.text
            assert "Me!" in response.text
    assert Post.objects.filter(author=member).count() == 1
