"""The forums beyond their own pages: threads and posts in the site search beside the
articles, an RSS feed of new threads for each public forum, and recent forum activity
on the home page. What a members-only forum holds never reaches a visitor who is not
signed in, by any of these ways (nor by the sitemap, nor by a thread's address), and
hidden or deleted posts are never found.

Everyone here is a member of a month's standing, and the pause between one member's
posts is off.
"""

from __future__ import annotations

import datetime
import re

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from blog.search import RESULTS_PER_PAGE
from forums import actions
from forums.feeds import FEED_LENGTH
from forums.models import Forum, Post, Thread
from tests.blog.test_search import TIME_LIMIT_QUERIES
from tests.factories import UserFactory, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]

PASSAGE = re.compile(r'<p class="search-result__passage"(?: lang="\w+")?>(.*?)</p>', re.DOTALL)


def established(**fields):
    return UserFactory(date_joined=timezone.now() - datetime.timedelta(days=30), **fields)


@pytest.fixture
def reader(db):
    return established(profile__display_name="Rhea Reader")


@pytest.fixture
def housing(db):
    """Public: anyone reads it."""
    return Forum.objects.get(slug="housing")


@pytest.fixture
def georgia(db):
    """A state's forum: members only."""
    return Forum.objects.get(slug="georgia")


def start(forum, title, text="The opening post.", author=None) -> Thread:
    return actions.start_thread(forum, author or established(), title, text)


def reply(thread, text, parent=None, author=None) -> Post:
    return actions.post_reply(thread, author or established(), text, parent=parent)


def hide(post: Post, reason: str = "Spam") -> None:
    """As a moderator hides it (the moderation pages are tested with the forums)."""
    Post.objects.filter(pk=post.pk).update(is_hidden=True, hidden_reason=reason)


# --- Search ------------------------------------------------------------------------


def search(client, query, **params):
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    return response


def forum_search(client, query, **params):
    return search(client, query, **{"in": "forums", **params})


def titles(response) -> list[str]:
    return [result.title for result in response.context["results"].object_list]


def urls(response) -> list[str]:
    return [result.url for result in response.context["results"].object_list]


def passages(response) -> list[str]:
    return PASSAGE.findall(response.text)


def tab_counts(response) -> dict[str, int]:
    return {tab.label: tab.count for tab in response.context["tabs"]}


def test_a_thread_is_found_by_a_word_of_its_title(client, housing):
    thread = start(housing, "Eviction defense in Memphis", "Court dates and who can come.")
    start(housing, "Something else", "Nothing about it.")

    response = forum_search(client, "memphis")

    assert titles(response) == ["Eviction defense in Memphis"]
    assert urls(response) == [f"{thread.get_absolute_url()}#post-{thread.posts.get().pk}"]
    assert passages(response) == ["Court dates and who can come."]
    assert "Forum thread · " in response.text
    assert "In Tenant and housing organizing" in response.text


def test_a_reply_is_found_by_its_words_with_the_passage_marked(client, housing):
    thread = start(housing, "Tenant union meeting")
    found = reply(thread, "Bring **flyers** for the Kirkwood buildings.")
    filler = " ".join(["We met again."] * 30)
    far = reply(thread, f"{filler} Kirkwood again at the end.")

    response = forum_search(client, "Kirkwood")

    assert titles(response) == ["Tenant union meeting", "Tenant union meeting"]
    assert urls(response) == [
        f"{thread.get_absolute_url()}#post-{far.pk}",
        f"{thread.get_absolute_url()}#post-{found.pk}",
    ]
    newest, oldest = passages(response)
    assert "<mark>Kirkwood</mark> again" in newest
    assert len(newest) < len(far.source)  # the part around the match
    # ts_headline's passages end at a word (PostgreSQL); the regular expressions' keep
    # the text's own end (SQLite).
    assert oldest.rstrip(".") == "Bring flyers for the <mark>Kirkwood</mark> buildings"
    assert "Forum reply · " in response.text


def test_a_reply_on_a_later_page_links_to_that_page(client, housing):
    thread = start(housing, "Long thread")
    for number in range(settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE):
        reply(thread, f"Reply {number}")
    late = reply(thread, "The zeppelin arrived.")

    assert urls(forum_search(client, "zeppelin")) == [
        f"{thread.get_absolute_url()}?page=2#post-{late.pk}"
    ]


