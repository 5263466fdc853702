"""Limits on what one member can make others hear of: how many members a post mentions,
how often a member edits, how many posts a member reports. Each refusal says why beside
the form and keeps what the member wrote; the limits count rows in the database, so
they hold with no cache at all (Redis away)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import actions, moderation
from forums.models import Post, PostRevision, Report, Thread
from tests.factories import make_article
from tests.forums.conftest import established

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]


@pytest.fixture
def no_cache(settings):
    """Redis away: a cache that keeps nothing."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def textarea(response) -> str:
    return re.search(r"<textarea[^>]*>(.*?)</textarea>", response.text, re.DOTALL).group(1)


def beside_the_text_box(response) -> str:
    """What the page says inside the text box's field, around the box."""
    field = response.text.split('<div class="field field--textarea field--invalid">')[1]
    return field.split("</textarea>")[0]


def members(count: int) -> list:
    return [established() for _ in range(count)]


def mentioning(people, *more: str) -> str:
    return " ".join(["Calling", *(f"@{person.username}" for person in people), *more])


# --- Mentions -------------------------------------------------------------------------------


def test_a_post_mentions_at_most_ten_members_and_the_eleventh_is_refused_with_the_words_kept(
    client, member, housing, start_thread
):
    thread = start_thread(housing)
    eleven = members(11)
    client.force_login(member)
    url = reverse("forums:reply", args=[thread.pk])
    too_many = mentioning(eleven)

    response = client.post(url, {"source": too_many})

    assert response.status_code == 200
    assert "A post can mention at most 10 members; this one mentions 11." in beside_the_text_box(
        response
    )
    assert textarea(response).strip() == too_many
    assert not Post.objects.filter(author=member).exists()

    assert client.post(url, {"source": mentioning(eleven[:10])}).status_code == 302


def test_only_members_who_would_hear_of_it_count_towards_the_limit(
    client, member, housing, start_thread
):
    """Unknown handles, deactivated members, the writer themselves and a member named
    twice notify nobody more: a post naming ten members and all of those is taken."""
    thread = start_thread(housing)
    ten = members(10)
    gone = established(is_active=False)
    unknown = [f"@nb{n}" for n in range(1500)]
    source = mentioning(ten, f"@{ten[0].username}", f"@{gone.username}", f"@{member.username}")
    client.force_login(member)

    response = client.post(
        reverse("forums:reply", args=[thread.pk]), {"source": f"{source} {' '.join(unknown)}"}
    )

    assert response.status_code == 302
    html = Post.objects.get(author=member).html
    linked = re.findall(r'href="(/members/\w+/)" class="mention"', html)
    assert len(set(linked)) == 11  # the ten, and the writer's own handle


def test_on_their_first_day_a_member_mentions_at_most_two_members(client, new_member, housing):
    three = members(3)
    client.force_login(new_member)
    url = reverse("forums:new_thread", args=[housing.slug])

    response = client.post(url, {"title": "Hello all", "source": mentioning(three)})

    assert response.status_code == 200
    assert (
        "On your first day a post can mention at most 2 members; this one mentions 3."
        in beside_the_text_box(response)
    )
    assert textarea(response).strip() == mentioning(three)
    assert 'value="Hello all"' in response.text
    assert not Thread.objects.filter(author=new_member).exists()

    assert client.post(url, {"title": "Hello", "source": mentioning(three[:2])}).status_code == 302


def test_an_article_comment_mentioning_too_many_is_refused_with_the_way_back_kept(client, member):
    article = make_article("Port strike")
    client.force_login(member)
    too_many = mentioning(members(11))

    response = client.post(
        reverse("forums:reply", args=[article.discussion_id]),
        {"source": too_many, "return_to": "article"},
    )

    assert response.status_code == 200
    assert "A post can mention at most 10 members" in beside_the_text_box(response)
    assert textarea(response).strip() == too_many
    assert 'name="return_to" value="article"' in response.text
    assert not Post.objects.filter(author=member).exists()


def test_an_edit_counts_every_mention_the_post_would_then_have(
    client, member, housing, start_thread, reply
):
    eleven = members(11)
    post = reply(start_thread(housing), mentioning(eleven[:8]), author=member)
    client.force_login(member)
    url = reverse("forums:edit_post", args=[post.pk])
    edited = mentioning(eleven)

    response = client.post(url, {"source": edited})

    assert response.status_code == 200
    assert "A post can mention at most 10 members; this one mentions 11." in beside_the_text_box(
        response
    )
    assert textarea(response).strip() == edited
    post.refresh_from_db()
    assert post.source == mentioning(eleven[:8])
    assert not post.revisions.exists()

    assert client.post(url, {"source": mentioning(eleven[:10])}).status_code == 302


