"""Writing in the forums: starting threads and replying in markdown made safe once, when
it is saved; previews; editing and deleting one's own posts; and every refusal told
beside the form, with the words kept."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import actions, notifying
from forums.models import Post, PostRevision, Suspension, Thread
from network import markup

pytestmark = pytest.mark.django_db


def textarea(response) -> str:
    """What the form's text box holds (as the page escapes it)."""
    return re.search(r"<textarea[^>]*>(.*?)</textarea>", response.text, re.DOTALL).group(1)


def post_in(client, thread, source, **extra):
    return client.post(reverse("forums:reply", args=[thread.pk]), {"source": source, **extra})


# --- Starting and replying ---------------------------------------------------------------


def test_a_member_starts_a_thread_with_tags_and_lands_on_it(client, member, housing):
    client.force_login(member)

    response = client.post(
        reverse("forums:new_thread", args=[housing.slug]),
        {"title": "  Rent   strike fund ", "source": "We need **money**.", "tags": "rent, money"},
    )

    thread = Thread.objects.get(forum=housing)
    assert response.status_code == 302
    assert (
        response["Location"]
        == thread.get_absolute_url()
        == f"/forums/housing/{thread.pk}-rent-strike-fund/"
    )
    assert thread.title == "Rent strike fund"
    assert sorted(thread.tags.names()) == ["money", "rent"]
    page = client.get(response["Location"]).text
    assert "We need <strong>money</strong>." in page


def test_a_member_replies_and_lands_on_their_reply(client, member, housing, start_thread):
    thread = start_thread(housing)
    client.force_login(member)

    response = post_in(client, thread, "Count me in.")

    post = Post.objects.get(thread=thread, author=member)
    assert response["Location"] == reverse("forums:post", args=[post.pk])
    assert post.parent.is_opening
    assert "Count me in." in client.get(response["Location"], follow=True).text


def test_a_member_replies_to_a_reply_and_it_nests_under_it(
    client, member, housing, start_thread, reply
):
    thread = start_thread(housing)
    answered = reply(thread, "What time?")
    client.force_login(member)

    client.post(reverse("forums:reply_to", args=[answered.pk]), {"source": "Seven."})

    post = Post.objects.get(author=member)
    assert post.parent == answered
    assert post.depth == 2
    assert post.path.startswith(answered.path)


def test_markdown_is_rendered_once_when_posted_not_on_every_view(
    client, member, housing, start_thread, monkeypatch
):
    thread = start_thread(housing, source="Some *emphasis*")
    assert thread.posts.get().html == "<p>Some <em>emphasis</em></p>\n"

    def refuse_to_render(*args, **kwargs):
        raise AssertionError("rendered markdown while showing a page")

    monkeypatch.setattr(markup, "render", refuse_to_render)
    client.force_login(member)
    for url in (thread.get_absolute_url(), housing.get_absolute_url(), reverse("forums:index")):
        assert client.get(url).status_code == 200
    assert "Some <em>emphasis</em>" in client.get(thread.get_absolute_url()).text


def test_scripts_event_handlers_and_script_links_in_a_post_are_inert(
    client, member, housing, start_thread
):
    thread = start_thread(housing)
    client.force_login(member)

    post_in(
        client,
        thread,
        '<script>alert("owned")</script>\n\n<img src=x onerror="alert(2)">\n\n'
        '[click me](javascript:alert(3)) and <a href="#" onclick="alert(4)">x</a>',
    )

    html = Post.objects.get(author=member).html
    page = client.get(thread.get_absolute_url()).text
    assert "<script" not in html
    assert "<img" not in html
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html)  # no tag with an on… handler
    assert 'href="javascript:' not in html
    assert html in page
    assert "&lt;script&gt;alert" in page  # shown as the words it was


def test_links_in_posts_are_marked_nofollow_ugc_noopener(client, member, housing, start_thread):
    thread = start_thread(housing)
    client.force_login(member)

    post_in(client, thread, "See [the union](https://example.org/union) and https://example.com")

    html = Post.objects.get(author=member).html
    assert '<a href="https://example.org/union" rel="nofollow ugc noopener">the union</a>' in html
    assert '<a href="https://example.com" rel="nofollow ugc noopener">' in html


def test_mentioning_a_member_links_to_their_profile_and_unknown_handles_stay_text(
    client, member, other_member, housing, start_thread
):
    thread = start_thread(housing)
    client.force_login(member)

    post_in(client, thread, f"Thanks @{other_member.username}, and @nobody_by_that_name too.")

    html = Post.objects.get(author=member).html
    handle = other_member.username
    profile = reverse("members:profile", args=[handle])
    assert f'<a href="{profile}" class="mention" rel="nofollow ugc noopener">@{handle}</a>' in html
    assert "@nobody_by_that_name too" in html
    assert html.count("<a ") == 1


