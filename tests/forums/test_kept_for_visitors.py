"""What visitors see of a forum's threads and a thread's posts is rendered once and kept
(forums.kept): a visitor's next view reads only the forum or the thread, and every
change a visitor could see shows on the next view all the same. Members read the kept
rows of a forum, and a thread's posts as kept for any member, unless the page is theirs
(their own posts, a blocked member's, a moderator's or staff's view)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums import actions, kept, moderation
from forums.models import Forum, Post
from network import blocking
from tests.factories import make_article
from tests.forums.conftest import established

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


# --- Members read a thread's kept posts too, unless the page is theirs ------------------


@pytest.fixture
def third_member(db):
    return established(profile__display_name="Tess Third")


def test_a_members_thread_page_reads_the_posts_kept_for_every_member(
    client, conversation, other_member, third_member, count_queries
):
    thread, _ = conversation
    client.force_login(other_member)
    as_other = fresh(client, thread.get_absolute_url())  # rendered and kept
    client.force_login(third_member)
    client.get(thread.get_absolute_url())  # marks it read

    queries = count_queries(lambda: client.get(thread.get_absolute_url()))
    page = fresh(client, thread.get_absolute_url())

    # The session, the member, the thread, their standing: not the posts.
    assert queries == 4
    assert page.count(">Report</a>") == 2 == as_other.count(">Report</a>")
    assert ">Edit</a>" not in page
    assert ">Delete</a>" not in page


def test_reading_kept_posts_marks_them_read(client, conversation, other_member, third_member):
    thread, _ = conversation
    client.force_login(other_member)
    client.get(thread.get_absolute_url())
    client.force_login(third_member)

    client.get(thread.get_absolute_url())

    thread.refresh_from_db()
    assert third_member.thread_reads.get(thread=thread).last_read_at == thread.last_post_at


def test_a_members_own_posts_are_theirs_to_edit_on_a_page_kept_for_others(
    client, conversation, member, other_member
):
    thread, answer = conversation
    client.force_login(other_member)
    client.get(thread.get_absolute_url())
    client.force_login(member)

    own = fresh(client, thread.get_absolute_url())

    assert f'href="{answer.get_absolute_url()}edit/"' in own
    assert f'href="{answer.get_absolute_url()}delete/"' in own
    client.force_login(other_member)
    others = fresh(client, thread.get_absolute_url())
    assert f'href="{answer.get_absolute_url()}edit/"' not in others


def test_a_blocked_members_posts_fold_on_a_page_kept_for_others(
    client, conversation, member, other_member, third_member
):
    thread, _ = conversation
    blocking.block(third_member, member)
    third_member.refresh_from_db()
    client.force_login(other_member)
    client.get(thread.get_absolute_url())
    client.force_login(third_member)

    page = fresh(client, thread.get_absolute_url())

    assert "Post by a member you blocked" in page
    client.force_login(other_member)
    assert "Post by a member you blocked" not in fresh(client, thread.get_absolute_url())


def test_moderators_get_their_tools_and_members_never_see_them(
    client, conversation, moderator, other_member
):
    thread, answer = conversation
    hide = reverse("forums:hide_post", args=[answer.pk])
    client.force_login(other_member)
    client.get(thread.get_absolute_url())
    client.force_login(moderator)

    as_moderator = fresh(client, thread.get_absolute_url())
    client.force_login(other_member)
    as_member = fresh(client, thread.get_absolute_url())

    assert hide in as_moderator
    assert hide not in as_member


def test_staff_follow_a_hidden_profiles_name_on_a_page_kept_for_members(
    client, conversation, member, other_member, staff_member
):
    thread, _ = conversation
    member.profile.visibility = member.profile.Visibility.HIDDEN
    member.profile.save()
    profile = member.profile.get_absolute_url()
    client.force_login(other_member)
    as_member = fresh(client, thread.get_absolute_url())
    client.force_login(staff_member)

    as_staff = fresh(client, thread.get_absolute_url())

    assert f'href="{profile}"' not in as_member
    assert f'href="{profile}"' in as_staff


def test_a_lock_takes_the_reply_links_from_members_at_once(
    client, conversation, other_member, moderator
):
    thread, answer = conversation
    client.force_login(other_member)
    assert f'href="{answer.get_absolute_url()}reply/"' in fresh(client, thread.get_absolute_url())

    moderation.set_locked(thread, moderator, True)

    assert f'href="{answer.get_absolute_url()}reply/"' not in fresh(
        client, thread.get_absolute_url()
    )
