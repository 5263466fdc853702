"""An article's discussion follows its article's privacy, at read time, everywhere it can
be read: its thread's page and its comments' addresses, the forum's listing and feed,
the forum index, the home page, search and the sitemap (notifications: in
tests/notifications/test_article_discussion_privacy.py).

Each of Wagtail's ways to make an article private (unpublishing it; restricting it, or
a page above it, to signed-in members, to a group, or by a password; deleting it) is
tried with each kind of reader, on every surface at once: a test says which surfaces
showed what they should not, or hid what they should show.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from blog import privacy
from blog.models import ArticlePage
from forums import actions
from forums.models import Forum, Post, Thread
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from tests.factories import UserFactory, articles_index, make_article
from tests.forums.conftest import established

TITLE = "Secret strategy session"
COMMENT = "The plan is zeppelins."

pytestmark = pytest.mark.usefixtures("no_pause_between_posts")

RESTRICTIONS = ["unpublished", "members", "group", "group above", "password", "deleted"]
READERS = ["visitor", "member", "group member", "superuser"]

# Who may read the discussion under each: everyone when the article is public.
MAY_READ = {
    "public": set(READERS),
    "unpublished": set(),
    "members": {"member", "group member", "superuser"},
    "group": {"group member", "superuser"},
    "group above": {"group member", "superuser"},
    "password": set(),  # known only to the browser that gave it, on the article itself
    "deleted": set(),
}


@pytest.fixture
def organizers(db):
    return Group.objects.create(name="Organizing committee")


@pytest.fixture
def discussed(db):
    """A published article with a comment in its discussion: (article, thread, comment)."""
    article = make_article(TITLE)
    thread = Thread.objects.get(pk=article.discussion_id)
    comment = actions.post_reply(thread, established(), COMMENT)
    return article, thread, comment


def make_private(article, restriction: str, group: Group) -> None:
    if restriction == "unpublished":
        ArticlePage.objects.get(pk=article.pk).unpublish()
    elif restriction == "members":
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    elif restriction in ("group", "group above"):
        page = articles_index() if restriction == "group above" else article
        made = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        made.groups.add(group)
    elif restriction == "password":
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
        )
    elif restriction == "deleted":
        ArticlePage.objects.get(pk=article.pk).delete()


def sign_in_as(client, reader: str, group: Group) -> None:
    if reader == "visitor":
        return
    user = established(is_superuser=reader == "superuser")
    if reader == "group member":
        user.groups.add(group)
    client.force_login(user)


def surfaces_showing(client, thread: Thread, comment: Post) -> set[str]:
    """Where ``client``'s reader finds the discussion."""
    forum = Forum.objects.get(slug=ARTICLE_DISCUSSIONS_SLUG)
    found = set()
    if client.get(thread.get_absolute_url()).status_code == 200:
        found.add("thread page")
    if client.get(reverse("forums:post", args=[comment.pk])).status_code == 302:
        found.add("comment's permalink")
    if client.get(reverse("forums:reply_to", args=[comment.pk])).status_code == 200:
        found.add("reply form")
    if TITLE in client.get(forum.get_absolute_url()).text:
        found.add("forum page")
    if TITLE in client.get(reverse("forums:index")).text:
        found.add("forum index")
    if TITLE in client.get(reverse("forums:forum_feed", args=[forum.slug])).text:
        found.add("forum feed")
    results = client.get(reverse("search"), {"q": "zeppelins", "in": "forums"})
    if f'#post-{comment.pk}"' in results.text:  # on the article, or in its thread
        found.add("search")
    if TITLE in client.get("/").text:
        found.add("home page")
    return found


def expected(restriction: str, reader: str) -> set[str]:
    surfaces = {
        "thread page",
        "comment's permalink",
        "reply form",
        "forum page",
        "forum index",
        "forum feed",
        "search",
        "home page",
    }
    if reader not in MAY_READ[restriction]:
        return set()
    if "visitor" not in MAY_READ[restriction]:
        surfaces.discard("forum feed")  # feed readers are visitors: nobody signs in
    if reader == "visitor":
        surfaces.discard("reply form")  # writing asks visitors to sign in
    return surfaces