def test_preview_shows_the_rendered_reply_without_posting_it(client, member, housing, start_thread):
    thread = start_thread(housing)
    client.force_login(member)

    response = post_in(client, thread, "Is **this** right?", preview="1")

    assert response.status_code == 200
    assert '<div class="prose"><p>Is <strong>this</strong> right?</p>' in response.text
    assert textarea(response).strip() == "Is **this** right?"
    assert not Post.objects.filter(author=member).exists()


def test_preview_of_a_new_thread_posts_nothing(client, member, housing):
    client.force_login(member)

    response = client.post(
        reverse("forums:new_thread", args=[housing.slug]),
        {"title": "Draft", "source": "# Plan\n\n1. meet", "preview": "1"},
    )

    assert "<h3>Plan</h3>" in response.text
    assert 'value="Draft"' in response.text
    assert not Thread.objects.filter(forum=housing).exists()


# --- Counts ------------------------------------------------------------------------------


def test_counts_and_latest_posts_are_right_straight_after_posting(housing, start_thread, reply):
    thread = start_thread(housing)
    housing.refresh_from_db()
    opening = thread.posts.get()
    assert (housing.thread_count, housing.post_count, housing.last_post) == (1, 1, opening)
    assert (thread.reply_count, thread.last_post) == (0, opening)

    first = reply(thread, "One")
    second = reply(thread, "Two", parent=first)

    housing.refresh_from_db()
    thread.refresh_from_db()
    assert (housing.thread_count, housing.post_count, housing.last_post) == (1, 3, second)
    assert (thread.reply_count, thread.last_post, thread.last_post_at) == (
        2,
        second,
        second.created_at,
    )


def test_a_post_and_its_counts_are_saved_together_or_not_at_all(
    housing, start_thread, member, monkeypatch
):
    """Whatever fails while posting (here, telling members of the new post) takes the
    post and every count with it."""
    thread = start_thread(housing)

    def fail(*args, **kwargs):
        raise RuntimeError("the mail queue is down")

    monkeypatch.setattr(notifying, "post_written", fail)
    with pytest.raises(RuntimeError):
        actions.post_reply(thread, member, "Lost words")

    housing.refresh_from_db()
    thread.refresh_from_db()
    assert not Post.objects.filter(author=member).exists()
    assert (housing.post_count, thread.reply_count, thread.next_seq) == (1, 0, 1)
    assert thread.last_post.is_opening


# --- Editing and deleting ----------------------------------------------------------------


def test_a_member_edits_their_post_which_says_edited_and_keeps_what_it_said(
    client, member, housing, start_thread, reply
):
    thread = start_thread(housing)
    post = reply(thread, "Meeting at 6", author=member)
    client.force_login(member)
    edit_url = reverse("forums:edit_post", args=[post.pk])

    assert "Meeting at 6" in textarea(client.get(edit_url))
    response = client.post(edit_url, {"source": "Meeting at **7**"})

    assert response["Location"] == reverse("forums:post", args=[post.pk])
    post.refresh_from_db()
    assert post.html == "<p>Meeting at <strong>7</strong></p>\n"
    assert post.edited_at is not None
    assert list(PostRevision.objects.filter(post=post).values_list("source", "editor")) == [
        ("Meeting at 6", member.pk)
    ]
    page = client.get(thread.get_absolute_url()).text
    assert '<span class="post__edited"' in page
    assert "Meeting at <strong>7</strong>" in page


def test_saving_a_post_unchanged_adds_no_revision(client, member, housing, start_thread, reply):
    post = reply(start_thread(housing), "Same words", author=member)
    client.force_login(member)

    client.post(reverse("forums:edit_post", args=[post.pk]), {"source": "Same words"})

    post.refresh_from_db()
    assert post.edited_at is None
    assert not post.revisions.exists()


def test_a_member_deletes_their_post_and_the_replies_to_it_stay(
    client, member, housing, start_thread, reply
):
    thread = start_thread(housing)
    post = reply(thread, "Something I regret", author=member)
    answer = reply(thread, "An answer that stays", parent=post)
    client.force_login(member)
    delete_url = reverse("forums:delete_post", args=[post.pk])

    assert "Delete this post?" in client.get(delete_url).text
    client.post(delete_url)

    post.refresh_from_db()
    assert post.is_deleted
    assert post.source == post.html == ""
    page = client.get(thread.get_absolute_url()).text
    assert "[deleted by author]" in page
    assert "Something I regret" not in page
    assert "An answer that stays" in page
    answer.refresh_from_db()
    assert answer.parent == post


