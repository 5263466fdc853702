"""Latest, Unread and New: threads across every forum (forums.across), paged with the
forum page's cursor, at a cost that does not grow with the forums, and never showing a
visitor what is for members."""

import re

import pytest
from django.urls import reverse

from forums import actions
from forums.models import Forum, ForumRead, Thread, ThreadRead
from network.models import Profile
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'<a class="thread-row__title" href="[^"]+">([^<]+)</a>', response.text)


@pytest.fixture(autouse=True)
def _quick(no_pause_between_posts):
    """Threads written one after another."""


def test_latest_lists_every_readable_thread_by_last_activity(
    client, member, housing, georgia, start_thread, reply
):
    first = start_thread(housing, title="Rent strike on Ponce")
    start_thread(georgia, title="Georgia caucus")
    reply(first, "Still going.")
    client.force_login(member)

    response = client.get(reverse("forums:latest"))

    assert response.status_code == 200
    assert titles(response)[:2] == ["Rent strike on Ponce", "Georgia caucus"]
    assert f'href="{georgia.get_absolute_url()}">{georgia.name}</a>' in response.text


def test_a_visitor_never_sees_a_members_only_thread_in_latest(
    client, housing, georgia, start_thread
):
    start_thread(housing, title="Open to all")
    start_thread(georgia, title="Secret meeting place", source="Behind the library.")

    html = client.get(reverse("forums:latest")).text

    assert "Open to all" in html
    assert "Secret meeting place" not in html
    assert "Behind the library" not in html
    for page in ("forums:unread", "forums:new"):
        response = client.get(reverse(page))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_unread_holds_what_the_member_has_not_read(
    client, member, housing, georgia, start_thread, reply
):
    read = start_thread(housing, title="Read already")
    unread = start_thread(housing, title="Not read yet")
    marked = start_thread(georgia, title="In a forum marked read")
    client.force_login(member)
    client.get(read.get_absolute_url())  # reading it marks it read
    ForumRead.objects.create(user=member, forum=georgia, marked_at=marked.last_post_at)

    assert titles(client.get(reverse("forums:unread"))) == ["Not read yet"]

    reply(read, "Something new.")
    assert titles(client.get(reverse("forums:unread"))) == ["Read already", "Not read yet"]
    assert ThreadRead.objects.filter(user=member, thread=unread).count() == 0


def test_new_holds_threads_started_by_others_and_never_opened(
    client, member, housing, start_thread
):
    start_thread(housing, title="Mine", author=member)
    opened = start_thread(housing, title="Opened")
    start_thread(housing, title="Never opened")
    client.force_login(member)
    client.get(opened.get_absolute_url())

    assert titles(client.get(reverse("forums:new"))) == ["Never opened"]


def test_new_starts_at_the_members_last_visit(client, member, housing, start_thread):
    """What was started before their last visit ended is no longer new, opened or not
    (it is in Unread if it has posts they have not read)."""
    before = start_thread(housing, title="Before the last visit")
    start_thread(housing, title="Since the last visit")
    last_visit = (
        before.created_at
        + (Thread.objects.get(title="Since the last visit").created_at - before.created_at) / 2
    )
    Profile.objects.filter(user=member).update(previous_visit_at=last_visit)
    client.force_login(member)

    assert titles(client.get(reverse("forums:new"))) == ["Since the last visit"]
    assert "Before the last visit" in titles(client.get(reverse("forums:unread")))


def test_the_lists_filter_by_category_and_tag(client, member, housing, georgia, start_thread):
    start_thread(housing, title="Tagged rent", tags=["rent"])
    start_thread(housing, title="Untagged")
    start_thread(georgia, title="Regional")
    client.force_login(member)

    by_tag = titles(client.get(reverse("forums:latest"), {"tag": "rent"}))
    by_category = titles(client.get(reverse("forums:latest"), {"category": georgia.category.slug}))
    unknown = client.get(reverse("forums:latest"), {"category": "no-such<script>"})

    assert by_tag == ["Tagged rent"]
    assert by_category == ["Regional"]
    assert unknown.status_code == 200
    assert "<script>" not in unknown.text
    assert len(titles(unknown)) == 3


def test_latest_pages_with_the_forum_pages_cursor(client, member, housing, start_thread, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    for number in range(5):
        start_thread(housing, title=f"Thread {number}")
    client.force_login(member)

    first = client.get(reverse("forums:latest"))
    older = re.search(r'rel="next" href="\?before=([^"&]+)"', first.text)[1]
    second = client.get(reverse("forums:latest"), {"before": older})
    newer = re.search(r'rel="prev" href="\?after=([^"&]+)"', second.text)[1]
    back = client.get(reverse("forums:latest"), {"after": newer})

    assert titles(first) == ["Thread 4", "Thread 3"]
    assert titles(second) == ["Thread 2", "Thread 1"]
    assert titles(back) == ["Thread 4", "Thread 3"]
    assert client.get(reverse("forums:latest"), {"before": "junk"}).status_code == 200


@pytest.mark.parametrize("which", ["latest", "unread", "new"])
def test_each_list_costs_the_same_however_many_threads_and_forums(
    client, member, fill_forum, count_queries, which
):
    client.force_login(member)
    forums = list(Forum.objects.all())
    fill_forum(forums[0], 3)
    client.get(reverse(f"forums:{which}"))
    few = count_queries(lambda: client.get(reverse(f"forums:{which}")))

    for forum in forums:
        fill_forum(forum, 30)
    many = count_queries(lambda: client.get(reverse(f"forums:{which}")))

    assert many == few
    assert many <= 8, many


def test_a_visitors_latest_costs_the_same_however_many_threads(client, fill_forum, count_queries):
    forum = Forum.objects.get(slug="housing")
    fill_forum(forum, 3)
    client.get(reverse("forums:latest"))
    few = count_queries(lambda: client.get(reverse("forums:latest")))
    for other in Forum.objects.all():
        fill_forum(other, 30)

    assert count_queries(lambda: client.get(reverse("forums:latest"))) == few


def test_a_members_only_thread_is_in_a_members_lists_and_never_in_a_visitors(
    client, member, start_thread
):
    staff_only = Forum.objects.filter(visibility=Forum.Visibility.MEMBERS).first()
    thread = start_thread(staff_only, title="Members only thread")
    assert thread.pk
    client.force_login(member)
    outsider = established()
    actions.post_reply(thread, outsider, "A reply.")

    for which in ("latest", "unread", "new"):
        assert "Members only thread" in client.get(reverse(f"forums:{which}")).text
    client.logout()
    assert "Members only thread" not in client.get(reverse("forums:latest")).text


@pytest.mark.parametrize("slug", ["latest", "unread", "new", "moderation"])
def test_a_forum_may_not_take_the_address_of_a_list(slug):
    from django.core.exceptions import ValidationError

    forum = Forum.objects.get(slug="housing")
    forum.slug = slug

    with pytest.raises(ValidationError) as refused:
        forum.full_clean()

    assert "one of the forums’ own addresses" in str(refused.value)