@pytest.mark.parametrize("reader", READERS)
def test_a_public_articles_discussion_shows_on_every_surface(client, discussed, organizers, reader):
    _, thread, comment = discussed
    sign_in_as(client, reader, organizers)
    assert surfaces_showing(client, thread, comment) == expected("public", reader)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("restriction", RESTRICTIONS)
def test_the_discussion_follows_its_article_made_private_afterwards(
    client, discussed, organizers, restriction, reader
):
    article, thread, comment = discussed
    make_private(article, restriction, organizers)
    sign_in_as(client, reader, organizers)

    assert surfaces_showing(client, thread, comment) == expected(restriction, reader)


@pytest.mark.parametrize("restriction", ["members", "group", "password", "unpublished"])
def test_a_private_article_and_its_discussion_are_not_in_the_sitemap(
    client, discussed, organizers, restriction
):
    article, thread, _ = discussed
    public = make_article("Open letter")
    make_private(article, restriction, organizers)

    sitemap = client.get(reverse("sitemap")).text

    assert public.get_full_url() in sitemap
    assert article.get_full_url() not in sitemap
    assert thread.get_absolute_url() not in sitemap


def test_a_member_outside_the_group_cannot_comment_through_the_forum(client, discussed, organizers):
    article, thread, _ = discussed
    make_private(article, "group", organizers)
    outsider = established()
    client.force_login(outsider)

    response = client.post(reverse("forums:reply", args=[thread.pk]), {"source": "Let me in."})

    assert response.status_code == 404
    assert TITLE not in response.text
    assert "Let me in." in response.text  # their words, to keep
    with pytest.raises(actions.PostingRefused):
        actions.post_reply(thread, outsider, "Let me in.")
    assert not Post.objects.filter(author=outsider).exists()


def test_a_password_protected_article_shows_no_comments_even_once_unlocked(
    client, discussed, organizers
):
    article, _, _ = discussed
    make_private(article, "password", organizers)
    restriction = PageViewRestriction.objects.get(page=article)
    form = client.get(article.url)
    assert COMMENT not in form.text

    unlocked = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk]),
        {"password": "sesame", "return_url": article.url},
        follow=True,
    )

    assert TITLE in unlocked.text  # the article itself
    assert COMMENT not in unlocked.text


def test_making_the_article_public_again_brings_its_discussion_back(client, discussed, organizers):
    article, thread, comment = discussed
    make_private(article, "members", organizers)
    assert client.get(thread.get_absolute_url()).status_code == 404

    PageViewRestriction.objects.filter(page=article).delete()

    assert surfaces_showing(client, thread, comment) == expected("public", "visitor")


def test_a_thread_no_article_holds_that_a_member_started_stays_open(client, member):
    forum = Forum.objects.get(slug=ARTICLE_DISCUSSIONS_SLUG)
    thread = Thread.objects.create(forum=forum, author=member, title="About the comments")
    Post.objects.create(thread=thread, author=member, seq=0, path="000000", source="Hi", html="Hi")

    assert client.get(thread.get_absolute_url()).status_code == 200


def test_the_listing_rule_and_the_per_reader_rule_agree(db, organizers):
    """``restrictions_keeping_out`` (inside listings' queries) answers as ``lets_in``
    (for one reader, and for emails' recipients) for every restriction and reader."""
    index = articles_index()
    made = []
    for kind in (
        PageViewRestriction.LOGIN,
        PageViewRestriction.GROUPS,
        PageViewRestriction.PASSWORD,
    ):
        restriction = PageViewRestriction.objects.create(
            page=index, restriction_type=kind, password="x"
        )
        if kind == PageViewRestriction.GROUPS:
            restriction.groups.add(organizers)
        made.append(restriction)
    outsider = established()
    insider = established()
    insider.groups.add(organizers)
    readers = [
        privacy.Reader(),
        privacy.Reader.of(outsider),
        privacy.Reader.of(insider),
        privacy.Reader.of(UserFactory(is_superuser=True)),
    ]
    for reader in readers:
        kept_out = set(privacy.restrictions_keeping_out(reader))
        assert kept_out == {r for r in made if not privacy.lets_in(r, reader)}, vars(reader)
    assert [len(set(privacy.restrictions_keeping_out(r))) for r in readers] == [3, 2, 1, 1]
