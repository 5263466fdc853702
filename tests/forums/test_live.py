"""Replies that arrive without a reload (issue #15): an open thread page asks
``forums:live`` whether anything is new, with the ETag the page carries; unchanged is a
304 in one query, changed is the new posts this reader may see, placed in the tree."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import moderation
from forums.models import Forum, Thread, ThreadRead
from network import blocking
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page_etag(client, thread) -> str:
    page = client.get(thread.get_absolute_url()).text
    return re.search(r'data-live-etag="([^"]+)"', page).group(1).replace("&quot;", '"')


def ask(client, thread, after, etag="", **query):
    params = {"page": 1, "part": 1, "after": after, **query}
    url = reverse("forums:live", args=[thread.pk])
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(url, params, **headers)


def test_an_unchanged_thread_answers_304_in_one_query(
    client, georgia, member, start_thread, reply, django_assert_max_num_queries
):
    """A member on a members-only forum: the session and the member are not even read."""
    thread = start_thread(georgia)
    last = reply(thread, "Already there.")
    client.force_login(member)
    etag = page_etag(client, thread)

    with django_assert_max_num_queries(1):
        response = ask(client, thread, last.pk, etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]
    assert response.content == b""


def test_a_new_reply_comes_alone_with_where_it_goes_and_the_words_that_say_so(
    client, housing, member, start_thread, reply
):
    thread = start_thread(housing, source="The opening words.")
    first = reply(thread, "The first reply.")
    client.force_login(member)
    etag = page_etag(client, thread)

    answer_to_first = reply(thread, "An answer to the first.", parent=first)
    second = reply(thread, "A second reply to the thread.")
    response = ask(client, thread, first.pk, etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response["Cache-Control"] == "private, no-cache"
    found = response.json()
    assert found["placed"] == [[answer_to_first.pk, first.pk], [second.pk, answer_to_first.pk]]
    assert "An answer to the first." in found["html"]
    assert "A second reply to the thread." in found["html"]
    assert "The first reply." not in found["html"]
    assert "The opening words." not in found["html"]
    assert f'id="post-{answer_to_first.pk}"' in found["html"]
    assert found["announcement"] == "2 new replies"
    assert found["replies"] == "3 replies"
    assert found["newest"] == second.pk
    # Asked again with what it was given: nothing new.
    again = ask(client, thread, found["newest"], response["ETag"])
    assert again.status_code == 304


def test_one_new_reply_is_said_in_the_singular(client, housing, member, start_thread, reply):
    thread = start_thread(housing)
    client.force_login(member)
    etag = page_etag(client, thread)
    opening = thread.posts.get(seq=0)
    reply(thread, "Only one.")

    found = ask(client, thread, opening.pk, etag).json()

    assert found["announcement"] == "1 new reply"
    assert found["replies"] == "1 reply"


def test_the_etag_is_each_readers_own_and_a_new_post_changes_it(
    client, georgia, member, other_member, start_thread, reply
):
    thread = start_thread(georgia)
    client.force_login(member)
    mine = page_etag(client, thread)
    client.force_login(other_member)
    theirs = page_etag(client, thread)
    assert mine != theirs
    assert page_etag(client, thread) == theirs  # the same reader, the same thread

    # Another reader's ETag gets the whole answer, not a 304.
    opening = thread.posts.get(seq=0)
    assert ask(client, thread, opening.pk, mine).status_code == 200

    reply(thread, "Something new.")
    assert page_etag(client, thread) != theirs


def test_the_page_carries_the_live_address_and_an_empty_polite_status(
    client, housing, member, start_thread
):
    """Without JavaScript the page is the thread page as ever; live.js reads these."""
    thread = start_thread(housing)
    client.force_login(member)

    page = client.get(thread.get_absolute_url()).text

    assert 'role="status" aria-live="polite" data-live-status></div>' in page
    assert f'data-live="{reverse("forums:live", args=[thread.pk])}?page=1&amp;part=1"' in page
    assert 'data-live-new="New"' in page
    assert "js/live.js" in page


def test_a_visitor_gets_a_members_only_thread_as_not_found(
    client, georgia, member, start_thread, reply
):
    thread = start_thread(georgia)
    last = reply(thread, "Members' words.")
    client.force_login(member)
    etag = page_etag(client, thread)
    client.logout()

    for tag in ("", etag):
        response = ask(client, thread, last.pk - 1, tag)
        assert response.status_code == 404
        assert b"Members' words." not in response.content


def test_a_forum_made_members_only_stops_a_visitors_open_page(client, housing, start_thread, reply):
    thread = start_thread(housing)
    last = reply(thread, "Said in public.")
    etag = page_etag(client, thread)
    assert ask(client, thread, last.pk, etag).status_code == 304

    housing.visibility = Forum.Visibility.MEMBERS
    housing.save()
    reply(thread, "Said among members.")

    response = ask(client, thread, last.pk, etag)
    assert response.status_code == 404
    assert b"Said among members." not in response.content


def test_a_thread_moved_where_the_reader_may_not_go_is_not_found(
    client, housing, georgia, moderator, start_thread, reply
):
    thread = start_thread(housing)
    last = reply(thread, "Before the move.")
    etag = page_etag(client, thread)

    moderation.move_thread(thread, moderator, georgia)

    # The move alone changes the ETag: no 304 tells a visitor anything.
    assert ask(client, thread, last.pk, etag).status_code == 404


def test_a_closed_account_reads_no_more(client, georgia, start_thread, reply):
    leaving = UserFactory()
    thread = start_thread(georgia)
    last = reply(thread, "Before.")
    client.force_login(leaving)
    etag = page_etag(client, thread)

    leaving.is_active = False
    leaving.save()
    reply(thread, "After they left.")

    response = ask(client, thread, last.pk, etag)
    assert response.status_code == 404
    assert b"After they left." not in response.content


def test_a_suspended_member_reads_new_replies_as_on_the_page(
    client, georgia, member, moderator, start_thread, reply
):
    """Suspended from posting, not from reading: the page shows them the thread."""
    thread = start_thread(georgia)
    client.force_login(member)
    etag = page_etag(client, thread)
    moderation.suspend_member(member, moderator, timezone.now() + timedelta(days=3), "Heat.")
    new = reply(thread, "While they were suspended.")

    found = ask(client, thread, new.pk - 1, etag).json()

    assert "While they were suspended." in found["html"]
    assert "You can still read." in client.get(thread.get_absolute_url()).text


def test_a_hidden_post_arrives_hidden_but_to_moderators(
    client, housing, member, moderator, start_thread, reply
):
    thread = start_thread(housing)
    opening = thread.posts.get(seq=0)
    hidden = reply(thread, "Words nobody should read.")
    moderation.hide_post(hidden, moderator, "Spam")

    client.force_login(member)
    found = ask(client, thread, opening.pk).json()
    assert found["placed"] == [[hidden.pk, opening.pk]]
    assert "Words nobody should read." not in found["html"]
    assert "Hidden by moderators: Spam." in found["html"]

    client.force_login(moderator)
    found = ask(client, thread, opening.pk).json()
    assert "Words nobody should read." in found["html"]
    assert "Only moderators see it." in found["html"]


def test_a_blocked_authors_reply_arrives_folded(
    client, housing, member, other_member, start_thread, reply
):
    thread = start_thread(housing)
    opening = thread.posts.get(seq=0)
    blocking.block(member, other_member)
    reply(thread, "From the blocked member.", author=other_member)

    client.force_login(member)
    found = ask(client, thread, opening.pk).json()

    assert '<details class="post__folded">' in found["html"]


def test_a_members_own_reply_arrives_with_their_buttons(
    client, housing, member, start_thread, reply
):
    thread = start_thread(housing)
    opening = thread.posts.get(seq=0)
    mine = reply(thread, "My own words from another tab.", author=member)

    client.force_login(member)
    found = ask(client, thread, opening.pk).json()

    assert f'href="{mine.get_absolute_url()}edit/"' in found["html"]
    assert f'href="{mine.get_absolute_url()}delete/"' in found["html"]


def test_what_arrives_is_marked_read(client, housing, member, start_thread, reply):
    thread = start_thread(housing)
    client.force_login(member)
    client.get(thread.get_absolute_url())
    new = reply(thread, "Read as it arrives.")

    ask(client, thread, new.pk - 1)

    read = ThreadRead.objects.get(user=member, thread=thread)
    assert read.last_read_at >= new.created_at


def test_only_the_posts_of_the_readers_page(
    client, housing, member, start_thread, grow_thread, reply, settings
):
    settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE = 2
    thread = start_thread(housing)
    first, second = grow_thread(thread, top_level=2)
    client.force_login(member)

    on_page_one = reply(thread, "Under the first.", parent=first)
    on_page_two = reply(thread, "A third top-level reply: page two.")

    found = ask(client, thread, second.pk).json()
    assert found["placed"] == [[on_page_one.pk, first.pk]]
    assert "page two" not in found["html"]
    found = ask(client, thread, second.pk, page=2).json()
    assert found["placed"] == []  # it opens page two: nothing of it is on the reader's page
    assert found["replies"] == "4 replies"
    assert Thread.objects.get(pk=thread.pk).page_count == 2
    assert on_page_two.page_number == 2


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"after": "abc"}, 400),
        ({"after": ""}, 400),
        ({"after": "-5"}, 400),
        ({"after": "1e9"}, 400),
        ({"after": "9" * 5000}, 400),
        ({"after": str(10**30)}, 200),
        ({"after": "0", "page": "-3"}, 200),
        ({"after": "0", "page": "abc", "part": "99999999999999999999"}, 200),
        ({"after": "0", "page": "<script>"}, 200),
    ],
)
def test_hostile_parameters(client, housing, member, start_thread, query, status):
    thread = start_thread(housing)
    client.force_login(member)

    response = client.get(reverse("forums:live", args=[thread.pk]), query)

    assert response.status_code == status
    assert b"<script>" not in response.content


def test_hostile_addresses_and_etags(client, housing, member, start_thread, reply):
    thread = start_thread(housing)
    last = reply(thread, "There.")
    client.force_login(member)
    url = reverse("forums:live", args=[thread.pk])

    assert client.get(reverse("forums:live", args=[2**63]), {"after": 1}).status_code == 404
    assert client.get(reverse("forums:live", args=[0]), {"after": 1}).status_code == 404
    enormous = reverse("forums:live", args=["9" * 5000])
    assert client.get(enormous, {"after": 1}, HTTP_IF_NONE_MATCH='"x"').status_code == 404
    missing = reverse("forums:live", args=[thread.pk + 1000])
    assert client.get(missing, {"after": 1}, HTTP_IF_NONE_MATCH='"x"').status_code == 404
    for etag in (
        '"forged"',
        "*",
        '"' + "0" * 40 + '"',
        "W/" + page_etag(client, thread),
        "x" * 5000,
    ):
        response = client.get(url, {"after": last.pk}, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, etag
    assert client.post(url, {"after": last.pk}).status_code == 405


def test_other_pages_asked_with_an_etag_are_served_as_ever(client, housing, member, start_thread):
    """The middleware answers only the live address: a thread page (or a live address
    with a slash less) asked with the live ETag is the page."""
    thread = start_thread(housing, source="The whole page.")
    client.force_login(member)
    etag = page_etag(client, thread)

    page = client.get(thread.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    trimmed = client.get(
        reverse("forums:live", args=[thread.pk]).rstrip("/"), HTTP_IF_NONE_MATCH=etag
    )

    assert page.status_code == 200
    assert "The whole page." in page.text
    assert trimmed.status_code in (301, 404)
