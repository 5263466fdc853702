"""Who may reach which forum page. Members-only forums are not found by visitors at any
address that reads them (forum, thread, permalink, feed), and forms send them to sign in;
either way nothing of what they hold shows;
writing, watching and marking read are for members only; nobody edits or deletes
another member's post."""

import pytest
from django.urls import reverse

from forums.models import ForumWatch, Post, Report, ThreadWatch

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Where we meet on Thursday"
SECRET_WORDS = "The back room of the bookshop"


@pytest.fixture
def secret(georgia, start_thread, reply):
    """A thread in a members-only forum, and a reply in it."""
    thread = start_thread(georgia, title=SECRET_TITLE, source=SECRET_WORDS)
    return thread, reply(thread, f"{SECRET_WORDS}, upstairs")


def members_only_forum_pages(thread) -> dict[str, str]:
    """The addresses of a members-only forum's list of threads, which the index offers."""
    return {
        "forum": reverse("forums:forum", args=[thread.forum.slug]),
        "forum, tagged": reverse("forums:forum", args=[thread.forum.slug]) + "?tag=x",
    }


def members_only_pages(thread, post) -> dict[str, str]:
    """The addresses that read a members-only forum."""
    return {
        **members_only_forum_pages(thread),
        "thread": thread.get_absolute_url(),
        "thread, page 2": thread.get_absolute_url() + "?page=2",
        "thread, old address": reverse("forums:thread", args=["georgia", thread.pk, "old"]),
        "permalink": reverse("forums:post", args=[post.pk]),
        "feed": reverse("forums:forum_feed", args=[thread.forum.slug]),
    }


def members_only_forms(thread, post) -> dict[str, str]:
    """The addresses that write in one, or show a form to."""
    return {
        "reply": reverse("forums:reply", args=[thread.pk]),
        "reply to a post": reverse("forums:reply_to", args=[post.pk]),
        "quote a post": reverse("forums:reply_to", args=[post.pk]) + "?quote=1",
        "first unread": reverse("forums:first_unread", args=[thread.pk]),
        "new thread": reverse("forums:new_thread", args=[thread.forum.slug]),
        "edit": reverse("forums:edit_post", args=[post.pk]),
        "delete": reverse("forums:delete_post", args=[post.pk]),
        "report": reverse("forums:report_post", args=[post.pk]),
    }


def members_only_addresses(thread, post) -> dict[str, str]:
    return members_only_pages(thread, post) | members_only_forms(thread, post)


def test_visitors_find_nothing_at_a_members_only_forums_addresses(client, secret):
    """Not found, exactly as for an address that never existed, with an offer to sign in
    and come back: but for the forum's own list, which the index offers them (below)."""
    thread, post = secret
    forum_pages = members_only_forum_pages(thread)
    for name, url in members_only_pages(thread, post).items():
        if name in forum_pages:
            continue
        response = client.get(url)

        assert response.status_code == 404, name
        page = response.content.decode()
        for private in (SECRET_TITLE, SECRET_WORDS):
            assert private not in page, name
        path = url.split("?")[0]
        assert f'href="{reverse("account_login")}?next={path}"' in page, name

    never_existed = client.get(reverse("forums:forum", args=["no-such-forum"]))
    no_such_thread = client.get(reverse("forums:thread", args=["georgia", 999_999, "x"]))
    thread_page = client.get(thread.get_absolute_url())
    same = [
        response.content.decode().replace(response.wsgi_request.path, "")
        for response in (never_existed, no_such_thread, thread_page)
    ]
    assert same[0] == same[1] == same[2]


def test_a_visitor_following_the_index_to_a_members_only_forum_is_asked_to_sign_in(client, secret):
    thread, _ = secret
    index = client.get(reverse("forums:index")).text
    assert f'href="{thread.forum.get_absolute_url()}"' in index

    for name, url in members_only_forum_pages(thread).items():
        response = client.get(url, follow=True)

        assert response.redirect_chain[0][1] == 302, name
        assert response.request["PATH_INFO"] == reverse("account_login"), name
        assert response.context["redirect_field_value"] == url, name
        page = response.content.decode()
        assert f"{thread.forum.name} is for members: sign in to read it." in page, name
        for private in (SECRET_TITLE, SECRET_WORDS):
            assert private not in page, name


