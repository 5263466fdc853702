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


# All of a member's threads and replies, a page at a time.


def activity(client, member, kind="threads", **params):
    from django.urls import reverse

    return client.get(reverse(f"forums:member_{kind}", args=[member.username]), params)


def test_all_of_a_members_threads_page_by_page(
    client, housing, member, other_member, start_thread, settings, monkeypatch
):
    from forums import profile_activity

    monkeypatch.setattr(profile_activity, "PER_PAGE", 2)
    for number in range(5):
        start_thread(housing, title=f"Thread {number}", author=member)
    client.force_login(other_member)

    profile = client.get(member.profile.get_absolute_url()).text
    first = activity(client, member)
    older = first.context["page"].older.encode()
    second = activity(client, member, before=older)
    third = activity(client, member, before=second.context["page"].older.encode())

    assert f'href="/forums/members/{member.username}/threads/">All their threads</a>' in profile
    assert [t.title for t in first.context["page"].items] == ["Thread 4", "Thread 3"]
    assert [t.title for t in second.context["page"].items] == ["Thread 2", "Thread 1"]
    assert [t.title for t in third.context["page"].items] == ["Thread 0"]
    assert third.context["page"].older is None
    assert f'rel="next" href="?before={older}"' in first.text
    assert activity(client, member, before="junk").status_code == 200


def test_a_members_replies_list_holds_only_what_the_reader_may_read(
    client, housing, georgia, member, other_member, start_thread, reply
):
    member.profile.visibility = "public"
    member.profile.save()
    open_thread = start_thread(housing, title="Open thread", author=other_member)
    closed = start_thread(georgia, title="Members business", author=other_member)
    reply(open_thread, "Open words.", author=member)
    reply(closed, "Members words.", author=member)

    visitor = activity(client, member, "replies").text
    client.force_login(other_member)
    fellow = activity(client, member, "replies").text

    assert "Open thread" in visitor
    assert "Members business" not in visitor
    assert "Members business" in fellow


def test_a_hidden_profiles_activity_is_not_found(client, member, other_member):
    member.profile.visibility = "hidden"
    member.profile.save()
    client.force_login(other_member)

    assert activity(client, member).status_code == 404
    assert activity(client, member, "replies").status_code == 404
    client.force_login(member)
    assert activity(client, member).status_code == 200


def test_a_members_activity_costs_the_same_however_much_they_wrote(
    client, housing, member, other_member, start_thread, count_queries
):
    start_thread(housing, title="One", author=member)
    client.force_login(other_member)
    activity(client, member)
    few = count_queries(lambda: activity(client, member))
    for number in range(30):
        start_thread(housing, title=f"More {number}", author=member)

    assert count_queries(lambda: activity(client, member)) == few
