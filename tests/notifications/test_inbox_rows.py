"""Each inbox row says what happened, in a sentence, with a short excerpt and when; and
never shows what its reader cannot see now."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from forums import moderation
from forums.models import ForumWatch
from network.notifications import actions
from network.notifications.kinds import Delivery, Kind
from tests.factories import make_article
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa_bell(db):
    return established(username="rosa_b", profile__display_name="Rosa Bell")


@pytest.fixture
def marcus_t(db):
    return established(username="marcus_t", profile__display_name="Marcus T")


def rows(client) -> list[dict]:
    """The inbox's rows as the reader sees them: headline, excerpt and the rest."""
    soup = BeautifulSoup(client.get(reverse("notifications:inbox")).text, "html.parser")
    found = []
    for item in soup.select(".notification"):
        excerpt = item.select_one(".notification__excerpt")
        found.append(
            {
                "headline": item.select_one(".notification__headline").get_text(" ", strip=True),
                "link": item.select_one("a.notification__headline") is not None,
                "excerpt": excerpt.get_text(" ", strip=True) if excerpt else "",
                "meta": item.select_one(".notification__meta").get_text(" ", strip=True),
                "text": item.get_text(" ", strip=True),
            }
        )
    return found


def everything_for(rosa, marcus, housing, posting, start_thread, reply, numbers=range(1)):
    """One of each kind of news from the forums and the blog for Rosa, per number: Rosa
    moderates Housing, watches it, edits and writes articles."""
    ella = established(username="ella_edits", profile__display_name="Ella Edits")
    ella.groups.add(Group.objects.get(name="Editors"))
    rosa.groups.add(Group.objects.get(name="Editors"))
    marcus.groups.add(Group.objects.get(name="Contributors"))
    housing.moderators.add(rosa)
    ForumWatch.objects.get_or_create(user=rosa, forum=housing)
    actions.set_preferences(rosa, {Kind.NEW_ARTICLE: Delivery.AT_ONCE})
    for number in numbers:
        thread = start_thread(housing, title=f"Rent strike {number}", author=rosa)
        posting(reply, thread, f"Count me **in**, <b>{number}</b> & more.", author=marcus)
        posting(reply, thread, f"@rosa_b what do you think of {number}?", author=marcus)
        opened = posting(
            start_thread, housing, f"Eviction defense {number}", "Saturday at 10.", marcus
        )
        posting(moderation.report_post, opened.posts.get(), marcus, "spam", "Selling things")
        posting(
            make_article,
            f"Lessons from Bessemer {number}",
            introduction="What the organizers learned.",
        )
        theirs = make_article(f"Marcus draft {number}", publish=False, owner=marcus)
        posting(theirs.get_workflow().start, theirs, marcus)
        hers = make_article(f"Rosa draft {number}", publish=False, owner=rosa)
        posting(hers.get_workflow().start, hers, rosa)
        hers.refresh_from_db()
        task_state = hers.current_workflow_state.current_task_state
        posting(task_state.approve, user=ella, comment="Good to go.")


def test_each_row_says_what_happened_with_an_excerpt_and_when(
    client, posting, housing, rosa_bell, marcus_t, start_thread, reply
):
    everything_for(rosa_bell, marcus_t, housing, posting, start_thread, reply)
    client.force_login(rosa_bell)

    found = {row["headline"].removeprefix("Unread: "): row for row in rows(client)}

    assert set(found) == {
        "Ella Edits approved ‘Rosa draft 0’",
        "New article: Rosa draft 0",
        "Marcus T submitted ‘Marcus draft 0’ for review",
        "New article: Lessons from Bessemer 0",
        "Report in Tenant and housing organizing: Spam or advertising",
        "New thread ‘Eviction defense 0’ in Tenant and housing organizing",
        "Marcus T mentioned you in ‘Rent strike 0’",
        "Marcus T replied to you in ‘Rent strike 0’",
    }
    assert all(row["link"] for row in found.values())
    reply_row = found["Marcus T replied to you in ‘Rent strike 0’"]
    assert reply_row["excerpt"] == "Count me in, <b>0</b> & more."
    assert reply_row["meta"] == "Tenant and housing organizing · just now"
    assert found["Marcus T mentioned you in ‘Rent strike 0’"]["excerpt"] == (
        "@rosa_b what do you think of 0?"
    )
    assert (
        found["New thread ‘Eviction defense 0’ in Tenant and housing organizing"]["excerpt"]
        == "Saturday at 10."
    )
    assert found["New article: Lessons from Bessemer 0"]["excerpt"] == (
        "What the organizers learned."
    )
    assert found["Ella Edits approved ‘Rosa draft 0’"]["excerpt"] == "Good to go."
    assert found["Ella Edits approved ‘Rosa draft 0’"]["meta"] == "Editorial review · just now"
    # What was reported stays behind the moderators' queue, a draft's words in the admin.
    assert found["Marcus T submitted ‘Marcus draft 0’ for review"]["excerpt"] == ""
    assert found["Report in Tenant and housing organizing: Spam or advertising"]["excerpt"] == ""
    assert (
        "Selling things"
        not in found["Report in Tenant and housing organizing: Spam or advertising"]["text"]
    )