def test_the_opening_post_cannot_be_deleted(client, member, housing, start_thread):
    thread = start_thread(housing, author=member, source="Opening words")
    client.force_login(member)

    response = client.post(reverse("forums:delete_post", args=[thread.posts.get().pk]), follow=True)

    assert "An opening post cannot be deleted" in response.text
    assert not thread.posts.get().is_deleted


def test_members_cannot_edit_or_delete_someone_elses_post(
    client, member, housing, start_thread, reply
):
    post = reply(start_thread(housing), "Mine, not yours")
    client.force_login(member)

    for name in ("edit_post", "delete_post"):
        url = reverse(f"forums:{name}", args=[post.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"source": "Defaced"}).status_code == 403

    post.refresh_from_db()
    assert (post.source, post.is_deleted, post.edited_at) == ("Mine, not yours", False, None)
    assert "Edit</a>" not in client.get(post.thread.get_absolute_url()).text


def test_the_author_cannot_edit_in_a_locked_thread(client, member, housing, start_thread, reply):
    post = reply(start_thread(housing), "Before the lock", author=member)
    Thread.objects.filter(pk=post.thread_id).update(locked=True)
    client.force_login(member)

    response = client.post(reverse("forums:edit_post", args=[post.pk]), {"source": "After"})

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.source == "Before the lock"


# --- Refusals ----------------------------------------------------------------------------


def assert_refused_with_words_kept(response, message, words):
    assert response.status_code == 200
    assert message in response.text
    assert words in textarea(response)


def test_a_locked_thread_takes_no_replies(client, member, housing, start_thread):
    thread = start_thread(housing)
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    client.force_login(member)

    response = post_in(client, thread, "Too late?")

    assert_refused_with_words_kept(response, "This thread is locked: no new replies.", "Too late?")
    assert '<div class="form-errors" role="alert">' in response.text
    assert not Post.objects.filter(author=member).exists()
    assert "This thread is locked" in client.get(thread.get_absolute_url()).text


def test_the_reply_page_of_a_locked_thread_offers_no_form_but_to_moderators(
    client, member, moderator, housing, start_thread
):
    thread = start_thread(housing)
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    url = reverse("forums:reply_to", args=[thread.posts.get().pk])

    client.force_login(member)
    refused = client.get(url)
    client.force_login(moderator)
    offered = client.get(url)

    assert "This thread is locked: no new replies." in refused.text
    assert 'name="source"' not in refused.text
    assert 'name="source"' in offered.text


def test_a_suspended_member_is_told_on_the_reply_page_before_writing(
    client, member, housing, start_thread
):
    thread = start_thread(housing)
    until = datetime(2031, 3, 3, 22, 0, tzinfo=UTC)
    Suspension.objects.create(user=member, until=until, reason="Personal attacks")
    client.force_login(member)

    response = client.get(reverse("forums:reply", args=[thread.pk]))

    assert "You are suspended from posting until March 3, 2031, 5 p.m." in response.text
    assert 'name="source"' not in response.text


def test_a_suspended_member_is_told_until_when_and_keeps_their_words(
    client, member, housing, start_thread
):
    thread = start_thread(housing)
    until = datetime(2031, 3, 3, 22, 0, tzinfo=UTC)  # 5 p.m. in the site's time zone
    Suspension.objects.create(user=member, until=until, reason="Personal attacks")
    client.force_login(member)

    response = post_in(client, thread, "Let me explain")
    new_thread = client.post(
        reverse("forums:new_thread", args=[housing.slug]),
        {"title": "My side", "source": "Let me explain"},
    )

    for refused in (response, new_thread):
        assert_refused_with_words_kept(
            refused, "You are suspended from posting until March 3, 2031, 5 p.m.", "Let me explain"
        )
        assert "Personal attacks" in refused.text
    assert not Post.objects.filter(author=member).exists()


def test_a_suspension_that_has_ended_no_longer_stops_posting(client, member, housing, start_thread):
    thread = start_thread(housing)
    Suspension.objects.create(user=member, until=timezone.now() - timedelta(minutes=1), reason="x")
    client.force_login(member)

    assert post_in(client, thread, "Back again").status_code == 302


