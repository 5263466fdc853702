"""Bookmarks (issue #15): a member keeps a post with a note of their own, changes the
note or lets it go, and finds them on their bookmarks page; nobody else sees them, and
a post they may no longer read drops out."""

import pytest
from django.urls import reverse

from forums.models import Bookmark
from network.leaving.deleting import erase_member
from network.leaving.exporting import files_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]


@pytest.fixture
def post(housing, start_thread, reply):
    thread = start_thread(housing, title="Rent strike on Ponce")
    return reply(thread, "Meeting Tuesday at the library.")


def bookmark_url(post) -> str:
    return reverse("forums:bookmark_post", args=[post.pk])


def test_a_member_keeps_a_post_with_a_note_and_finds_it_on_their_page(client, member, post):
    client.force_login(member)

    thread_page = client.get(post.thread.get_absolute_url()).text
    saved = client.post(bookmark_url(post), {"note": "Bring the <b>sign-up</b> sheets"})
    page = client.get(reverse("forums:bookmarks")).text

    assert f'href="/forums/p/{post.pk}/bookmark/">Bookmark</a>' in thread_page
    assert saved.status_code == 302
    assert Bookmark.objects.get(user=member, post=post).note == "Bring the <b>sign-up</b> sheets"
    assert "Reply in “Rent strike on Ponce”" in page
    assert "Bring the &lt;b&gt;sign-up&lt;/b&gt; sheets" in page


def test_bookmarking_again_changes_the_note_and_remove_lets_it_go(client, member, post):
    client.force_login(member)
    client.post(bookmark_url(post), {"note": "First"})
    client.post(bookmark_url(post), {"note": "Second"})

    assert list(Bookmark.objects.filter(user=member).values_list("note", flat=True)) == ["Second"]
    assert "Remove the bookmark" in client.get(bookmark_url(post)).text
    client.post(bookmark_url(post), {"remove": "1"})
    assert not Bookmark.objects.filter(user=member).exists()


def test_a_note_too_long_is_refused_beside_the_field_and_kept(client, member, post):
    client.force_login(member)
    note = "x" * 501

    response = client.post(bookmark_url(post), {"note": note})

    assert response.status_code == 200
    assert "at most 500 characters" in response.text
    assert note in response.text
    assert not Bookmark.objects.exists()


def test_nobody_else_sees_a_members_bookmarks(client, member, other_member, post):
    Bookmark.objects.create(user=member, post=post, note="My private reminder")
    client.force_login(other_member)

    assert "My private reminder" not in client.get(reverse("forums:bookmarks")).text
    assert "My private reminder" not in client.get(bookmark_url(post)).text


def test_visitors_are_sent_to_sign_in(client, post):
    for url in (bookmark_url(post), reverse("forums:bookmarks")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert client.post(bookmark_url(post), {"note": "x"}).status_code == 302
    assert not Bookmark.objects.exists()


def test_a_post_deleted_since_drops_out(client, member, post):
    Bookmark.objects.create(user=member, post=post, note="Kept")
    client.force_login(member)
    assert "Kept" in client.get(reverse("forums:bookmarks")).text

    post.is_deleted = True
    post.save()

    assert "Kept" not in client.get(reverse("forums:bookmarks")).text


def test_a_deleted_post_cannot_be_bookmarked(client, member, post):
    post.is_deleted = True
    post.save()
    client.force_login(member)

    assert client.get(bookmark_url(post)).status_code == 404


def test_the_bookmarks_page_costs_the_same_however_many(
    client, member, housing, start_thread, count_queries
):
    client.force_login(member)
    first = start_thread(housing, title="One")
    Bookmark.objects.create(user=member, post=first.posts.get(), note="a")
    client.get(reverse("forums:bookmarks"))
    few = count_queries(lambda: client.get(reverse("forums:bookmarks")))
    for number in range(20):
        thread = start_thread(housing, title=f"More {number}")
        Bookmark.objects.create(user=member, post=thread.posts.get(), note=str(number))

    assert count_queries(lambda: client.get(reverse("forums:bookmarks"))) == few


def test_bookmarks_leave_with_the_member_and_go_in_their_export(member, post):
    Bookmark.objects.create(user=member, post=post, note="Mine")

    exported = {file.name: file.content for file in files_of(member)}
    assert "Mine" in exported["posts/bookmarks.json"]

    erase_member(member, delete_posts=False)
    assert not Bookmark.objects.exists()