def test_the_excerpt_is_short_plain_text(
    client, posting, housing, rosa_bell, marcus_t, start_thread, reply
):
    thread = start_thread(housing, author=rosa_bell)
    posting(reply, thread, "# Heading\n\n" + "word " * 200, author=marcus_t)
    client.force_login(rosa_bell)

    [row] = rows(client)

    assert row["excerpt"].startswith("Heading word word")
    assert len(row["excerpt"]) <= 180
    assert row["excerpt"].endswith("…")


def test_the_inbox_costs_the_same_queries_however_many_rows_and_kinds(
    client,
    posting,
    housing,
    rosa_bell,
    marcus_t,
    start_thread,
    reply,
    count_queries,
    django_assert_max_num_queries,
):
    everything_for(rosa_bell, marcus_t, housing, posting, start_thread, reply)
    client.force_login(rosa_bell)
    client.get(reverse("notifications:inbox"))  # what is read once per process
    with django_assert_max_num_queries(19):
        few = count_queries(lambda: client.get(reverse("notifications:inbox")))

    everything_for(rosa_bell, marcus_t, housing, posting, start_thread, reply, range(1, 4))
    client.get(reverse("notifications:inbox"))  # publishing emptied the site's caches
    many = count_queries(lambda: client.get(reverse("notifications:inbox")))

    assert len(rows(client)) == 30  # a full page of the 32
    assert many == few


def test_a_post_hidden_or_deleted_since_shows_nothing_of_itself(
    client, posting, housing, rosa_bell, marcus_t, moderator, start_thread, reply
):
    from forums import actions as forum_actions

    thread = start_thread(housing, title="Rent strike", author=rosa_bell)
    vile = posting(reply, thread, "Something vile about Rosa.", author=marcus_t)
    regretted = posting(reply, thread, "Something I regret.", author=marcus_t)
    moderation.hide_post(vile, moderator, "Harassment")
    forum_actions.delete_post(regretted, marcus_t)
    client.force_login(rosa_bell)

    found = rows(client)

    assert [row["headline"] for row in found] == [
        "Unread: No longer on the site, or no longer open to you"
    ] * 2
    assert not any(row["link"] for row in found)
    page = client.get(reverse("notifications:inbox")).text
    for secret in ("vile", "regret", "Rent strike", "Marcus T"):
        assert secret not in page.split("<main")[1]


def test_an_article_now_for_another_group_only_is_not_shown(client, posting, rosa_bell, marcus_t):
    actions.set_preferences(rosa_bell, {Kind.NEW_ARTICLE: Delivery.AT_ONCE})
    actions.set_preferences(marcus_t, {Kind.NEW_ARTICLE: Delivery.AT_ONCE})
    article = posting(make_article, "Internal strategy memo", introduction="Our plan.")
    organizers = Group.objects.create(name="Organizers")
    marcus_t.groups.add(organizers)
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(organizers)

    client.force_login(rosa_bell)
    [row] = rows(client)
    assert row["headline"] == "Unread: No longer on the site, or no longer open to you"
    assert "Internal strategy memo" not in client.get(reverse("notifications:inbox")).text

    client.force_login(marcus_t)
    [row] = rows(client)
    assert row["headline"] == "Unread: New article: Internal strategy memo"
    assert row["excerpt"] == "Our plan."


def test_a_moderator_who_stepped_down_no_longer_sees_the_forums_reports(
    client, posting, housing, rosa_bell, marcus_t, start_thread
):
    housing.moderators.add(rosa_bell)
    thread = start_thread(housing, title="Selling things")
    posting(moderation.report_post, thread.posts.get(), marcus_t, "spam", "Ads")
    client.force_login(rosa_bell)
    assert (
        rows(client)[0]["headline"]
        == "Unread: Report in Tenant and housing organizing: Spam or advertising"
    )

    housing.moderators.remove(rosa_bell)

    assert rows(client)[0]["headline"] == "Unread: No longer on the site, or no longer open to you"


def test_read_rows_are_not_marked_unread(
    client, posting, housing, rosa_bell, marcus_t, start_thread, reply
):
    thread = start_thread(housing, title="Rent strike", author=rosa_bell)
    posting(reply, thread, "One.", author=marcus_t)
    client.force_login(rosa_bell)
    assert rows(client)[0]["headline"].startswith("Unread: ")

    actions.mark_all_read(rosa_bell)

    page = client.get(reverse("notifications:inbox")).text
    assert not re.search(r"notification--unread|Unread:", page)
