"""A member's profile shows what they wrote, as far as the viewer may read it: their
post count, latest threads and replies, and their articles."""

from __future__ import annotations

import pytest

from forums import moderation
from tests.factories import make_article, make_author

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]


def test_a_profile_shows_threads_replies_and_post_count(
    client, housing, member, other_member, start_thread, reply
):
    thread = start_thread(housing, title="Tenant meeting Tuesday", author=member)
    other = start_thread(housing, title="Someone else's thread", author=other_member)
    reply(other, "I will be there.", author=member)
    client.force_login(other_member)

    page = client.get(member.profile.get_absolute_url()).text

    assert "Tenant meeting Tuesday" in page
    assert thread.get_absolute_url() in page
    assert "Reply in “Someone else&#x27;s thread”" in page
    assert "2 posts" in page
    assert "Member since" in page


def test_visitors_do_not_see_activity_in_members_only_forums(
    client, housing, georgia, start_thread, member
):
    member.profile.visibility = "public"
    member.profile.save()
    start_thread(georgia, title="Atlanta chapter business", author=member)
    start_thread(housing, title="Open housing thread", author=member)

    seen_by_visitor = client.get(member.profile.get_absolute_url()).text
    client.force_login(member)
    seen_by_member = client.get(member.profile.get_absolute_url()).text

    assert "Open housing thread" in seen_by_visitor
    assert "Atlanta chapter business" not in seen_by_visitor
    assert "1 post" in seen_by_visitor
    assert "Atlanta chapter business" in seen_by_member


def test_hidden_posts_are_not_shown_or_counted(
    client, housing, member, moderator, start_thread, reply, other_member
):
    thread = start_thread(housing, author=other_member)
    post = reply(thread, "Something moderators hid.", author=member)
    moderation.hide_post(post, moderator, reason="Off topic")
    client.force_login(other_member)

    page = client.get(member.profile.get_absolute_url()).text

    assert "0 posts" in page
    assert "Reply in" not in page


def test_a_profile_lists_the_members_published_articles(client, member):
    author = make_author("Mia Writer", member=member)
    make_article("Organizing the unorganized", authors=[author])
    make_article("A draft not yet out", authors=[author], publish=False)
    client.force_login(member)

    page = client.get(member.profile.get_absolute_url()).text

    assert "Organizing the unorganized" in page
    assert "A draft not yet out" not in page


@pytest.mark.parametrize("threads", [1, 8])
def test_profile_query_budget_does_not_grow_with_activity(
    client,
    housing,
    member,
    other_member,
    start_thread,
    reply,
    threads,
    django_assert_max_num_queries,
):
    for n in range(threads):
        thread = start_thread(housing, title=f"Thread {n}", author=member)
        reply(thread, "More.", author=member)
    client.force_login(other_member)
    client.get(member.profile.get_absolute_url())

    with django_assert_max_num_queries(10):
        response = client.get(member.profile.get_absolute_url())
    assert response.status_code == 200