def test_visitors_are_sent_to_sign_in_from_a_members_only_forums_forms(client, secret):
    thread, post = secret
    for name, url in members_only_forms(thread, post).items():
        response = client.get(url)

        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login") + "?next="), name
        for private in (SECRET_TITLE, SECRET_WORDS, thread.slug):
            assert private not in response.content.decode(), name
            assert private not in response["Location"], name


def test_visitors_posting_to_a_members_only_forum_are_sent_to_sign_in_and_nothing_changes(
    client, secret
):
    thread, post = secret
    data = {"source": "Spam", "title": "Spam", "reason": "spam", "watch": "1"}
    for name, url in members_only_forms(thread, post).items():
        response = client.post(url, data)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name
    for name, url in members_only_pages(thread, post).items():
        response = client.post(url, data)
        assert response.status_code in (404, 405), name  # reading pages take no posts
        assert SECRET_TITLE not in response.content.decode(), name
    for url in (
        reverse("forums:watch_thread", args=[thread.pk]),
        reverse("forums:watch_forum", args=[thread.forum.slug]),
        reverse("forums:mark_forum_read", args=[thread.forum.slug]),
    ):
        response = client.post(url, data)
        assert response["Location"].startswith(reverse("account_login")), url

    assert Post.objects.count() == 2
    assert not Post.objects.filter(source="Spam").exists()
    assert not Report.objects.exists()
    post.refresh_from_db()
    assert not post.is_deleted


def test_members_read_members_only_forums(client, member, secret):
    thread, post = secret
    client.force_login(member)

    assert SECRET_TITLE in client.get(thread.forum.get_absolute_url()).text
    page = client.get(thread.get_absolute_url()).text
    assert SECRET_TITLE in page
    assert SECRET_WORDS in page
    assert client.get(reverse("forums:post", args=[post.pk])).status_code == 302
    assert client.get(reverse("forums:reply_to", args=[post.pk])).status_code == 200


def test_members_only_threads_tell_search_engines_to_stay_away(client, member, secret):
    thread, _ = secret
    client.force_login(member)

    assert '<meta name="robots" content="noindex">' in client.get(thread.get_absolute_url()).text


@pytest.mark.parametrize("name", ["reply", "reply_to", "new_thread", "report_post"])
def test_visitors_must_sign_in_to_write_even_in_public_forums(client, housing, start_thread, name):
    thread = start_thread(housing)
    args = {
        "reply": [thread.pk],
        "reply_to": [thread.posts.get().pk],
        "new_thread": [housing.slug],
        "report_post": [thread.posts.get().pk],
    }[name]
    url = reverse(f"forums:{name}", args=args)

    for response in (client.get(url), client.post(url, {"source": "Hi", "title": "Hi"})):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert Post.objects.count() == 1


def test_visitors_read_public_forums_and_are_invited_to_sign_in_to_reply(
    client, housing, start_thread
):
    thread = start_thread(housing, title="Open to all", source="Anyone may read this")

    assert "Open to all" in client.get(housing.get_absolute_url()).text
    page = client.get(thread.get_absolute_url()).text
    assert "Anyone may read this" in page
    assert "to reply." in page
    assert 'name="source"' not in page
    assert "/reply/" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/forums/no-such-forum/",
        "/forums/p/999999/",
        "/forums/p/999999/reply/",
        "/forums/t/999999/reply/",
        "/forums/housing/999999-nothing/",
    ],
)
def test_addresses_of_nothing_are_not_found(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == 404


def test_a_member_cannot_watch_for_someone_else_or_unwatch_them(
    client, member, other_member, housing, start_thread
):
    thread = start_thread(housing, author=other_member)
    client.force_login(member)

    client.post(
        reverse("forums:watch_thread", args=[thread.pk]), {"watch": "0", "user": other_member.pk}
    )
    client.post(
        reverse("forums:watch_forum", args=[housing.slug]), {"watch": "1", "user": other_member.pk}
    )

    assert ThreadWatch.objects.filter(user=other_member, thread=thread).exists()
    assert not ForumWatch.objects.filter(user=other_member).exists()
    assert ForumWatch.objects.filter(user=member, forum=housing).exists()
