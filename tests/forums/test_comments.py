"""Readers discuss an article under it. Publishing an article opens its thread in the
"Article discussions" forum, once; the article shows the thread's replies as its
comments, in the forum's own tree, with the forum's markdown and moderation; members
comment through the forum's reply form; the same thread reads in the forum too.

Everyone here is a member of a month's standing (past the new-member limits), and the
pause between one member's posts is off.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction, Revision

from blog.models import ArticlePage
from forums import actions
from forums.models import Forum, Post, Suspension, Thread, ThreadWatch
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from tests.factories import UserFactory, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]

COMMENT_TEXT = re.compile(r'<div class="post__body prose">(.*?)</div>', re.DOTALL)


def established(**fields):
    return UserFactory(date_joined=timezone.now() - datetime.timedelta(days=30), **fields)


@pytest.fixture
def reader(db):
    return established(profile__display_name="Rhea Reader")


@pytest.fixture
def moderator(db):
    user = established(profile__display_name="Moe Moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def discussions(db):
    return Forum.objects.get(slug=ARTICLE_DISCUSSIONS_SLUG)


def comment(article, text, parent=None, author=None) -> Post:
    """A comment under ``article`` (or a reply to ``parent``), as the reply view writes it."""
    return actions.post_reply(
        Thread.objects.get(pk=article.discussion_id), author or established(), text, parent=parent
    )


def hide(post: Post, reason: str) -> None:
    """As a moderator hides it (the moderation pages are tested with the forums)."""
    Post.objects.filter(pk=post.pk).update(is_hidden=True, hidden_reason=reason)


def shown_comments(response) -> list[str]:
    return [text.strip() for text in COMMENT_TEXT.findall(response.text)]


def republish(article, **changes) -> ArticlePage:
    article = ArticlePage.objects.get(pk=article.pk)
    for name, value in changes.items():
        setattr(article, name, value)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


# --- The discussion each article opens ---------------------------------------------


def test_publishing_an_article_opens_its_discussion(discussions):
    before = discussions.thread_count

    article = make_article("Rent strikes in Atlanta", introduction="Three buildings held out.")

    thread = article.discussion
    assert thread.forum == discussions
    assert thread.title == "Rent strikes in Atlanta"
    assert thread.author is None
    opening = thread.posts.get(seq=0)
    assert f'href="{article.get_full_url()}"' in opening.html
    assert "Three buildings held out." in opening.html
    assert Forum.objects.get(pk=discussions.pk).thread_count == before + 1


def test_republishing_keeps_the_one_discussion(discussions):
    article = make_article("Rent strikes in Atlanta")
    thread = article.discussion

    republish(article, introduction="Edited once.")
    republish(article, introduction="Edited twice.")
    ArticlePage.objects.get(pk=article.pk).get_latest_revision().publish()

    assert ArticlePage.objects.get(pk=article.pk).discussion == thread
    assert Thread.objects.filter(forum=discussions).count() == 1


def test_a_revision_saved_before_the_discussion_opened_does_not_unlink_it(discussions):
    """The editor's form and older revisions hold no discussion: publishing them (or
    reverting to one) must not open a second thread."""
    article = make_article("Draft first", publish=False)
    first_revision = ArticlePage.objects.get(pk=article.pk).save_revision()
    first_revision.publish()
    thread = ArticlePage.objects.get(pk=article.pk).discussion
    assert thread is not None

    article.introduction = "Edited from the page as it was loaded before publishing."
    article.save_revision().publish()  # ``article`` still has no discussion in memory
    first_revision.publish()  # reverting to the first revision

    assert ArticlePage.objects.get(pk=article.pk).discussion == thread
    assert Thread.objects.filter(forum=discussions).count() == 1


def test_the_discussion_follows_the_article_title(client):
    article = make_article("Tenant power")
    comment(article, "First!")

    article = republish(article, title="Tenant power in Birmingham", slug="tenant-power-bham")

    thread = Thread.objects.get(pk=article.discussion_id)
    assert thread.title == "Tenant power in Birmingham"
    assert thread.slug == "tenant-power-in-birmingham"
    opening = thread.posts.get(seq=0)
    assert "Tenant power in Birmingham" in opening.html
    assert 'href="http://' in opening.html
    assert "/tenant-power-bham/" in opening.html
    assert thread.reply_count == 1
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_what_looks_like_markdown_in_an_article_stays_text_in_the_opening_post():
    article = make_article(
        "Why *nobody* reads [the] minutes <b>ever</b>",
        introduction="2027. The year of AT&T &amp; _action_.\n- Not a list\n---",
    )

    opening = article.discussion.posts.get(seq=0)

    assert "Why *nobody* reads [the] minutes &lt;b&gt;ever&lt;/b&gt;</a>" in opening.html
    assert "<p>2027. The year of AT&amp;T &amp;amp; _action_.\n- Not a list\n---</p>" in (
        opening.html
    )


def test_drafts_and_scheduled_articles_open_no_discussion_until_they_go_live(discussions):
    draft = make_article("Still a draft", publish=False)
    scheduled = make_article("Later", publish=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()

    assert ArticlePage.objects.get(pk=draft.pk).discussion is None
    assert ArticlePage.objects.get(pk=scheduled.pk).discussion is None
    assert not Thread.objects.filter(forum=discussions).exists()

    # A day passes: the time the editor chose is now a minute ago.
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.objects.get(object_id=str(scheduled.pk), approved_go_live_at__isnull=False)
    revision.approved_go_live_at = a_minute_ago
    revision.content["go_live_at"] = a_minute_ago.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")

    scheduled = ArticlePage.objects.get(pk=scheduled.pk)
    assert scheduled.live
    assert scheduled.discussion.title == "Later"


def test_a_copied_article_gets_a_discussion_of_its_own():
    article = make_article("The original")

    copy = article.copy(update_attrs={"title": "The copy", "slug": "the-copy"}, keep_live=False)
    assert copy.specific.discussion is None
    copy.specific.save_revision().publish()

    copy = ArticlePage.objects.get(pk=copy.pk)
    assert copy.discussion is not None
    assert copy.discussion != ArticlePage.objects.get(pk=article.pk).discussion
    assert copy.discussion.title == "The copy"


@pytest.mark.parametrize(
    ("restriction_type", "password"),
    [(PageViewRestriction.PASSWORD, "solidarity"), (PageViewRestriction.LOGIN, "")],
)
def test_a_private_article_opens_no_public_discussion(discussions, restriction_type, password):
    """Its title and its comments would sit in a public forum."""
    article = make_article("Steering committee minutes", publish=False)
    PageViewRestriction.objects.create(
        page=article, restriction_type=restriction_type, password=password
    )

    article.save_revision().publish()

    assert ArticlePage.objects.get(pk=article.pk).discussion is None
    assert not Thread.objects.filter(forum=discussions).exists()


# --- Reading the comments ----------------------------------------------------------


def test_visitors_read_the_comments_under_the_article_as_a_tree(client):
    article = make_article("Port strike")
    first = comment(article, "Solidarity with the **dockworkers**.")
    answer = comment(article, "Which local?", parent=first)
    comment(article, "ILA 1414.", parent=answer)
    comment(article, "A second top-level comment.")

    response = client.get(article.url)

    assert response.status_code == 200
    assert shown_comments(response) == [
        "<p>Solidarity with the <strong>dockworkers</strong>.</p>",
        "<p>Which local?</p>",
        "<p>ILA 1414.</p>",
        "<p>A second top-level comment.</p>",
    ]
    text = response.text
    assert text.count("post--depth-1") == 2
    assert "post--depth-2" in text
    assert "post--depth-3" in text
    assert 'id="comments"' in text
    assert "Comments <span" in text
    assert "(4)" in text
    assert "Comments on the article" not in text  # the site's opening post is the article
    assert f'href="{article.discussion.get_absolute_url()}"' in text


def test_visitors_are_asked_to_sign_in_to_comment_and_see_no_form(client):
    article = make_article("Port strike")
    comment(article, "A comment.")

    response = client.get(article.url)

    assert "Sign in to comment" in response.text
    assert f"{reverse('account_login')}?next={article.url}%23comments" in response.text
    assert 'name="source"' not in response.text
    assert "csrfmiddlewaretoken" not in response.text  # the page stays cacheable


def test_an_article_without_comments_says_so(client, reader):
    article = make_article("Quiet piece")
    client.force_login(reader)

    response = client.get(article.url)

    assert "No comments yet." in response.text
    assert shown_comments(response) == []


def test_hidden_comments_show_only_that_moderators_hid_them(client, reader, moderator):
    article = make_article("Heated piece")
    comment(article, "A fair point.")
    hidden = comment(article, "Something cruel.")
    hide(hidden, "Personal attack")
    deleted = comment(article, "Second thoughts.")
    actions.delete_post(deleted, deleted.author)

    for viewer in (None, reader):
        if viewer:
            client.force_login(viewer)
        text = client.get(article.url).text
        assert "A fair point." in text
        assert "Something cruel." not in text
        assert "Hidden by moderators: Personal attack." in text
        assert "Second thoughts." not in text
        assert "[deleted by author]" in text

    client.force_login(moderator)
    text = client.get(article.url).text
    assert "Something cruel." in text
    assert "Only moderators see it." in text
    assert reverse("forums:unhide_post", args=[hidden.pk]) in text


def test_the_discussion_reads_in_the_forum_too(client):
    article = make_article("Port strike")
    posted = comment(article, "Seen from the forum.")

    response = client.get(reverse("forums:post", args=[posted.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(article.discussion.get_absolute_url())
    assert "Seen from the forum." in response.text


def test_long_discussions_come_a_page_at_a_time_as_in_the_forum(client):
    article = make_article("Popular piece")
    for number in range(settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE + 3):
        comment(article, f"Comment number {number}.")

    first, second = client.get(article.url), client.get(article.url, {"page": 2})

    assert len(shown_comments(first)) == settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE
    assert shown_comments(second) == [f"<p>Comment number {n}.</p>" for n in range(20, 23)]
    assert 'href="?page=2#comments"' in first.text
    assert 'href="?page=1#comments"' in second.text
    assert "No comments yet." not in second.text
    assert shown_comments(client.get(article.url, {"page": "many"})) == shown_comments(first)
    assert shown_comments(client.get(article.url, {"page": 99})) == shown_comments(second)


def test_when_the_discussions_forum_is_members_only_visitors_see_no_comment(
    client, reader, discussions
):
    article = make_article("Internal debate")
    comment(article, "Only for members' eyes.")
    Forum.objects.filter(pk=discussions.pk).update(visibility=Forum.Visibility.MEMBERS)

    response = client.get(article.url)

    assert "Only for members" not in response.text
    assert "Sign in</a> to read the comments." in response.text
    assert 'name="source"' not in response.text
    thread_url = article.discussion.get_absolute_url()
    assert client.get(thread_url).status_code == 404

    client.force_login(reader)
    assert "Only for members' eyes." in client.get(article.url).text


# --- Commenting --------------------------------------------------------------------


def test_members_comment_through_the_forum_reply_form_and_land_on_their_comment(client, reader):
    article = make_article("Port strike")
    client.force_login(reader)

    page = client.get(article.url)
    reply_url = reverse("forums:reply", args=[article.discussion_id])
    assert f'action="{reply_url}"' in page.text
    assert "Your comment" in page.text
    assert 'name="source"' in page.text

    assert 'name="return_to" value="article"' in page.text

    response = client.post(
        reply_url, {"source": "Count me in for the *picket*.", "return_to": "article"}, follow=True
    )

    posted = Post.objects.get(thread=article.discussion, author=reader)
    assert response.redirect_chain == [(f"{article.url}#post-{posted.pk}", 302)]
    assert f'id="post-{posted.pk}"' in response.text
    assert posted.parent.is_opening
    assert posted.depth == 1
    assert ThreadWatch.objects.filter(user=reader, thread=article.discussion).exists()
    assert "Count me in for the <em>picket</em>." in client.get(article.url).text


def test_members_reply_to_a_comment_and_it_nests_under_it(client, reader):
    article = make_article("Port strike")
    first = comment(article, "Who is organizing the fund?")
    client.force_login(reader)
    assert reverse("forums:reply_to", args=[first.pk]) in client.get(article.url).text

    reply_url = reverse("forums:reply_to", args=[first.pk])
    assert f"{reply_url}?return_to=article" in client.get(article.url).text
    form = client.get(reply_url, {"return_to": "article"})
    assert 'name="return_to" value="article"' in form.text
    assert f'href="{article.url}#post-{first.pk}">Cancel' in form.text

    response = client.post(reply_url, {"source": "The local is.", "return_to": "article"})

    answer = Post.objects.get(author=reader)
    assert response["Location"] == f"{article.url}#post-{answer.pk}"
    assert answer.parent == first
    assert answer.depth == 2
    assert shown_comments(client.get(article.url)) == [
        "<p>Who is organizing the fund?</p>",
        "<p>The local is.</p>",
    ]


def test_a_locked_discussion_shows_no_form(client, reader, moderator):
    article = make_article("Settled question")
    comment(article, "Last word.")
    Thread.objects.filter(pk=article.discussion_id).update(locked=True)

    client.force_login(reader)
    response = client.get(article.url)

    assert "Last word." in response.text
    assert "Comments are closed." in response.text
    assert 'name="source"' not in response.text
    assert ">Reply</a>" not in response.text

    client.force_login(moderator)
    assert 'name="source"' in client.get(article.url).text


def test_a_suspended_member_reads_but_is_told_they_cannot_comment(client, reader):
    article = make_article("Port strike")
    Suspension.objects.create(
        user=reader, until=timezone.now() + datetime.timedelta(days=3), reason="Cooling off"
    )

    client.force_login(reader)
    response = client.get(article.url)

    assert "You are suspended from posting until" in response.text
    assert 'name="source"' not in response.text


def test_a_new_comment_makes_the_cached_article_stale(
    client, settings, reader, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article("Cached piece")
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        comment(article, "Fresh comment.", author=reader)

    response = client.get(article.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh comment." in response.text


# --- Query budget ------------------------------------------------------------------


def nested_discussion(title: str, top_level: int) -> ArticlePage:
    """``top_level`` comments, each answered by a chain of three nested replies."""
    article = make_article(title)
    for number in range(top_level):
        parent = comment(article, f"Comment {number}.")
        for depth in range(3):
            parent = comment(article, f"Reply {number}.{depth}", parent=parent)
    return article


@pytest.mark.parametrize("signed_in", [False, True])
def test_article_page_queries_do_not_grow_with_comments(client, count_queries, signed_in):
    small = nested_discussion("Small discussion", 2)  # 8 comments
    large = nested_discussion("Large discussion", 25)  # 100 comments, on two pages
    if signed_in:
        client.force_login(established())
    client.get(small.url)
    client.get(large.url)  # read once: a page read again writes no reading state

    few = count_queries(lambda: client.get(small.url))
    many = count_queries(lambda: client.get(large.url))

    assert (
        len(shown_comments(client.get(large.url))) == settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE * 4
    )
    assert few == many
    # One of them asks whether this reader may read the discussion (forums.access).
    assert many <= (20 if signed_in else 15)


# --- The demo ----------------------------------------------------------------------


def test_the_demo_opens_discussions_and_comments_under_a_few_articles_once():
    call_command("seed_demo")
    live = ArticlePage.objects.live()
    assert live.exists()
    assert not live.filter(discussion__isnull=True).exists()
    commented = live.filter(discussion__reply_count__gt=0)
    assert commented.count() >= 3
    nested = Post.objects.filter(thread__article_page__in=commented, depth__gt=1)
    assert nested.exists()
    assert not Post.objects.filter(created_at__gt=timezone.now()).exists()
    counts = (Thread.objects.count(), Post.objects.count())

    # An article published before articles opened discussions gets one from the demo.
    older = live.first()
    ArticlePage.objects.filter(pk=older.pk).update(discussion=None)
    call_command("seed_demo")

    older = ArticlePage.objects.get(pk=older.pk)
    assert older.discussion is not None
    assert older.discussion.created_at == older.first_published_at
    assert (Thread.objects.count(), Post.objects.count()) == (counts[0] + 1, counts[1] + 1)
    call_command("seed_demo")
    assert (Thread.objects.count(), Post.objects.count()) == (counts[0] + 1, counts[1] + 1)


def test_a_comment_on_a_later_page_lands_on_that_page_of_the_article(client, reader):
    article = make_article("Popular piece")
    for number in range(settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE):
        comment(article, f"Comment number {number}.")
    client.force_login(reader)

    response = client.post(
        reverse("forums:reply", args=[article.discussion_id]),
        {"source": "One more.", "return_to": "article"},
    )

    posted = Post.objects.get(author=reader)
    assert response["Location"] == f"{article.url}?page=2#post-{posted.pk}"


def test_return_to_article_goes_only_to_the_threads_own_article(client, reader, housing):
    """The parameter names no address: a forum thread that is no article's discussion
    sends its replies to the forum, whatever the form says."""
    thread = actions.start_thread(housing, established(), "Rent strike", "Who is in?")
    client.force_login(reader)

    response = client.post(
        reverse("forums:reply", args=[thread.pk]),
        {"source": "Me.", "return_to": "article", "next": "https://evil.example/"},
    )

    posted = Post.objects.get(author=reader)
    assert response["Location"] == reverse("forums:post", args=[posted.pk])


def test_a_refused_comment_keeps_its_way_back_to_the_article(client, reader):
    article = make_article("Port strike")
    client.force_login(reader)

    response = client.post(
        reverse("forums:reply", args=[article.discussion_id]),
        {"source": "   ", "return_to": "article"},
    )

    assert response.status_code == 200
    assert "Write something first." in response.text
    assert 'name="return_to" value="article"' in response.text


def test_in_the_forum_the_discussion_is_opened_by_the_site_and_cannot_be_moved(
    client, moderator, settings
):
    article = make_article("Port strike")
    client.force_login(moderator)

    thread_page = client.get(article.discussion.get_absolute_url())
    forum_page = client.get(article.discussion.forum.get_absolute_url())

    opening = thread_page.text.split('class="post__author">')[1].split("</span>")[0]
    assert opening == settings.SITE_NAME
    assert "a former member" not in forum_page.text
    assert f"Started by {settings.SITE_NAME}" in forum_page.text
    assert reverse("forums:move_thread", args=[article.discussion_id]) not in thread_page.text
    assert "Edit title and tags" in thread_page.text


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_forum_index_names_the_site_as_the_author_of_a_discussions_opening(
    client, reader, settings, signed_in
):
    article = make_article("Port strike")
    if signed_in:
        client.force_login(reader)

    index = client.get(reverse("forums:index")).text

    row = index.split(f'href="{article.discussion.forum.get_absolute_url()}"', 1)[1]
    row = row.split("</li>", 1)[0]
    assert f"{settings.SITE_NAME}, <time" in row
    assert "a former member" not in row


def test_reading_the_comments_under_the_article_marks_the_discussion_read(client, reader):
    from forums.reading import unread_thread_ids

    article = make_article("Port strike")
    comment(article, "First.")
    thread = Thread.objects.get(pk=article.discussion_id)
    assert unread_thread_ids(reader, [thread], None) == {thread.pk}

    client.force_login(reader)
    client.get(article.url)

    assert unread_thread_ids(reader, [thread], None) == set()
    comment(article, "Second.")
    assert unread_thread_ids(reader, [Thread.objects.get(pk=thread.pk)], None) == {thread.pk}


def test_the_sites_opening_post_is_answered_but_not_quoted_or_reported(client, reader):
    article = make_article("Port strike")
    opening = Post.objects.get(thread=article.discussion_id, seq=0)
    client.force_login(reader)

    page = client.get(article.discussion.get_absolute_url()).text
    report_url = reverse("forums:report_post", args=[opening.pk])

    assert reverse("forums:reply_to", args=[opening.pk]) in page
    assert f"{reverse('forums:reply_to', args=[opening.pk])}?quote=1" not in page
    assert report_url not in page
    assert client.post(report_url, {"reason": "spam"}).status_code == 403


def test_unpublishing_an_article_closes_its_comments_until_it_is_back(client, reader):
    article = make_article("Retracted piece")
    comment(article, "Before.")
    client.force_login(reader)
    reply_url = reverse("forums:reply", args=[article.discussion_id])

    ArticlePage.objects.get(pk=article.pk).unpublish()
    refused = client.post(reply_url, {"source": "After."})

    # Not found, as any discussion its reader may not read now, with the words kept.
    assert refused.status_code == 404
    assert "This discussion is closed, or not open to you now" in refused.text
    assert re.search(r"<textarea[^>]*>\s*After\.</textarea>", refused.text)
    assert "Retracted piece" not in refused.text
    assert not Post.objects.filter(author=reader).exists()
    with pytest.raises(actions.PostingRefused, match="its comments are closed"):
        actions.post_reply(Thread.objects.get(pk=article.discussion_id), reader, "After.")

    republish(article)
    client.post(reply_url, {"source": "Back again."})
    assert Post.objects.filter(author=reader, source="Back again.").exists()