# --- Edits ------------------------------------------------------------------------------------


def test_a_member_edits_five_times_a_minute_and_the_sixth_waits_with_the_words_kept(
    client, member, housing, start_thread, reply, no_cache
):
    post = reply(start_thread(housing), "Meeting at 6", author=member)
    client.force_login(member)
    url = reverse("forums:edit_post", args=[post.pk])
    assert actions.EDITS_PER_MINUTE == 5

    for minute in range(5):
        assert client.post(url, {"source": f"Meeting at 6:0{minute}"}).status_code == 302
    response = client.post(url, {"source": "Meeting at 7, final"})

    assert response.status_code == 200
    assert "You have edited 5 times in the last minute" in response.text
    assert "Meeting at 7, final" in textarea(response)
    assert PostRevision.objects.filter(post=post).count() == 5
    post.refresh_from_db()
    assert post.source == "Meeting at 6:04"

    PostRevision.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    assert client.post(url, {"source": "Meeting at 7, final"}).status_code == 302


def test_moderators_editing_others_posts_are_not_limited_but_editing_their_own_are(
    client, moderator, housing, start_thread, reply
):
    thread = start_thread(housing)
    others = [reply(thread, f"My address is {n} Quince Lane") for n in range(6)]
    own = reply(thread, "Moderator's note", author=moderator)
    client.force_login(moderator)

    for post in others:
        response = client.post(
            reverse("forums:edit_post", args=[post.pk]), {"source": "[address removed]"}
        )
        assert response.status_code == 302
    assert PostRevision.objects.filter(editor=moderator).count() == 6

    url = reverse("forums:edit_post", args=[own.pk])
    for n in range(5):
        assert client.post(url, {"source": f"Moderator's note, take {n}"}).status_code == 302
    assert "You have edited 5 times" in client.post(url, {"source": "Once more"}).text


# --- Reports ----------------------------------------------------------------------------------


def test_a_member_files_ten_reports_an_hour_and_the_eleventh_waits_with_the_note_kept(
    client, member, housing, start_thread, reply, no_cache
):
    thread = start_thread(housing)
    posts = [reply(thread, f"Spam number {n}") for n in range(11)]
    client.force_login(member)
    assert moderation.REPORTS_PER_HOUR == 10

    for post in posts[:10]:
        response = client.post(
            reverse("forums:report_post", args=[post.pk]), {"reason": "spam", "note": "Again."}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("forums:report_post", args=[posts[10].pk]),
        {"reason": "doxxing", "note": "This one has her street."},
    )

    assert response.status_code == 200
    assert "You have sent 10 reports in the last hour" in response.text
    assert "This one has her street." in textarea(response)
    assert re.search(r'<input[^>]*value="doxxing"[^>]*checked', response.text)
    assert Report.objects.filter(reporter=member).count() == 10

    Report.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    response = client.post(
        reverse("forums:report_post", args=[posts[10].pk]),
        {"reason": "doxxing", "note": "This one has her street."},
    )
    assert response.status_code == 302
    assert Report.objects.filter(reporter=member).count() == 11


def test_reporting_a_post_already_reported_counts_nothing_more(
    member, housing, start_thread, reply
):
    post = reply(start_thread(housing), "Spam")
    Report.objects.bulk_create(
        Report(post=reply(post.thread, f"More spam {n}"), reporter=member, reason="spam")
        for n in range(9)
    )

    for _ in range(3):
        moderation.report_post(post, member, "spam")

    assert Report.objects.filter(reporter=member).count() == 10
    with pytest.raises(actions.PostingRefused):
        moderation.report_post(reply(post.thread, "Yet more"), member, "spam")


def test_one_members_reports_do_not_count_against_another(
    member, other_member, housing, start_thread, reply
):
    thread = start_thread(housing)
    for n in range(10):
        moderation.report_post(reply(thread, f"Spam {n}"), member, Report.Reason.SPAM)
    post = reply(thread, "Spam again")

    moderation.report_post(post, other_member, Report.Reason.SPAM)

    assert Report.objects.filter(post=post, reporter=other_member).exists()
