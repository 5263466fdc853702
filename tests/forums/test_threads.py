"""Reading a thread: its title, tags, opening post and replies, nested under what they
answer; permalinks to any post; quoting; long threads in pages of top-level replies, the
last page as cheap as the first."""

import contextlib
import re
import threading

import pytest
from django.conf import settings
from django.urls import reverse

from forums import actions
from forums.models import Post, Thread
from forums.models.discussion import MAX_DEPTH, SEGMENT_WIDTH
from forums.pagination import Pages
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def post_ids(response) -> list[int]:
    """The posts on a thread page, in the order they are shown."""
    return [
        int(pk) for pk in re.findall(r'<article class="post[^"]*" id="post-(\d+)"', response.text)
    ]


def depth_shown(response, post) -> int:
    match = re.search(rf'id="post-{post.pk}" data-depth="(\d+)"', response.text)
    return int(match.group(1))


def test_thread_page_shows_title_tags_opening_post_and_replies(
    client, housing, start_thread, reply
):
    thread = start_thread(
        housing,
        title="Eviction defense rota",
        source="Who can do **Tuesday** mornings?",
        tags=["eviction defense", "Atlanta"],
    )
    reply(thread, "I can, from 8.")

    response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert "<h1>Eviction defense rota</h1>" in response.text
    assert '<a class="tag-link" href="/forums/housing/?tag=eviction-defense">' in response.text
    assert ">Atlanta</a>" in response.text
    assert "Who can do <strong>Tuesday</strong> mornings?" in response.text
    assert "I can, from 8." in response.text
    assert "1 reply" in response.text


def test_replies_nest_under_their_parent_then_continue_flat_at_the_deepest_level(
    client, housing, start_thread, reply
):
    thread = start_thread(housing, title="Deep conversation")
    chain = []
    parent = None
    for n in range(MAX_DEPTH + 2):
        parent = reply(thread, f"Reply number {n + 1}", parent=parent)
        chain.append(parent)
    later_top_level = reply(thread, "A new point altogether")

    response = client.get(thread.get_absolute_url())

    assert [depth_shown(response, post) for post in chain] == [1, 2, 3, 4, 5, 6, 6, 6]
    opening = thread.posts.get(seq=0)
    assert post_ids(response) == [opening.pk, *[p.pk for p in chain], later_top_level.pk]
    # Below the deepest level a reply says whom it answers; nested ones need not.
    seventh, eighth = chain[6], chain[7]
    for flat, answered in ((seventh, chain[5]), (eighth, seventh)):
        article = response.text.split(f'id="post-{flat.pk}"')[1].split("</article>")[0]
        assert (
            f'in reply to <a href="#post-{answered.pk}">@{answered.author.username}</a>' in article
        )
    sixth = response.text.split(f'id="post-{chain[5].pk}"')[1].split("</article>")[0]
    assert "in reply to" not in sixth


def test_a_post_permalink_opens_the_page_that_holds_it(client, housing, start_thread, grow_thread):
    thread = start_thread(housing, title="Long one")
    posts = grow_thread(thread, top_level=45, nested=1)  # top-level n is posts[2n - 2]
    opening = thread.posts.get(seq=0)
    under_25th = posts[2 * 25 - 1]
    top_level_41st = posts[2 * 41 - 2]

    def lands_on(post):
        response = client.get(reverse("forums:post", args=[post.pk]))
        assert response.status_code == 302
        return response["Location"]

    url = thread.get_absolute_url()
    assert lands_on(opening) == f"{url}#post-{opening.pk}"
    assert lands_on(posts[2 * 20 - 1]) == f"{url}#post-{posts[2 * 20 - 1].pk}"
    assert lands_on(under_25th) == f"{url}?page=2#post-{under_25th.pk}"
    assert lands_on(top_level_41st) == f"{url}?page=3#post-{top_level_41st.pk}"
    assert under_25th.pk in post_ids(client.get(f"{url}?page=2"))


def test_a_long_thread_pages_by_top_level_replies_each_with_all_its_replies(
    client, housing, start_thread, grow_thread
):
    thread = start_thread(housing, title="Very long")
    posts = grow_thread(thread, top_level=45, nested=3)
    by_top_level = [posts[n : n + 4] for n in range(0, len(posts), 4)]  # 1 reply + 3 below

    page_two = post_ids(client.get(f"{thread.get_absolute_url()}?page=2"))
    page_three = post_ids(client.get(f"{thread.get_absolute_url()}?page=3"))

    assert page_two == [post.pk for group in by_top_level[20:40] for post in group]
    assert page_three == [post.pk for group in by_top_level[40:45] for post in group]
    assert thread.posts.get(seq=0).pk not in page_two


