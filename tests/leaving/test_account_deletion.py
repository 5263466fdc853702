"""A member deletes their account, whatever they wrote: anonymized, or with their posts
deleted too; a week in which signing in cancels it; then everything goes."""

from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forums.models import Post, ThreadRead, ThreadWatch
from network.leaving import deleting, exporting
from network.leaving.models import AccountDeletion, DataExport
from network.models import Profile
from network.notifications.models import Notification, Preference
from tests.factories import PASSWORD, UserFactory, make_article, make_author
from tests.network.directory_data import make_project

DELETE = reverse("leaving:delete_account")


def a_week_later():
    return timezone.now() + timedelta(days=7, minutes=1)


@pytest.fixture
def conversation(member, other_member, housing, start_thread, reply, no_pause_between_posts):
    """Mia started a thread, Otto answered her, she answered him: (thread, her posts,
    his reply)."""
    thread = start_thread(housing, title="Tenant meeting", source="Who is coming?", author=member)
    answer = reply(thread, "I am, with two neighbours.", author=other_member)
    hers = reply(thread, "Great, see you there.", parent=answer, author=member)
    return thread, [thread.posts.get(seq=0), hers], answer


def ask_to_delete(client, member, confirm_password, mode="anonymize"):
    client.force_login(member)
    confirm_password(client)
    return client.post(DELETE, {"mode": mode, "understood": "on"}, follow=True)


def test_anonymized_posts_stay_and_show_a_former_member(
    client, member, conversation, confirm_password
):
    thread, (_, hers), answer = conversation
    old_handle = member.username

    response = ask_to_delete(client, member, confirm_password)
    assert "Your account will be deleted" in response.text
    assert deleting.carry_out_due_deletions(a_week_later()) == 1

    page = client.get(thread.get_absolute_url()).text
    assert "Who is coming?" in page
    assert "Great, see you there." in page
    assert "I am, with two neighbours." in page
    assert page.count("a former member") >= 2
    assert "Mia Member" not in page
    assert old_handle not in page
    assert "former-member-" not in page  # the new handle is never shown
    hers.refresh_from_db()
    assert hers.parent_id == answer.pk


def test_deleted_posts_read_deleted_by_author_and_replies_stay(
    client, member, conversation, confirm_password
):
    thread, (opening, hers), answer = conversation

    ask_to_delete(client, member, confirm_password, mode="delete")
    deleting.carry_out_due_deletions(a_week_later())

    page = client.get(thread.get_absolute_url()).text
    assert "Great, see you there." not in page
    assert "Who is coming?" not in page
    assert page.count("[deleted by author]") == 2
    assert "I am, with two neighbours." in page
    assert "Tenant meeting" in page  # the thread, and the replies under it, stay
    for post in (opening, hers):
        post.refresh_from_db()
        assert post.is_deleted
        assert post.source == post.html == ""
    answer.refresh_from_db()
    assert not answer.is_deleted
    assert Post.objects.filter(thread=thread).count() == 3


