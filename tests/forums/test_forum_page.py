"""A forum's page: pinned threads first, then the rest by last activity, with reply
counts, who started and who last posted, unread marks for members and a tag filter;
"Older →" walks every thread once, each page as cheap as the first."""

import html
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils.timezone import localtime

from forums.models import Forum, Thread
from forums.reading import PINNED_AT_MOST

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'class="thread-row__title" href="[^"]+">([^<]+)</a>', response.text)


def thread_row(response, thread) -> str:
    rows = re.findall(r'<li class="thread-row[^"]*">.*?</li>', response.text, re.DOTALL)
    return next(row for row in rows if f'href="{thread.get_absolute_url()}"' in row)


def link(response, rel: str) -> str | None:
    """The "Older →" (next) or "← Newer" (prev) address on a forum page."""
    match = re.search(rf'<a rel="{rel}" href="([^"]+)"', response.text)
    return html.unescape(match.group(1)) if match else None


def test_pinned_threads_come_first_then_the_most_recently_active(
    client, housing, start_thread, reply
):
    oldest = start_thread(housing, title="Oldest")
    start_thread(housing, title="Middle")
    start_thread(housing, title="Newest")
    pinned = start_thread(housing, title="House rules")
    Thread.objects.filter(pk=pinned.pk).update(pinned=True)
    Thread.objects.filter(pk=pinned.pk).update(last_post_at=pinned.last_post_at - timedelta(days=9))
    reply(oldest, "Bumping this back up")

    response = client.get(housing.get_absolute_url())

    assert titles(response) == ["House rules", "Oldest", "Newest", "Middle"]
    assert "Pinned" in thread_row(response, pinned)


def test_each_thread_shows_replies_starter_and_last_poster(client, housing, start_thread, reply):
    thread = start_thread(housing, title="Childcare at meetings")
    reply(thread, "Yes")
    last = reply(thread, "Me too")
    starter = thread.author.profile.display_name
    last_poster = last.author.profile.display_name

    row = thread_row(client.get(housing.get_absolute_url()), thread)

    assert '<span class="count">2</span> replies' in row
    assert re.search(rf"Started by <[^>]+>{starter}</", row)
    assert re.search(
        rf'<a href="/forums/p/{last.pk}/">Last post</a> by <[^>]+>{last_poster}</', row
    )
    moment = localtime(last.created_at).isoformat(timespec="seconds")
    assert f'<time datetime="{moment}">just now</time>' in row


def test_members_see_unread_marks_and_visitors_none(client, member, housing, start_thread, reply):
    read = start_thread(housing, title="Already read")
    unread = start_thread(housing, title="Not yet read")
    client.force_login(member)
    client.get(read.get_absolute_url())

    response = client.get(housing.get_absolute_url())

    assert "thread-row--unread" not in thread_row(response, read)
    assert "thread-row--unread" in thread_row(response, unread)
    assert reverse("forums:first_unread", args=[unread.pk]) in thread_row(response, unread)

    reply(read, "Something new")
    assert "thread-row--unread" in thread_row(client.get(housing.get_absolute_url()), read)

    client.logout()
    assert "thread-row--unread" not in client.get(housing.get_absolute_url()).text


def test_a_tag_shows_only_the_threads_it_is_on(client, housing, start_thread):
    start_thread(housing, title="Strike fund", tags=["rent strike", "money"])
    start_thread(housing, title="Strike vote", tags=["rent strike"])
    start_thread(housing, title="Potluck", tags=["social"])

    response = client.get(housing.get_absolute_url(), {"tag": "rent-strike"})

    assert sorted(titles(response)) == ["Strike fund", "Strike vote"]
    assert "tagged “rent-strike”" in response.text
    assert "Show all threads" in response.text


def test_older_walks_every_thread_once_in_order_and_newer_walks_back(client, housing, fill_forum):
    threads = fill_forum(housing, 3 * settings.FORUM_THREADS_PER_PAGE + 7)
    # Several threads last active at the very same moment, across page boundaries.
    for start in (20, 47, 70):
        moment = threads[start].last_post_at
        Thread.objects.filter(pk__in=[t.pk for t in threads[start : start + 9]]).update(
            last_post_at=moment
        )
    Thread.objects.filter(pk=threads[30].pk).update(pinned=True, title="Pinned")
    expected = list(
        Thread.objects.filter(forum=housing, pinned=False)
        .order_by("-last_post_at", "-pk")
        .values_list("title", flat=True)
    )

    def visit(query):
        response = client.get(housing.get_absolute_url() + query)
        assert response.status_code == 200
        return response

    first = visit("")
    pages, response = [titles(first)], first
    while link(response, "next"):
        response = visit(link(response, "next"))
        pages.append(titles(response))

    assert pages[0][0] == "Pinned"
    assert [title for page in pages for title in page if title != "Pinned"] == expected
    assert [len(page) for page in pages] == [26, 25, 25, 6]

    back = [pages[-1]]
    while link(response, "prev"):
        response = visit(link(response, "prev"))
        back.insert(0, titles(response))
    assert back == pages
    assert "Latest" not in response.text


