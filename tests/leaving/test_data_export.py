"""A member takes their data with them: asks on "Your data", the worker builds a ZIP,
an email brings the link, and only they can download it, for a week."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from network.leaving import exporting
from network.leaving.models import DataExport
from network.notifications.models import Preference
from tests.factories import UserFactory, make_article, make_author
from tests.network.directory_data import make_project

YOUR_DATA = reverse("leaving:your_data")


@pytest.fixture
def ask_for_export(client, celery_backend, django_capture_on_commit_callbacks):
    """``ask_for_export(member)``: the member asks on their page; the worker (run in
    process) builds the export and emails them."""

    def ask(member):
        client.force_login(member)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(YOUR_DATA, follow=True)
        assert response.status_code == 200
        return DataExport.objects.filter(member=member).first()

    return ask


def unzip(response) -> dict[str, bytes]:
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def test_member_gets_every_part_of_their_data_in_the_zip(
    client, member, housing, start_thread, reply, ask_for_export, no_pause_between_posts
):
    member.profile.bio = "I organize tenants in Macon."
    member.profile.avatar.save("mine.webp", ContentFile(b"RIFF a picture"), save=False)
    member.profile.save()
    thread = start_thread(housing, title="Rent strike <b>plans</b>", author=member)
    reply(thread, 'Meet at 6. <script>alert("owned")</script>', author=member)
    make_article("Why we organize", authors=[make_author("Mia Member", member=member)])
    Preference.objects.create(user=member, kind="reply", delivery="daily")
    make_project("Macon tenants", contacts=[member])

    export = ask_for_export(member)

    assert export.status == DataExport.Status.READY
    (email,) = mail.outbox
    assert email.to == [member.email]
    link = re.search(r"https?://\S+/accounts/data/\S+/download/", email.body).group(0)
    response = client.get(link[link.index("/accounts/") :])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    files = unzip(response)

    assert set(files) >= {
        "index.html",
        "profile/profile.json",
        "profile/profile.html",
        "posts/posts.json",
        "posts/posts.html",
        "articles/articles.json",
        "articles/articles.html",
        "notification_settings.json",
        "notification_settings.html",
    }
    profile = json.loads(files["profile/profile.json"])
    assert profile["handle"] == member.username
    assert profile["email"] == member.email
    assert profile["bio"] == "I organize tenants in Macon."
    assert profile["avatar"] == "profile/avatar.webp"
    assert files["profile/avatar.webp"] == b"RIFF a picture"
    assert [joined["project"] for joined in profile["local_projects"]] == ["Macon tenants"]
    posts = json.loads(files["posts/posts.json"])
    assert [(p["kind"], p["thread"]) for p in posts] == [
        ("thread", "Rent strike <b>plans</b>"),
        ("reply", "Rent strike <b>plans</b>"),
    ]
    assert posts[1]["text"] == 'Meet at 6. <script>alert("owned")</script>'
    assert posts[1]["written_at"]
    articles = json.loads(files["articles/articles.json"])
    assert [a["title"] for a in articles] == ["Why we organize"]
    settings_rows = {
        row["kind"]: row["delivery"] for row in json.loads(files["notification_settings.json"])
    }
    assert settings_rows["reply"] == "daily"
    assert settings_rows["mention"] == "now"  # the default, for a kind never chosen


def test_what_a_member_wrote_stays_inert_in_the_zips_pages(
    client, member, housing, start_thread, reply, ask_for_export, no_pause_between_posts
):
    member.profile.display_name = "Mia <img src=x onerror=alert(1)>"
    member.profile.save()
    thread = start_thread(housing, title="<script>alert('title')</script>", author=member)
    reply(thread, "<script>alert('post')</script>", author=member)

    export = ask_for_export(member)
    files = unzip(client.get(reverse("leaving:download", args=[export.token])))

    posts = files["posts/posts.html"].decode()
    assert "<script>" not in posts
    assert "&lt;script&gt;alert(&#x27;post&#x27;)&lt;/script&gt;" in posts
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in posts
    profile = files["profile/profile.html"].decode()
    assert "<img src=x" not in profile
    assert "Mia &lt;img src=x onerror=alert(1)&gt;" in profile


def test_a_member_with_no_articles_gets_no_articles_part(client, member, ask_for_export):
    export = ask_for_export(member)
    files = unzip(client.get(reverse("leaving:download", args=[export.token])))
    assert not any(name.startswith("articles/") for name in files)
    assert json.loads(files["posts/posts.json"]) == []


def test_the_file_is_kept_outside_the_public_media(member, ask_for_export, settings):
    export = ask_for_export(member)
    stored = exporting.storage().path(export.file_name)
    assert stored.startswith(str(settings.DATA_EXPORT_ROOT))
    assert not stored.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        exporting.storage().url(export.file_name)


def test_the_download_is_refused_to_another_member_and_to_anonymous(
    client, member, other_member, ask_for_export
):
    export = ask_for_export(member)
    url = reverse("leaving:download", args=[export.token])

    client.force_login(other_member)
    assert client.get(url).status_code == 404

    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_download_is_refused_after_a_week_and_the_file_deleted(client, member, ask_for_export):
    export = ask_for_export(member)
    url = reverse("leaving:download", args=[export.token])
    path = exporting.storage().path(export.file_name)

    # Six days on, still there.
    assert exporting.forget_expired_exports(timezone.now() + timedelta(days=6)) == 0
    assert client.get(url).status_code == 200

    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(url, follow=True)
    assert response.redirect_chain[0][0] == YOUR_DATA
    assert "expired" in response.text
    assert "Content-Disposition" not in response

    assert exporting.forget_expired_exports() == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED
    assert not exporting.storage().exists(path.rsplit("/", 1)[1])
    assert "Your last export has expired" in client.get(YOUR_DATA).text


def test_the_file_goes_seven_days_after_it_was_built(member, ask_for_export):
    export = ask_for_export(member)
    assert export.expires_at - export.finished_at == timedelta(days=7)
    assert exporting.forget_expired_exports(export.expires_at + timedelta(minutes=1)) == 1
    assert not exporting.storage().exists(export.file_name)


def test_one_export_at_a_time(client, member):
    client.force_login(member)
    client.post(YOUR_DATA)  # queued: the worker has not run (no commit in this test)
    response = client.post(YOUR_DATA, follow=True)

    assert "already being gathered" in response.text
    assert DataExport.objects.filter(member=member).count() == 1
    with pytest.raises(exporting.ExportRefused):
        exporting.request_export(member)


def test_the_page_shows_each_step(client, member):
    client.force_login(member)
    assert "Ask for my data" in client.get(YOUR_DATA).text

    export = DataExport.objects.create(member=member)
    page = client.get(YOUR_DATA).text
    assert "waiting its turn" in page
    assert "Ask for a new export" not in page  # one at a time

    export.status = DataExport.Status.BUILDING
    export.save()
    assert "Being built now" in client.get(YOUR_DATA).text

    export.status = DataExport.Status.FAILED
    export.save()
    page = client.get(YOUR_DATA).text
    assert "failed" in page
    assert "Ask for a new export" in page

    export.status = DataExport.Status.READY
    export.expires_at = timezone.now() + timedelta(days=7)
    export.save()
    page = client.get(YOUR_DATA).text
    assert "Download your data" in page
    assert reverse("leaving:download", args=[export.token]) in page


def test_a_lost_export_is_handed_to_the_worker_again(member, celery_backend):
    export = DataExport.objects.create(
        member=member, requested_at=timezone.now() - timedelta(minutes=15)
    )
    assert exporting.sweep_stale_exports() == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY


def test_your_data_is_for_members_only(client, db):
    response = client.get(YOUR_DATA)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(YOUR_DATA).status_code == 302
    assert not DataExport.objects.exists()


def test_your_data_page_query_budget(client, db, django_assert_max_num_queries):
    member = UserFactory()
    DataExport.objects.create(member=member)
    client.force_login(member)
    client.get(YOUR_DATA)  # the chrome every page shows (menus, settings), read once
    # The session, the member with their profile, their latest export.
    with django_assert_max_num_queries(3):
        assert client.get(YOUR_DATA).status_code == 200


def test_the_account_pages_link_to_your_data(client, member):
    client.force_login(member)
    for account_page in (reverse("members:edit", args=[member.username]), reverse("account_email")):
        assert client.get(account_page).text.count(f'href="{YOUR_DATA}"') == 1


def test_a_new_export_replaces_the_one_before(client, member, ask_for_export):
    first = ask_for_export(member)
    second = ask_for_export(member)

    first.refresh_from_db()
    assert first.status == DataExport.Status.EXPIRED
    assert not exporting.storage().exists(f"{first.token}.zip")
    assert client.get(reverse("leaving:download", args=[first.token])).status_code == 302
    assert client.get(reverse("leaving:download", args=[second.token])).status_code == 200


def test_an_export_that_breaks_says_it_failed_and_may_be_asked_again(
    client, member, ask_for_export, monkeypatch
):
    from network.leaving import registry

    def broken(member):
        raise OSError("disk full")

    monkeypatch.setitem(registry._export_parts, "broken", broken)
    export = ask_for_export(member)

    assert export.status == DataExport.Status.FAILED
    assert not mail.outbox
    page = client.get(YOUR_DATA).text
    assert "Building your data failed" in page
    assert "Ask for a new export" in page