def test_asking_signs_the_member_out_and_emails_them_how_to_cancel(
    client, member, confirm_password, celery_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_to_delete(client, member, confirm_password)

    assert not response.wsgi_request.user.is_authenticated
    assert "sign in before then and the deletion is cancelled" in response.text.lower()
    deletion = AccountDeletion.objects.get(member=member)
    assert deletion.mode == "anonymize"
    assert timedelta(days=7) - (deletion.due_at - timezone.now()) < timedelta(minutes=1)
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert "Sign in before then and the deletion is cancelled" in email.body
    assert "/accounts/login/" in email.body


def test_signing_in_during_the_grace_period_cancels_the_deletion(
    client, member, conversation, confirm_password
):
    ask_to_delete(client, member, confirm_password)

    response = client.post(
        reverse("account_login"), {"login": member.username, "password": PASSWORD}, follow=True
    )

    assert "Your deletion was cancelled" in response.text
    assert not AccountDeletion.objects.exists()
    assert deleting.carry_out_due_deletions(a_week_later()) == 0
    member.refresh_from_db()
    assert member.is_active
    assert Profile.objects.get(user=member).display_name == "Mia Member"


def test_nothing_happens_before_the_week_is_over(client, member, confirm_password):
    ask_to_delete(client, member, confirm_password)
    assert deleting.carry_out_due_deletions(timezone.now() + timedelta(days=6)) == 0
    member.refresh_from_db()
    assert member.is_active


def test_after_the_week_everything_goes(
    client, member, other_member, conversation, confirm_password, settings
):
    thread, _, _ = conversation
    old_handle, old_email = member.username, member.email
    member.profile.avatar.save("mine.webp", ContentFile(b"RIFF a picture"), save=False)
    member.profile.save()
    picture = member.profile.avatar.path
    author = make_author("Mia Member", member=member)
    article = make_article("Why we organize", authors=[author])
    Preference.objects.create(user=member, kind="reply", delivery="daily")
    project = make_project(contacts=[member])
    ThreadRead.objects.get_or_create(
        user=member, thread=thread, defaults={"last_read_at": timezone.now()}
    )
    assert ThreadWatch.objects.filter(user=member).exists()
    assert Notification.objects.filter(recipient=member).exists()  # Otto answered her
    export = DataExport.objects.create(member=member, status="ready", file_name="old.zip")
    exporting.storage().save("old.zip", ContentFile(b"zip"))
    # Signed in elsewhere (a phone), before asking here.
    phone = Client()
    phone.force_login(member)
    assert phone.get(reverse("leaving:your_data")).status_code == 200

    ask_to_delete(client, member, confirm_password)
    AccountDeletion.objects.update(due_at=timezone.now() - timedelta(seconds=1))
    assert deleting.carry_out_due_deletions() == 1

    member.refresh_from_db()
    assert member.username.startswith("former-member-")
    assert member.email == ""
    assert not member.is_active
    assert not member.has_usable_password()
    assert not member.is_staff
    assert member.groups.count() == 0
    profile = Profile.objects.get(user=member)
    assert (profile.display_name, profile.bio, profile.avatar.name) == ("", "", "")
    assert profile.visibility == "hidden"
    assert not Path(picture).exists()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not EmailAddress.objects.filter(email__iexact=old_email).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert not Preference.objects.filter(user=member).exists()
    assert not ThreadWatch.objects.filter(user=member).exists()
    assert not ThreadRead.objects.filter(user=member).exists()
    assert not project.memberships.exists()
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not exporting.storage().exists("old.zip")
    assert AccountDeletion.objects.get(member=member).done_at is not None
    # Sessions revoked: the phone is signed out.
    response = phone.get(reverse("leaving:your_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # The byline stays, unlinked.
    author.refresh_from_db()
    assert author.name == "Mia Member"
    assert author.member is None
    page = client.get(article.url).text
    assert "Mia Member" in page
    assert reverse("members:profile", args=[old_handle]) not in page
    # Nobody finds them: not listed, no profile, and a mention reaches nobody.
    client.force_login(other_member)
    assert old_handle not in client.get(reverse("members:list")).text
    assert client.get(reverse("members:profile", args=[old_handle])).status_code == 404
    assert client.get(reverse("members:profile", args=[member.username])).status_code == 404
    # Nobody can sign in as them.
    assert not Client().login(username=member.username, password=PASSWORD)
    assert get_user_model().objects.filter(pk=member.pk).exists()  # the row stays


def test_a_mention_of_a_former_member_reaches_nobody(
    client, member, other_member, conversation, confirm_password, reply
):
    thread, _, _ = conversation
    old_handle = member.username
    ask_to_delete(client, member, confirm_password)
    deleting.carry_out_due_deletions(a_week_later())

    post = reply(thread, f"Thanks @{old_handle}!", author=other_member)

    assert 'class="mention"' not in post.html
    assert not Notification.objects.filter(recipient=member).exists()


def test_deleting_needs_the_password_again(client, member):
    client.force_login(member)
    response = client.post(DELETE, {"mode": "anonymize", "understood": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AccountDeletion.objects.exists()


def test_a_mistake_shows_beside_the_field_before_the_password_is_asked_for(client, member):
    client.force_login(member)
    response = client.post(DELETE, {"mode": "anonymize"})

    assert response.status_code == 200
    assert "Tick this box to confirm." in response.text
    assert 'value="anonymize" required id="id_mode_0" checked' in response.text
    assert not AccountDeletion.objects.exists()


def test_deleting_is_for_the_signed_in_member_only(client, db):
    response = client.get(DELETE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.post(DELETE, {"mode": "anonymize", "understood": "on"})
    assert not AccountDeletion.objects.exists()


def test_a_member_deletes_only_their_own_account(client, member, other_member, confirm_password):
    ask_to_delete(client, member, confirm_password)
    assert list(AccountDeletion.objects.values_list("member", flat=True)) == [member.pk]


def test_choosing_nothing_says_so_beside_the_field(client, member, confirm_password):
    client.force_login(member)
    confirm_password(client)
    response = client.post(DELETE, {"mode": "delete"})

    assert response.status_code == 200
    assert "Tick this box to confirm." in response.text
    assert 'value="delete" required id="id_mode_1" checked' in response.text
    assert not AccountDeletion.objects.exists()


def test_delete_page_query_budget(client, db, django_assert_max_num_queries):
    member = UserFactory()
    client.force_login(member)
    client.get(DELETE)
    with django_assert_max_num_queries(3):
        assert client.get(DELETE).status_code == 200


def test_the_page_after_asking_names_nobody(client, db):
    response = client.get(reverse("leaving:deletion_requested"))
    assert response.status_code == 200
    assert "Your account will be deleted in seven days" in response.text