def test_every_word_must_match_at_the_start_of_a_word(client, housing):
    start(housing, "Rent strike", "The rent strike held.")
    start(housing, "Rent control", "A rent control ordinance.")
    start(housing, "Party politics", "Departed members.")

    assert titles(forum_search(client, "rent strike")) == ["Rent strike"]
    assert sorted(titles(forum_search(client, "RENT"))) == ["Rent control", "Rent strike"]
    assert titles(forum_search(client, "art")) == []  # not "party", not "departed"
    if connection.vendor == "sqlite":  # PostgreSQL matches stems, not the starts of words
        assert titles(forum_search(client, "part")) == ["Party politics"]


def test_a_title_word_and_a_text_word_together_find_the_opening_post(client, housing):
    start(housing, "Memphis eviction defense", "Court watch on Tuesdays.")

    assert titles(forum_search(client, "memphis tuesdays")) == ["Memphis eviction defense"]


def test_the_forums_tab_counts_and_is_chosen_when_articles_find_nothing(client, housing):
    start(housing, "Sharecroppers remembered")
    make_article("Another piece", introduction="About something else.")

    response = search(client, "sharecroppers")

    assert tab_counts(response) == {"Articles": 0, "Events": 0, "Forums": 1, "Pages": 0}
    assert titles(response) == ["Sharecroppers remembered"]
    assert "Forums (1)" in response.text


def test_members_only_forums_are_never_searched_for_visitors(client, reader, housing, georgia):
    start(georgia, "Savannah picket plans", "Meet at the port gate at six.")
    start(housing, "Savannah housing", "Public talk about the port.")

    for query in ("savannah", "picket", "gate"):
        response = forum_search(client, query)
        assert "picket plans" not in response.text
        assert "port gate" not in response.text
    assert titles(forum_search(client, "savannah")) == ["Savannah housing"]
    assert tab_counts(search(client, "picket")) == {
        "Articles": 0,
        "Events": 0,
        "Forums": 0,
        "Pages": 0,
    }

    client.force_login(reader)
    assert sorted(titles(forum_search(client, "savannah"))) == [
        "Savannah housing",
        "Savannah picket plans",
    ]


def test_hidden_and_deleted_posts_are_never_found(client, reader, housing):
    thread = start(housing, "Meeting notes", "Plain opening words.")
    hide(reply(thread, "Spammy zeppelin offer."))
    gone = reply(thread, "Zeppelin second thoughts.")
    actions.delete_post(gone, gone.author)
    # Marked deleted with its words still stored: a search must not rely on their removal.
    Post.objects.filter(pk=reply(thread, "Zeppelin regrets.").pk).update(is_deleted=True)
    hidden_opening = start(housing, "Zeppelin sale", "Buy now.")
    hide(hidden_opening.posts.get())
    reply(hidden_opening, "A reply that stays.")

    for viewer in (None, reader):
        if viewer:
            client.force_login(viewer)
        response = forum_search(client, "zeppelin")
        assert titles(response) == []
        assert "Spammy" not in response.text
        assert "second thoughts" not in response.text
        assert "regrets" not in response.text
        assert titles(forum_search(client, "buy")) == []
        assert titles(forum_search(client, "stays")) == ["Zeppelin sale"]


def test_a_comment_on_an_article_links_to_it_under_the_article(client):
    article = make_article("Port strike", introduction="Dockworkers stopped work.")
    thread = Thread.objects.get(pk=article.discussion_id)
    first = reply(thread, "Solidarity with the longshoremen.")
    for number in range(settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE):
        reply(thread, f"Comment {number}")
    late = reply(thread, "Longshoremen won the second round.")

    response = forum_search(client, "longshoremen")

    assert titles(response) == ["Port strike", "Port strike"]
    assert urls(response) == [
        f"{article.url}?page=2#post-{late.pk}",
        f"{article.url}#post-{first.pk}",
    ]
    assert "Comment · " in response.text
    assert "In Article discussions" not in response.text
    assert f'id="post-{late.pk}"' in client.get(f"{article.url}?page=2").text


def test_an_articles_discussion_is_not_found_as_a_second_copy_of_the_article(client):
    make_article("Sharecroppers remembered", introduction="A history of the union.")

    response = search(client, "sharecroppers")

    assert tab_counts(response) == {"Articles": 1, "Events": 0, "Forums": 0, "Pages": 0}


def test_a_comment_on_an_unpublished_article_is_found_by_nobody(client, member):
    article = make_article("Withdrawn piece")
    thread = Thread.objects.get(pk=article.discussion_id)
    posted = reply(thread, "A comment about zeppelins.")
    assert urls(forum_search(client, "zeppelins")) == [f"{article.url}#post-{posted.pk}"]

    article.unpublish()

    assert urls(forum_search(client, "zeppelins")) == []
    client.force_login(member)
    assert urls(forum_search(client, "zeppelins")) == []


