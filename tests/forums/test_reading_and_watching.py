"""What a member has read and what they watch: unread marks, jumping to the first unread
post, marking a whole forum read, the 60-day horizon past which everything counts as
read; watching threads (automatic for those one starts or replies to) and forums."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums.models import ForumWatch, Post, Thread, ThreadRead, ThreadWatch
from forums.models.reading import READ_HORIZON

pytestmark = pytest.mark.django_db


def unread_titles(client, forum) -> set[str]:
    """The threads marked unread on the forum's page."""
    page = BeautifulSoup(client.get(forum.get_absolute_url()).text, "html.parser")
    return {row.get_text() for row in page.select(".thread-row--unread .thread-row__title")}


def age(thread, days):
    """Make ``thread`` and its posts ``days`` old."""
    moment = timezone.now() - timedelta(days=days)
    Thread.objects.filter(pk=thread.pk).update(created_at=moment, last_post_at=moment)
    Post.objects.filter(thread=thread).update(created_at=moment)


def test_reading_a_page_again_writes_nothing_until_there_is_something_new(
    client, member, housing, start_thread, reply
):
    thread = start_thread(housing, title="Quiet")
    client.force_login(member)
    client.get(thread.get_absolute_url())
    read_at = ThreadRead.objects.get(user=member, thread=thread).last_read_at

    with CaptureQueriesContext(connection) as again:
        client.get(thread.get_absolute_url())
    writes = [q["sql"] for q in again.captured_queries if q["sql"].startswith(("INSERT", "UPD"))]
    assert writes == []

    newest = reply(thread, "Something new.")
    client.get(thread.get_absolute_url())
    assert ThreadRead.objects.get(user=member, thread=thread).last_read_at == newest.created_at
    assert newest.created_at > read_at


def test_a_thread_is_unread_until_opened_and_again_when_someone_replies(
    client, member, housing, start_thread, reply
):
    thread = start_thread(housing, title="Fresh")
    client.force_login(member)
    assert unread_titles(client, housing) == {"Fresh"}

    client.get(thread.get_absolute_url())
    assert unread_titles(client, housing) == set()

    reply(thread, "News")
    assert unread_titles(client, housing) == {"Fresh"}


def test_ones_own_thread_and_reply_are_read(client, member, housing, start_thread, reply):
    mine = start_thread(housing, title="Mine", author=member)
    theirs = start_thread(housing, title="Theirs")
    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(minutes=1))
    reply(theirs, "My answer", author=member)
    client.force_login(member)

    assert unread_titles(client, housing) == set()
    assert ThreadRead.objects.filter(user=member, thread__in=[mine, theirs]).count() == 2


def test_jump_to_first_unread_lands_on_the_first_post_written_since_the_last_visit(
    client, member, housing, start_thread, reply, grow_thread
):
    thread = start_thread(housing)
    posts = grow_thread(thread, top_level=30)
    client.force_login(member)
    for page in (1, 2):
        client.get(f"{thread.get_absolute_url()}?page={page}")
    first_new = reply(thread, "A new answer on page 2", parent=posts[25])
    reply(thread, "A newer answer on page 1", parent=posts[3])

    response = client.get(reverse("forums:first_unread", args=[thread.pk]))

    assert response["Location"] == reverse("forums:post", args=[first_new.pk])
    assert client.get(response["Location"])["Location"] == (
        f"{thread.get_absolute_url()}?page=2#post-{first_new.pk}"
    )


def test_having_read_the_first_page_only_the_jump_goes_to_the_second(
    client, member, housing, start_thread, grow_thread
):
    thread = start_thread(housing, title="Long read")
    posts = grow_thread(thread, top_level=45)
    client.force_login(member)
    client.get(thread.get_absolute_url())

    assert unread_titles(client, housing) == {"Long read"}
    response = client.get(reverse("forums:first_unread", args=[thread.pk]))
    assert response["Location"] == reverse("forums:post", args=[posts[20].pk])

    client.get(f"{thread.get_absolute_url()}?page=3")
    client.get(f"{thread.get_absolute_url()}?page=1")  # going back never unreads
    assert unread_titles(client, housing) == set()


def test_a_thread_never_opened_starts_at_its_opening_post(client, member, housing, start_thread):
    thread = start_thread(housing)
    client.force_login(member)

    response = client.get(reverse("forums:first_unread", args=[thread.pk]))

    assert response["Location"] == reverse("forums:post", args=[thread.posts.get(seq=0).pk])