def test_the_opening_post_leads_only_the_first_page(client, housing, start_thread, grow_thread):
    thread = start_thread(housing, title="Paged", source="The question itself")
    grow_thread(thread, top_level=settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE + 1)

    first = client.get(thread.get_absolute_url())
    second = client.get(f"{thread.get_absolute_url()}?page=2")

    assert "The question itself" in first.text
    assert "The question itself" not in second.text
    assert len(post_ids(first)) == settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE + 1
    assert len(post_ids(second)) == 1


def test_a_long_threads_pagination_names_the_ends_and_the_pages_near_this_one():
    def named(number, count):
        return [link.number for link in Pages(number, count).links]

    assert named(10, 40) == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert named(1, 40) == [1, 2, 3, None, 40]
    assert named(40, 40) == [1, None, 38, 39, 40]
    assert named(4, 7) == [1, 2, 3, 4, 5, 6, 7]
    assert named(1, 1) == [1]
    assert [link.current for link in Pages(2, 3).links] == [False, True, False]


def test_a_thread_page_links_to_its_neighbours(client, housing, start_thread, grow_thread):
    thread = start_thread(housing, title="Three pages")
    grow_thread(thread, top_level=2 * settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE + 1)

    nav = client.get(f"{thread.get_absolute_url()}?page=2").text.split('class="pagination"')[1]

    assert '<a rel="prev" href="?page=1">' in nav
    assert '<a rel="next" href="?page=3">' in nav
    assert '<span aria-current="page">2</span>' in nav


@pytest.mark.parametrize("page", ["0", "-3", "99", "two", ""])
def test_a_page_number_out_of_range_shows_the_nearest_page(
    client, housing, start_thread, grow_thread, page
):
    thread = start_thread(housing, title="Two pages")
    grow_thread(thread, top_level=settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE + 5)

    response = client.get(thread.get_absolute_url(), {"page": page})

    assert response.status_code == 200
    assert response.context["page"].pages.number == (2 if page == "99" else 1)


def test_an_old_or_wrong_address_of_a_thread_redirects_to_its_own(client, housing, start_thread):
    thread = start_thread(housing, title="Correct title")
    wrong = reverse("forums:thread", args=["labor", thread.pk, "old-title"])

    response = client.get(wrong)

    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url()


def test_an_old_address_keeps_the_page_asked_for(client, housing, start_thread, grow_thread):
    thread = start_thread(housing, title="Renamed since")
    grow_thread(thread, top_level=settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE + 1)
    old = reverse("forums:thread", args=["housing", thread.pk, "first-title"])

    response = client.get(old, {"page": "2"})

    assert response["Location"] == f"{thread.get_absolute_url()}?page=2"


def test_a_flat_reply_to_a_former_members_post_says_so(client, housing, start_thread, grow_thread):
    thread = start_thread(housing)
    chain = grow_thread(thread, top_level=1, nested=MAX_DEPTH)  # depths 1 to 6, then 6
    chain[MAX_DEPTH - 1].author.delete()

    response = client.get(thread.get_absolute_url())

    flat = response.text.split(f'id="post-{chain[MAX_DEPTH].pk}"')[1].split("</article>")[0]
    assert f'in reply to <a href="#post-{chain[MAX_DEPTH - 1].pk}">a former member</a>' in flat


def test_quote_reply_prefills_the_quoted_words(client, member, housing, start_thread, reply):
    thread = start_thread(housing)
    quoted = reply(thread, "First line.\n\nSecond *line*.")
    client.force_login(member)

    response = client.get(reverse("forums:reply_to", args=[quoted.pk]), {"quote": "1"})

    source = response.context["form"]["source"].value()
    assert source == (f"@{quoted.author.username} wrote:\n> First line.\n> \n> Second *line*.\n\n")
    assert "&gt; First line." in response.text  # in the textarea, escaped


def test_quoting_a_deleted_post_prefills_nothing(client, member, housing, start_thread, reply):
    thread = start_thread(housing)
    gone = reply(thread, "Regrettable words")
    actions.delete_post(gone, gone.author)
    client.force_login(member)

    response = client.get(reverse("forums:reply_to", args=[gone.pk]), {"quote": "1"})

    assert response.context["form"]["source"].value() in (None, "")
    assert "Regrettable" not in response.text


