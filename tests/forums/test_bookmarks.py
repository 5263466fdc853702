"""Bookmarks (issue #15): a member keeps a post with a note of their own, changes the
note or lets it go, and finds them on their bookmarks page; nobody else sees them, and
a post they may no longer read drops out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forums import reminding
from forums.models import Bookmark
from network.leaving.deleting import erase_member
from network.leaving.exporting import files_of
from network.notifications.kinds import Kind
from network.notifications.models import Notification

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


# Reminders, through the notifications.


def test_a_reminder_is_set_kept_and_changed(client, member, post):
    client.force_login(member)

    client.post(bookmark_url(post), {"note": "Call Ana", "remind": "tomorrow"})
    bookmark = Bookmark.objects.get(user=member)
    tomorrow = timezone.localtime(timezone.now()).date() + timedelta(days=1)
    assert timezone.localtime(bookmark.remind_at).date() == tomorrow
    assert timezone.localtime(bookmark.remind_at).hour == 9
    form = client.get(bookmark_url(post)).text
    assert "Keep the reminder:" in form
    assert "A reminder on" in client.get(reverse("forums:bookmarks")).text

    client.post(bookmark_url(post), {"note": "Call Ana today", "remind": "keep"})
    bookmark.refresh_from_db()
    assert timezone.localtime(bookmark.remind_at).date() == tomorrow
    client.post(bookmark_url(post), {"note": "No need", "remind": ""})
    bookmark.refresh_from_db()
    assert bookmark.remind_at is None


def test_a_made_up_reminder_is_refused_beside_the_field(client, member, post):
    client.force_login(member)

    response = client.post(bookmark_url(post), {"note": "Mine", "remind": "yesterday"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Mine" in response.text
    assert not Bookmark.objects.exists()


def test_a_due_reminder_tells_the_member_once_in_their_language(
    member, post, django_capture_on_commit_callbacks, settings, celery_conf
):
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_conf(task_always_eager=True, task_eager_propagates=True)
    member.profile.language = "es"
    member.profile.save()
    now = timezone.now()
    due = Bookmark.objects.create(
        user=member, post=post, note="Llamar a Ana", remind_at=now - timedelta(minutes=1)
    )
    later = Bookmark.objects.create(
        user=member,
        post=post.thread.posts.get(seq=0),
        remind_at=now + timedelta(hours=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert reminding.remind_due(now) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminding.remind_due(now) == 0

    [row] = Notification.objects.filter(recipient=member)
    assert (row.kind, row.event.object_id) == (Kind.BOOKMARK, due.pk)
    later.refresh_from_db()
    assert later.reminded_at is None
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Recordatorio: “Rent strike on Ponce”"
    assert "Llamar a Ana" in email.body


def test_a_reminder_in_a_members_only_forum_emails_only_a_link(
    member, georgia, start_thread, reply, django_capture_on_commit_callbacks, settings, celery_conf
):
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_conf(task_always_eager=True, task_eager_propagates=True)
    thread = start_thread(georgia, title="Secret meeting place")
    post = reply(thread, "Behind the library.")
    Bookmark.objects.create(user=member, post=post, note="Bring the key", remind_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        reminding.remind_due()

    [email] = mail.outbox
    assert email.subject == "A reminder of a post you bookmarked"
    assert "Secret meeting place" not in email.body
    assert "Bring the key" not in email.body


def test_no_reminder_for_a_deleted_post_or_a_deactivated_member(member, other_member, post):
    Bookmark.objects.create(user=member, post=post, remind_at=timezone.now())
    opening = post.thread.posts.get(seq=0)
    Bookmark.objects.create(user=other_member, post=opening, remind_at=timezone.now())
    post.is_deleted = True
    post.save()
    other_member.is_active = False
    other_member.save()

    assert reminding.remind_due() == 0
    assert not Notification.objects.filter(kind=Kind.BOOKMARK).exists()