def test_with_nothing_unread_the_jump_goes_to_the_last_page(
    client, member, housing, start_thread, grow_thread
):
    thread = start_thread(housing)
    grow_thread(thread, top_level=45)
    client.force_login(member)
    for page in (1, 2, 3):
        client.get(f"{thread.get_absolute_url()}?page={page}")

    response = client.get(reverse("forums:first_unread", args=[thread.pk]))

    assert response["Location"] == f"{thread.get_absolute_url()}?page=3"


def test_marking_a_forum_read_clears_its_marks_only_until_the_next_post(
    client, member, housing, start_thread, reply
):
    labor = housing.__class__.objects.get(slug="labor")
    one = start_thread(housing, title="One")
    start_thread(housing, title="Two")
    start_thread(labor, title="Elsewhere")
    client.force_login(member)

    response = client.post(reverse("forums:mark_forum_read", args=[housing.slug]), follow=True)

    assert "is marked read" in response.text
    assert unread_titles(client, housing) == set()
    assert unread_titles(client, labor) == {"Elsewhere"}
    assert client.get(reverse("forums:first_unread", args=[one.pk]))["Location"] == (
        f"{one.get_absolute_url()}?page=1"
    )

    reply(one, "After the mark")
    assert unread_titles(client, housing) == {"One"}


def test_anything_older_than_sixty_days_counts_as_read(client, member, housing, start_thread):
    assert timedelta(days=60) == READ_HORIZON
    old = start_thread(housing, title="Old news")
    recent = start_thread(housing, title="Recent enough")
    age(old, 61)
    age(recent, 59)
    client.force_login(member)

    assert unread_titles(client, housing) == {"Recent enough"}
    assert client.get(reverse("forums:first_unread", args=[old.pk]))["Location"] == (
        f"{old.get_absolute_url()}?page=1"
    )
    assert not ThreadRead.objects.filter(user=member).exists()


# --- Watching ----------------------------------------------------------------------------


def test_starting_or_replying_to_a_thread_watches_it(
    member, other_member, housing, start_thread, reply
):
    thread = start_thread(housing, author=member)
    reply(thread, "Me too", author=other_member)

    assert set(ThreadWatch.objects.filter(thread=thread).values_list("user", flat=True)) == {
        member.pk,
        other_member.pk,
    }


def test_a_member_watches_and_stops_watching_a_thread(client, member, housing, start_thread):
    thread = start_thread(housing)
    client.force_login(member)
    url = reverse("forums:watch_thread", args=[thread.pk])
    assert ">Watch</button>" in client.get(thread.get_absolute_url()).text

    response = client.post(url, {"watch": "1"}, follow=True)
    assert ThreadWatch.objects.filter(user=member, thread=thread).exists()
    assert "You are watching this thread." in response.text
    assert ">Stop watching</button>" in response.text

    client.post(url, {"watch": "1"})  # twice is still once
    assert ThreadWatch.objects.filter(user=member, thread=thread).count() == 1

    response = client.post(url, {"watch": "0"}, follow=True)
    assert not ThreadWatch.objects.filter(user=member, thread=thread).exists()
    assert "You stopped watching this thread." in response.text


def test_a_member_watches_and_stops_watching_a_forum(client, member, housing):
    client.force_login(member)
    url = reverse("forums:watch_forum", args=[housing.slug])

    response = client.post(url, {"watch": "1"}, follow=True)
    assert ForumWatch.objects.filter(user=member, forum=housing).exists()
    assert f"You will hear of new threads in {housing.name}." in response.text
    assert ">Stop watching</button>" in response.text

    client.post(url, {"watch": "0"})
    assert not ForumWatch.objects.filter(user=member, forum=housing).exists()


@pytest.mark.parametrize("name", ["watch_thread", "watch_forum", "mark_forum_read"])
def test_watching_and_marking_read_take_a_post_from_a_member(
    client, member, housing, start_thread, name
):
    thread = start_thread(housing)
    url = reverse(f"forums:{name}", args=[thread.pk if name == "watch_thread" else housing.slug])

    response = client.post(url, {"watch": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(member)
    assert client.get(url).status_code == 405
    assert not ThreadWatch.objects.filter(user=member).exists()
    assert not ForumWatch.objects.filter(user=member).exists()