# --- Query budgets ------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_a_threads_first_and_last_pages_cost_the_same_for_5_or_2000_posts(
    client, member, housing, start_thread, grow_thread, count_queries, viewer
):
    short = start_thread(housing, title="Short")
    grow_thread(short, top_level=5)
    long = start_thread(housing, title="Long")
    grow_thread(long, top_level=400, nested=4)
    long.refresh_from_db()
    assert long.reply_count == 2000
    assert long.page_count == 20
    if viewer == "member":
        client.force_login(member)
    short_url = short.get_absolute_url()
    long_url = long.get_absolute_url()
    last_page_url = f"{long_url}?page=20"
    for _ in range(2):  # warm up: the site lookup, the member's first read of each, and
        for url in (short_url, long_url, last_page_url):  # then their standing, kept
            client.get(url)

    small = count_queries(lambda: client.get(short_url))
    first = count_queries(lambda: client.get(long_url))
    last = count_queries(lambda: client.get(last_page_url))

    assert small == first == last
    assert small <= (5 if viewer == "member" else 2), small
    assert len(post_ids(client.get(last_page_url))) == 20 * 5


# --- Placing replies ----------------------------------------------------------------------


def test_replies_to_the_same_parent_written_from_stale_copies_get_their_own_places(
    housing, start_thread, reply
):
    """Each writer loaded the thread before the other posted: the counters are read
    again under the thread's lock, not taken from the writer's copy."""
    thread = start_thread(housing)
    parent = reply(thread, "Parent")
    first_copy = Thread.objects.get(pk=thread.pk)
    second_copy = Thread.objects.get(pk=thread.pk)

    one = reply(first_copy, "One", parent=parent)
    two = reply(second_copy, "Two", parent=parent)

    assert (one.seq, two.seq) == (2, 3)
    assert one.path == parent.path + "000002"
    assert two.path == parent.path + "000003"
    assert one.path < two.path
    assert one.depth == two.depth == 2
    assert one.root_position == two.root_position == parent.root_position == 1
    thread.refresh_from_db()
    assert (thread.next_seq, thread.top_level_count, thread.reply_count) == (4, 1, 3)


def test_paths_sort_numerically_past_the_first_digit(housing, start_thread):
    """Segments are fixed-width base 36, so the 10th, 36th and 1,000th reply sort after
    the 9th, 35th and 999th."""
    thread = start_thread(housing)
    opening = thread.posts.get(seq=0)
    thread = Thread.objects.get(pk=thread.pk)
    paths = [thread.place_reply(opening)[1] for _ in range(1300)]

    assert paths == sorted(paths)
    assert all(len(path) == SEGMENT_WIDTH for path in paths)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs a database with row locks and concurrent connections (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_members_replying_at_once_to_the_same_post_get_distinct_places(
    housing, start_thread, reply, member, other_member, monkeypatch
):
    thread = start_thread(housing, title="Busy thread")
    parent = reply(thread, "Parent")
    both_placing = threading.Barrier(2)
    place_reply = Thread.place_reply

    def place_slowly(self, parent):
        placed = place_reply(self, parent)
        # Without the row lock both writers would get here with the same counters.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_placing.wait(timeout=1)
        return placed

    monkeypatch.setattr(Thread, "place_reply", place_slowly)
    errors = []

    def write(author, words):
        from django.db import connection

        try:
            actions.post_reply(thread, author, words, parent=parent)
        except Exception as error:  # reported below, with the other writer's result
            errors.append(error)
        finally:
            connection.close()

    workers = [
        threading.Thread(target=write, args=(writer, f"Answer {n}"))
        for n, writer in enumerate([member, other_member])
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    answers = list(Post.objects.filter(parent=parent).order_by("path"))
    assert [post.seq for post in answers] == [2, 3]
    assert [post.path for post in answers] == [parent.path + "000002", parent.path + "000003"]
    thread.refresh_from_db()
    assert (thread.next_seq, thread.reply_count) == (4, 3)


def test_each_post_shows_its_authors_avatar_or_initials(client, housing, start_thread, reply):
    pictured = established()
    pictured.profile.display_name = "Rosa Parks"
    pictured.profile.avatar.name = "avatars/rosa.webp"
    pictured.profile.save()
    plain = established()
    plain.profile.display_name = "ella baker"
    plain.profile.save()
    thread = start_thread(housing, author=pictured)
    reply(thread, "Me too.", author=plain)

    page = client.get(thread.get_absolute_url()).text

    assert '<img class="avatar avatar--small" src="/media/avatars/rosa.webp"' in page
    hue = sum(plain.username.encode()) % 8
    assert f'avatar--initials avatar--hue-{hue}" aria-hidden="true">EB</span>' in page