def test_posting_again_within_ten_seconds_is_refused_with_the_words_kept(
    client, member, housing, start_thread
):
    thread = start_thread(housing)
    client.force_login(member)
    assert actions.MIN_SECONDS_BETWEEN_POSTS == 10

    assert post_in(client, thread, "First thought").status_code == 302
    response = post_in(client, thread, "Second thought")

    assert_refused_with_words_kept(
        response, "Please wait 10 seconds between posts", "Second thought"
    )
    assert Post.objects.filter(author=member).count() == 1

    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(seconds=11))
    assert post_in(client, thread, "Second thought").status_code == 302


def test_new_members_start_at_most_three_threads_on_their_first_day(
    client, new_member, housing, monkeypatch
):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    client.force_login(new_member)
    url = reverse("forums:new_thread", args=[housing.slug])

    for n in range(3):
        assert client.post(url, {"title": f"Hello {n}", "source": "Hi"}).status_code == 302
    response = client.post(url, {"title": "Hello again", "source": "One more"})

    assert response.status_code == 200
    assert "New members can start 3 threads on their first day" in response.text
    assert "One more" in textarea(response)
    assert 'value="Hello again"' in response.text
    assert Thread.objects.filter(author=new_member).count() == 3


def test_new_members_include_at_most_two_links_in_a_post(
    client, new_member, member, housing, start_thread
):
    thread = start_thread(housing)
    two = "https://one.example and [two](https://two.example)"
    three = two + " and <https://three.example>"
    client.force_login(new_member)

    response = post_in(client, thread, three)

    assert response.status_code == 200
    field = response.text.split('<div class="field field--textarea field--invalid">')[1]
    assert "New members can include at most 2 links" in field.split("</textarea>")[0]
    assert "three.example" in textarea(response)
    assert post_in(client, thread, two).status_code == 302

    client.force_login(member)  # a member of a month's standing has no such limit
    assert post_in(client, thread, three).status_code == 302


def test_mentions_are_not_links_a_new_member_made(client, new_member, housing, start_thread):
    thread = start_thread(housing)
    others = [start_thread(housing).author for _ in range(2)]
    client.force_login(new_member)
    mentions = " ".join(f"@{other.username}" for other in others)

    response = post_in(client, thread, f"{mentions} https://one.example https://two.example")

    assert response.status_code == 302
    html = Post.objects.get(author=new_member).html
    assert html.count('class="mention"') == 2
    assert html.count("<a ") == 4


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "Write something first."),
        ("   \n\t  ", "Write something first."),
        ("x" * 20_001, "That is 20,001 characters; the limit is 20,000."),
    ],
)
def test_empty_and_over_long_posts_are_refused_beside_the_text_box(
    client, member, housing, start_thread, source, message
):
    thread = start_thread(housing)
    client.force_login(member)

    response = post_in(client, thread, source)

    assert response.status_code == 200
    field = response.text.split('<div class="field field--textarea field--invalid">')[1]
    assert message in field.split("</textarea>")[0]
    assert textarea(response).strip() == source.strip()
    assert not Post.objects.filter(author=member).exists()


def test_a_post_of_exactly_the_limit_is_taken(client, member, housing, start_thread):
    thread = start_thread(housing)
    client.force_login(member)

    assert post_in(client, thread, "x" * 20_000).status_code == 302


def test_line_breaks_count_once_as_the_browser_counts_them(client, member, housing, start_thread):
    """Browsers send each line break as CR LF but count it as one character against the
    text box's limit; what the browser let through is taken, with single line breaks."""
    thread = start_thread(housing)
    client.force_login(member)
    source = "abcdefghi\r\n" * 2000  # 20,000 characters as typed; 22,000 as sent

    response = post_in(client, thread, source)

    assert response.status_code == 302
    assert Post.objects.get(author=member).source == ("abcdefghi\n" * 2000).strip()


def test_only_moderators_start_threads_in_announcements(client, member, moderator, announcements):
    url = reverse("forums:new_thread", args=[announcements.slug])
    client.force_login(member)

    response = client.post(url, {"title": "Big news", "source": "Read this"})

    assert response.status_code == 200
    assert "Only moderators start threads in this forum." in response.text
    assert "Read this" in textarea(response)
    assert not Thread.objects.filter(forum=announcements).exists()
    assert "New thread</a>" not in client.get(announcements.get_absolute_url()).text

    client.force_login(moderator)
    assert client.post(url, {"title": "Big news", "source": "Read this"}).status_code == 302
    assert "New thread</a>" in client.get(announcements.get_absolute_url()).text