def test_comments_on_a_members_only_article_are_found_by_members_only(client, member):
    """The search finds posts by the forums the reader may read, then asks the thread's
    own rule (here the article's privacy) of the comments it found."""
    private = make_article("Steering minutes")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = make_article("Open minutes")
    hidden = reply(Thread.objects.get(pk=private.discussion_id), "Zeppelins at the steering.")
    shown = reply(Thread.objects.get(pk=public.discussion_id), "Zeppelins at the open one.")

    assert urls(forum_search(client, "zeppelins")) == [f"{public.url}#post-{shown.pk}"]
    assert "steering" not in forum_search(client, "zeppelins").text
    client.force_login(member)
    found = urls(forum_search(client, "zeppelins"))
    assert sorted(url.rpartition("#")[2] for url in found) == [
        f"post-{hidden.pk}",
        f"post-{shown.pk}",
    ]


def test_what_members_wrote_is_shown_as_text(client, housing):
    start(housing, "Formatting <i>help</i>", "Wrap words in <b> & see: <script>alert(1)</script>")

    response = forum_search(client, "wrap")

    assert "Formatting &lt;i&gt;help&lt;/i&gt;</a>" in response.text
    assert "<script>alert" not in response.text
    [passage] = passages(response)
    assert passage.startswith(
        "<mark>Wrap</mark> words in &lt;b&gt; &amp; see: &lt;script&gt;alert(1)&lt;/script"
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_forum_results_cost_the_same_queries_however_many(
    client, housing, django_assert_max_num_queries, django_assert_num_queries, signed_in
):
    article = make_article("Picket report")
    discussion = Thread.objects.get(pk=article.discussion_id)
    for number in range(3):
        reply(start(housing, f"Day {number}"), f"The picket grew, day {number}.")
    reply(discussion, "The picket holds.")
    for number in range(RESULTS_PER_PAGE + 5):
        reply(start(housing, f"Day {number}"), f"The boycott grew, day {number}.")
    reply(discussion, "The boycott holds.")
    if signed_in:
        client.force_login(established())
    forum_search(client, "picket")

    # The posts found (on PostgreSQL: the forums the reader may read, the planner's
    # settings, the newest matches with their ranks, the comments' threads asked whether
    # the reader may read them; then the page of them with their passages), the articles
    # the comments belong to (and the private sections to leave out), the site; the
    # member's own; the footer's settings; the filters' forums and regions; the search's
    # transaction with its time limit.
    with django_assert_max_num_queries((13 if signed_in else 11) + TIME_LIMIT_QUERIES) as few:
        few_response = forum_search(client, "picket")
    with django_assert_num_queries(len(few.captured_queries)):
        many_response = forum_search(client, "boycott")

    assert len(titles(few_response)) == 4  # three replies, a comment
    assert len(titles(many_response)) == RESULTS_PER_PAGE
    assert titles(many_response)[0] == "Picket report"  # the comment, newest


# --- Feeds -------------------------------------------------------------------------


def read_feed(client, forum):
    response = client.get(reverse("forums:forum_feed", args=[forum.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(response.content, sanitize_html=False, resolve_relative_uris=False)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def test_a_public_forum_has_a_feed_of_its_newest_threads(client, housing):
    author = established(profile__display_name="Rosa Bell")
    older = start(housing, "Older thread", "Older *words*.", author=author)
    Thread.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(1))
    Post.objects.filter(thread=older).update(created_at=timezone.now() - datetime.timedelta(1))
    newer = start(housing, "Newer thread", "Newer words.")
    reply(older, "A reply is not a new thread.")
    start(Forum.objects.get(slug="labor"), "Elsewhere")

    parsed = read_feed(client, housing)

    assert parsed.feed.title == "Network forums: Tenant and housing organizing"
    assert [entry.title for entry in parsed.entries] == ["Newer thread", "Older thread"]
    newest, oldest = parsed.entries
    assert newest.link.endswith(newer.get_absolute_url())
    assert oldest.description == "<p>Older <em>words</em>.</p>"
    assert oldest.author == "Rosa Bell"
    assert "A reply is not a new thread" not in str(parsed)


def test_every_address_in_a_forum_feed_is_at_site_url_whatever_host_was_asked(
    client, housing, settings
):
    settings.SITE_URL = "https://network.example"
    settings.ALLOWED_HOSTS = ["mirror.example"]
    thread = start(housing, "Rent strike", "Read [the plan](/forums/) first.")
    url = reverse("forums:forum_feed", args=[housing.slug])

    response = client.get(url, HTTP_HOST="mirror.example")
    parsed = feedparser.parse(response.content, resolve_relative_uris=False)

    assert parsed.feed.link == f"https://network.example{housing.get_absolute_url()}"
    (self_link,) = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_link == f"https://network.example{url}"
    (entry,) = parsed.entries
    assert entry.link == entry.id == f"https://network.example{thread.get_absolute_url()}"
    assert 'href="https://network.example/forums/"' in entry.description
    assert b"mirror.example" not in response.content


def test_a_feed_holds_the_newest_threads_only(client, housing):
    for number in range(FEED_LENGTH + 2):
        start(housing, f"Thread {number}")

    parsed = read_feed(client, housing)

    assert len(parsed.entries) == FEED_LENGTH
    assert parsed.entries[0].title == f"Thread {FEED_LENGTH + 1}"


def test_a_hidden_opening_post_shows_no_content_in_the_feed(client, housing):
    thread = start(housing, "Spam thread", "Buy our zeppelins.")
    hide(thread.posts.get())

    parsed = read_feed(client, housing)

    assert [entry.title for entry in parsed.entries] == ["Spam thread"]
    assert "zeppelins" not in str(parsed)
    assert not parsed.entries[0].get("description")


def test_members_only_forums_have_no_feed(client, reader, georgia):
    start(georgia, "Savannah picket plans", "Meet at the port gate.")
    url = reverse("forums:forum_feed", args=[georgia.slug])

    response = client.get(url)
    assert response.status_code == 404
    assert b"picket" not in response.content
    client.force_login(reader)
    assert client.get(url).status_code == 404
    assert client.get(reverse("forums:forum_feed", args=["no-such-forum"])).status_code == 404


def test_feed_queries_do_not_grow_with_threads(client, housing, django_assert_num_queries):
    for number in range(2):
        start(housing, f"Thread {number}")
    with django_assert_num_queries(2) as few:
        read_feed(client, housing)
    for number in range(2, 15):
        start(housing, f"Thread {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(read_feed(client, housing).entries) == 15


# --- Members-only threads stay with members ----------------------------------------


def test_a_members_only_thread_is_not_found_by_visitors_and_says_nothing(client, georgia):
    thread = start(georgia, "Savannah picket plans", "Meet at the port gate.")

    response = client.get(thread.get_absolute_url())

    assert response.status_code == 404
    assert reverse("account_login") in response.text
    assert "Savannah picket plans" not in response.text  # the address's slug is theirs
    assert "port gate" not in response.text


def test_no_forum_address_is_in_the_sitemap(client, housing, georgia):
    make_article("An article with a discussion")
    public = start(housing, "Public thread")
    private = start(georgia, "Members thread")

    sitemap = client.get("/sitemap.xml").text

    assert "/forums/" not in sitemap
    assert public.get_absolute_url() not in sitemap
    assert private.get_absolute_url() not in sitemap
    assert "An article with a discussion".lower().replace(" ", "-") in sitemap


# --- The home page -----------------------------------------------------------------


def activity(response) -> list[str]:
    return [thread.title for thread in response.context["forum_activity"]]


def test_the_home_page_shows_recent_public_forum_activity_to_visitors(client, housing, georgia):
    old = start(housing, "Old public thread")
    start(georgia, "Members-only thread", "Meet at the port gate.")
    new = start(housing, "New public thread")
    reply(old, "Bumped by a reply.")
    make_article("Uncommented article")

    response = client.get("/")

    assert activity(response) == ["Old public thread", "New public thread"]
    assert "Recent forum activity" in response.text
    assert f'href="{new.get_absolute_url()}"' in response.text
    assert "Members-only thread" not in response.text
    assert "Uncommented article" not in activity(response)


def test_members_see_members_only_forum_activity_too(client, reader, housing, georgia):
    start(housing, "Public thread")
    start(georgia, "Members-only thread")

    client.force_login(reader)
    response = client.get("/")

    assert activity(response) == ["Members-only thread", "Public thread"]
    assert "Members only</span>" in response.text


def test_a_commented_article_discussion_counts_as_activity(client):
    article = make_article("Commented article")
    reply(Thread.objects.get(pk=article.discussion_id), "First comment.")

    assert activity(client.get("/")) == ["Commented article"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_home_page_queries_do_not_grow_with_forum_activity(
    client, count_queries, housing, georgia, signed_in
):
    make_article("An article")
    start(housing, "Only thread")
    if signed_in:
        client.force_login(established())
    client.get("/")
    few = count_queries(lambda: client.get("/"))
    for number in range(8):
        reply(start(housing if number % 2 else georgia, f"Thread {number}"), "A reply.")

    many = count_queries(lambda: client.get("/"))

    assert len(activity(client.get("/"))) == 5
    assert few == many
    assert many <= (18 if signed_in else 13)
