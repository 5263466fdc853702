"""What visitors see of a forum's threads and a thread's posts is rendered once and kept
(forums.kept): a visitor's next view reads only the forum or the thread, and every
change a visitor could see shows on the next view all the same."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums import actions, kept, moderation
from forums.models import Forum, Post
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(housing, start_thread, reply, member, no_pause_between_posts):
    thread = start_thread(housing, title="Rent strike on Ponce", source="Who is in?")
    answer = reply(thread, "Count me in.", author=member)
    return thread, answer


def fresh(client, url: str) -> str:
    return client.get(url).text


def test_a_visitors_second_view_of_a_forum_reads_only_the_forum(
    client, housing, conversation, count_queries
):
    first = fresh(client, housing.get_absolute_url())

    queries = count_queries(lambda: client.get(housing.get_absolute_url()))

    assert queries == 1
    assert "Rent strike on Ponce" in first
    assert fresh(client, housing.get_absolute_url()) == first


def test_a_visitors_second_view_of_a_thread_reads_only_the_thread(
    client, conversation, count_queries
):
    thread, _ = conversation
    first = fresh(client, thread.get_absolute_url())

    queries = count_queries(lambda: client.get(thread.get_absolute_url()))

    assert queries == 1
    assert "Count me in." in first
    assert fresh(client, thread.get_absolute_url()) == first


def test_a_new_reply_and_a_new_thread_show_at_once(
    client, housing, conversation, start_thread, reply
):
    thread, _ = conversation
    fresh(client, housing.get_absolute_url())
    fresh(client, thread.get_absolute_url())

    reply(thread, "Me too, with my neighbours.")
    start_thread(housing, title="Childcare at meetings")

    assert "Me too, with my neighbours." in fresh(client, thread.get_absolute_url())
    assert "Childcare at meetings" in fresh(client, housing.get_absolute_url())


def test_an_edited_post_shows_at_once(client, conversation, member):
    thread, answer = conversation
    fresh(client, thread.get_absolute_url())

    actions.edit_post(answer, member, "Count me in, and my sister.")

    assert "Count me in, and my sister." in fresh(client, thread.get_absolute_url())


def test_a_hidden_post_is_hidden_at_once(client, conversation, moderator):
    thread, answer = conversation
    assert "Count me in." in fresh(client, thread.get_absolute_url())

    moderation.hide_post(answer, moderator, "Off topic")

    assert "Count me in." not in fresh(client, thread.get_absolute_url())


def test_a_new_title_tags_a_pin_and_a_lock_show_at_once_in_the_list(
    client, housing, conversation, moderator
):
    thread, _ = conversation
    before = fresh(client, housing.get_absolute_url())
    assert "Pinned" not in before

    moderation.retitle_thread(thread, moderator, "Rent strike: who is in", ["rent"])
    retitled = fresh(client, housing.get_absolute_url())
    moderation.set_pinned(thread, moderator, True)
    pinned = fresh(client, housing.get_absolute_url())
    moderation.set_locked(thread, moderator, True)
    locked = fresh(client, housing.get_absolute_url())

    assert "Rent strike: who is in" in retitled
    assert "?tag=rent" in retitled
    assert "Pinned" in pinned
    assert "Locked" in locked


def test_a_thread_moved_away_leaves_the_list_at_once(client, housing, conversation, moderator):
    thread, _ = conversation
    elsewhere = Forum.objects.get(slug="labor")
    assert "Rent strike on Ponce" in fresh(client, housing.get_absolute_url())

    moderation.move_thread(thread, moderator, elsewhere)

    assert "Rent strike on Ponce" not in fresh(client, housing.get_absolute_url())
    assert "Rent strike on Ponce" in fresh(client, elsewhere.get_absolute_url())


def test_a_members_new_name_shows_at_once_everywhere(client, housing, conversation, member):
    thread, _ = conversation
    fresh(client, housing.get_absolute_url())
    fresh(client, thread.get_absolute_url())

    profile = member.profile
    profile.display_name = "Mia Organizer"
    profile.save()

    assert "Mia Organizer" in fresh(client, thread.get_absolute_url())
    assert "Mia Organizer" in fresh(client, housing.get_absolute_url())


def test_what_only_a_member_sees_is_never_kept_and_never_shown_to_visitors(
    client, housing, conversation, member, other_member
):
    thread, _ = conversation
    visitor = fresh(client, housing.get_absolute_url())
    client.force_login(other_member)

    as_member = fresh(client, housing.get_absolute_url())
    client.get(thread.get_absolute_url())  # read: no longer unread for them
    read = fresh(client, housing.get_absolute_url())
    client.logout()

    assert "thread-row--unread" not in visitor
    assert "thread-row--unread" in as_member
    assert "thread-row--unread" not in read
    assert "thread-row--unread" not in fresh(client, housing.get_absolute_url())


def test_kept_a_minute_at_most_so_times_stay_near_right(client, conversation, clock):
    thread, _ = conversation
    fresh(client, thread.get_absolute_url())
    # A change no signal reports (a plain UPDATE): shown once the minute is over.
    Post.objects.filter(pk=conversation[1].pk).update(html="<p>Changed behind our back.</p>")

    assert "Changed behind our back." not in fresh(client, thread.get_absolute_url())
    clock.forward(kept.VISITORS_SECONDS + 1)
    assert "Changed behind our back." in fresh(client, thread.get_absolute_url())


def test_the_article_discussions_are_never_kept(client, count_queries):
    article = make_article("Port strike")
    forum = Forum.objects.get(pk=article.discussion.forum_id)
    url = reverse("forums:forum", args=[forum.slug])
    client.get(url)

    assert count_queries(lambda: client.get(url)) >= 2


def test_members_read_the_kept_rows_with_their_own_unread_marks(
    client, housing, conversation, member, other_member, reply, count_queries
):
    thread, _ = conversation
    client.force_login(other_member)
    client.get(housing.get_absolute_url())  # the rows, read and kept
    client.force_login(member)

    queries = count_queries(lambda: client.get(housing.get_absolute_url()))
    reply(thread, "A newer word.", author=other_member)
    page = fresh(client, housing.get_absolute_url())

    # The session, the member, the forum, their standing, their reads: not the rows.
    assert queries == 5
    assert '<span class="count">2</span> replies' in page
    assert "thread-row--unread" in page