@pytest.mark.parametrize("pinned_count", [PINNED_AT_MOST - 1, PINNED_AT_MOST + 2])
def test_however_many_threads_are_pinned_the_first_page_shows_them_all_and_a_full_page(
    client, housing, fill_forum, pinned_count
):
    threads = fill_forum(housing, settings.FORUM_THREADS_PER_PAGE + pinned_count + 5)
    pinned_titles = {t.title for t in threads[-pinned_count:]}  # the oldest, pinned
    Thread.objects.filter(title__in=pinned_titles).update(pinned=True)

    first = client.get(housing.get_absolute_url())
    second = client.get(housing.get_absolute_url() + link(first, "next"))

    shown = titles(first)
    assert set(shown[:pinned_count]) == pinned_titles
    assert len(shown) == pinned_count + settings.FORUM_THREADS_PER_PAGE
    assert shown[pinned_count:] == [t.title for t in threads[: settings.FORUM_THREADS_PER_PAGE]]
    assert titles(second) == [
        t.title for t in threads[settings.FORUM_THREADS_PER_PAGE : -pinned_count]
    ]


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "1.2.3", "-5.x", "99999999999999999999999.1", "1.99999999999999999999999", ""],
)
def test_a_garbled_cursor_shows_the_first_page(client, housing, fill_forum, cursor):
    fill_forum(housing, 3)

    response = client.get(housing.get_absolute_url(), {"before": cursor})

    assert response.status_code == 200
    assert titles(response) == ["Thread number 0", "Thread number 1", "Thread number 2"]


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_a_forum_page_costs_the_same_with_5_or_500_threads_and_deep_in_the_list(
    client, member, housing, fill_forum, count_queries, viewer
):
    forum, few = housing, Forum.objects.get(slug="labor")
    if viewer == "member":
        client.force_login(member)
    fill_forum(few, 5)
    fill_forum(forum, 500)
    Thread.objects.filter(forum__in=[forum, few], title="Thread number 3").update(pinned=True)
    urls = {
        "few": few.get_absolute_url(),
        "first": forum.get_absolute_url(),
    }
    page = client.get(urls["first"])
    urls["second"] = forum.get_absolute_url() + link(page, "next")
    for _ in range(15):
        page = client.get(forum.get_absolute_url() + link(page, "next"))
    urls["deep"] = forum.get_absolute_url() + link(page, "next")
    for url in urls.values():
        client.get(url)

    counts = {name: count_queries(lambda url=url: client.get(url)) for name, url in urls.items()}

    assert counts["few"] == counts["first"]
    # The first page finds its pinned threads in the same query as the others.
    assert counts["second"] == counts["deep"] == counts["first"]
    assert counts["first"] <= (6 if viewer == "member" else 2), counts


def test_a_forum_with_no_threads_yet_says_so_and_a_tag_on_none_shows_none(client, housing):
    empty = client.get(housing.get_absolute_url())
    untagged = client.get(housing.get_absolute_url(), {"tag": "nothing-here"})

    assert empty.status_code == untagged.status_code == 200
    assert f"<h1>{housing.name}</h1>" in empty.text
    assert "No threads here yet." in empty.text
    assert "No threads here yet." in untagged.text
    assert housing.category.name in empty.text  # the breadcrumbs


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="prepared statements are PostgreSQL's (SQLite has no planner to spare)",
)
def test_a_connection_that_serves_a_page_often_has_its_queries_prepared(
    client, member, housing, fill_forum
):
    """PostgreSQL plans a statement once per connection, not on every page: planning
    was a third of a forum page's database time."""
    fill_forum(housing, 3)
    client.force_login(member)

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    threshold = settings.DATABASES["default"]["OPTIONS"].get("prepare_threshold")
    assert threshold, "statements are never prepared"
    for _ in range(threshold + 1):
        cache.clear()  # the list's rows are kept (forums.kept): read them each time
        assert client.get(housing.get_absolute_url()).status_code == 200

    assert any('FROM "forums_thread"' in statement for statement in prepared())
