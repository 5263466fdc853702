"""Partner feeds become draft cross-posts: an editor registers a partner's RSS or Atom
feed, the hourly poll turns each new item into a draft for review, once, and nothing
hostile in an item survives into the draft. (What the partner's server may do is in
test_partner_feed_fetching.py.) Feeds are served by a partner site on 127.0.0.1
(tests/blog/partner_site.py): no test reaches the internet."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from taggit.models import Tag

from blog import partner_feed_polling, tasks
from blog.models import ArticlePage
from blog.partner_feed_polling import poll
from blog.partner_feeds import PartnerFeed, PartnerFeedItem
from network.demo.partner_feeds import seed_partner_feeds
from network.models import Region
from tests.blog.partner_site import drafts, fresh, register, rss, three_items

pytestmark = pytest.mark.django_db


# New items become drafts, once.


def test_three_items_become_three_draft_cross_posts(partner):
    feed = register(partner.serve("/feed.xml", rss(three_items())))
    feed.default_tags.add("tenant organizing")
    georgia = Region.objects.get(code="GA")
    feed.default_regions.set([georgia])

    result = poll(feed)

    assert result.new_drafts == 3
    made = drafts()
    assert [page.title for page in made] == ["Dispatch 1", "Dispatch 2", "Dispatch 3"]
    first = made[0]
    assert not first.live
    assert first.first_published_at is None
    assert first.has_unpublished_changes
    assert first.source_name == "Partner Press"
    assert first.source_url == "https://partner.example/dispatch-1"
    assert first.original_author == "Fannie Lou Hamer"
    assert first.original_date == datetime.date(2025, 6, 1)
    assert first.introduction == "The tenants of building 1 met."
    assert str(first.body[0].value) == "<p>The <em>tenants</em> of building 1 met.</p>"
    assert [tag.name for tag in first.tags.all()] == ["tenant organizing"]
    assert list(first.regions.all()) == [georgia]
    assert first.get_latest_revision_as_object().source_name == "Partner Press"
    feed = fresh(feed)
    assert feed.last_success_at is not None
    assert feed.last_polled_at == feed.last_success_at
    assert (feed.error_count, feed.last_error) == (0, "")


def test_polling_again_drafts_nothing_new(partner):
    feed = register(partner.serve("/feed.xml", rss(three_items())))
    poll(feed)

    result = poll(fresh(feed))

    assert result.new_drafts == 0
    assert len(drafts()) == 3
    assert PartnerFeedItem.objects.filter(feed=feed).count() == 3


def test_a_new_item_among_seen_ones_is_drafted_alone(partner):
    feed = register(partner.serve("/feed.xml", rss(three_items()[:2])))
    poll(feed)
    partner.serve("/feed.xml", rss(three_items()))

    assert poll(fresh(feed)).new_drafts == 1
    assert [page.title for page in drafts()] == ["Dispatch 1", "Dispatch 2", "Dispatch 3"]


def test_a_deleted_draft_never_comes_back(partner):
    feed = register(partner.serve("/feed.xml", rss(three_items())))
    poll(feed)
    unwanted = drafts()[1]
    unwanted.delete()

    result = poll(fresh(feed))

    assert result.new_drafts == 0
    assert [page.title for page in drafts()] == ["Dispatch 1", "Dispatch 3"]
    assert PartnerFeedItem.objects.filter(feed=feed, draft=None).count() == 1


def test_items_without_a_guid_are_known_by_their_link(partner):
    items = [{k: v for k, v in item.items() if k != "guid"} for item in three_items()]
    feed = register(partner.serve("/feed.xml", rss(items)))
    poll(feed)

    assert poll(fresh(feed)).new_drafts == 0
    assert len(drafts()) == 3


def test_an_atom_feed_is_read_too(partner):
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Partner</title>
    <id>urn:atom-partner</id><updated>2025-03-02T10:00:00Z</updated>
    <entry><title type="html">Strike &lt;em&gt;wave&lt;/em&gt; &amp;amp; after</title>
    <id>urn:atom-partner:1</id><link href="/2025/strike-wave"/>
    <author><name>Lucy Parsons</name></author><updated>2025-03-02T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Picket lines held.&lt;/p&gt;</content></entry></feed>"""
    feed = register(partner.serve("/atom.xml", atom, content_type="application/atom+xml"))

    assert poll(feed).new_drafts == 1
    (draft,) = drafts()
    assert draft.title == "Strike wave & after"
    assert draft.source_url == partner.url("/2025/strike-wave")
    assert draft.original_author == "Lucy Parsons"
    assert draft.original_date == datetime.date(2025, 3, 2)


def test_an_author_given_as_an_email_address_is_credited_by_name_only(partner):
    item = {**three_items()[0], "extra": "<author>fannie@partner.example (Fannie)</author>"}
    del item["author"]
    feed = register(partner.serve("/feed.xml", rss([item])))

    poll(feed)

    assert drafts()[0].original_author == "Fannie"


def test_one_poll_drafts_only_the_newest_items(partner, monkeypatch):
    monkeypatch.setattr(partner_feed_polling, "MAX_DRAFTS_PER_POLL", 2)
    feed = register(partner.serve("/feed.xml", rss(three_items())))

    assert poll(feed).new_drafts == 2
    assert [page.title for page in drafts()] == ["Dispatch 2", "Dispatch 3"]
    # The oldest was seen, not drafted, and is not drafted later either.
    assert poll(fresh(feed)).new_drafts == 0
    assert PartnerFeedItem.objects.filter(feed=feed).count() == 3


def test_an_item_the_article_refuses_is_reported_and_the_others_drafted(partner, monkeypatch):
    original_clean = ArticlePage.clean

    def refuse_the_second(page):
        if page.title == "Dispatch 2":
            raise ValidationError({"title": "Not this one."})
        original_clean(page)

    monkeypatch.setattr(ArticlePage, "clean", refuse_the_second)
    feed = register(partner.serve("/feed.xml", rss(three_items())))

    result = poll(feed)

    assert result.error == (
        "An item could not be drafted, https://partner.example/dispatch-2: Not this one."
    )
    assert result.new_drafts == 2
    assert [page.title for page in drafts()] == ["Dispatch 1", "Dispatch 3"]
    assert fresh(feed).error_count == 1
    # Seen, so that it does not fail every hour until the whole feed is paused.
    assert poll(fresh(feed)).error == ""
    assert fresh(feed).error_count == 0
    assert PartnerFeedItem.objects.filter(draft=None).count() == 1


# Hostile content.


HOSTILE_ITEM = {
    "title": "<script>alert('title')</script>Rent strike <b>wins</b>",
    "guid": "urn:partner:hostile",
    "link": "javascript:alert('link')",
    "author": "<img src=x onerror=alert('author')>Mother Jones",
    "description": (
        "<p onclick=\"alert('p')\">Tenants <strong>won</strong>."
        "<script>alert('body')</script>"
        '<img src="https://tracker.example/pixel.gif" onerror="alert(\'img\')">'
        "<a href=\"javascript:alert('a')\">Read more</a> "
        '<a href="https://partner.example/rent" onmouseover="alert(\'hover\')">the story</a>'
        '<iframe src="https://evil.example/"></iframe>'
        '<svg onload="alert(\'svg\')"><circle r="1"/></svg>'
        "<style>body{display:none}</style>"
        '<form action="https://evil.example/"><input name="password"></form>'
        "<a href=\"data:text/html,<script>alert('data')</script>\">data</a>"
        "<a href=\" JaVaScRiPt:alert('mixed')\">mixed</a></p>"
    ),
}

EXECUTABLE = ("<script", "onerror", "onclick", "onmouseover", "onload", "javascript:", "alert(")


def assert_nothing_executable(html: str) -> None:
    lowered = html.lower()
    for needle in EXECUTABLE:
        assert needle not in lowered, needle
    soup = BeautifulSoup(html, "html.parser")
    for tag in ("script", "iframe", "svg", "style", "form", "input", "img", "object", "embed"):
        assert soup.find(tag) is None, tag
    for element in soup.find_all(True):
        for attribute in element.attrs:
            assert not attribute.lower().startswith("on"), (element.name, attribute)
        for attribute in ("href", "src", "action"):
            value = (element.get(attribute) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), value


def test_an_item_with_hostile_html_becomes_a_draft_with_nothing_executable(partner):
    feed = register(partner.serve("/feed.xml", rss([HOSTILE_ITEM])))

    assert poll(feed).new_drafts == 1

    (draft,) = drafts()
    excerpt = str(draft.body[0].value)
    assert_nothing_executable(excerpt)
    assert "<strong>won</strong>" in excerpt
    assert '<a href="https://partner.example/rent" rel="nofollow ugc noopener">' in excerpt
    assert "tracker.example" not in excerpt
    assert draft.title == "Rent strike wins"
    assert draft.original_author == "Mother Jones"
    assert draft.introduction.startswith("Tenants won.")
    assert_nothing_executable(draft.introduction)
    # A link that is not a web address is no source: the editor must give one.
    assert draft.source_url == ""


def test_the_preview_of_a_hostile_draft_runs_nothing(partner, client, editor):
    feed = register(partner.serve("/feed.xml", rss([HOSTILE_ITEM])))
    poll(feed)
    (draft,) = drafts()
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)))

    assert response.status_code == 200
    article = BeautifulSoup(response.text, "html.parser").find("article", class_="article")
    assert article.find("h1").get_text() == "Rent strike wins"
    assert "Tenants won." in article.get_text()
    assert_nothing_executable(str(article))


def test_a_draft_whose_item_had_no_web_address_cannot_be_published(partner):
    """The cross-post rules hold for partner drafts: no source address, no publishing."""
    feed = register(partner.serve("/feed.xml", rss([HOSTILE_ITEM])))
    poll(feed)
    (draft,) = drafts()

    with pytest.raises(PermissionDenied):
        draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert not draft.live


def test_a_complete_partner_draft_publishes_as_a_cross_post(partner, client):
    feed = register(partner.serve("/feed.xml", rss(three_items()[:1])))
    poll(feed)
    (draft,) = drafts()

    draft.get_latest_revision().publish()

    response = client.get(ArticlePage.objects.get(pk=draft.pk).url)
    assert response.status_code == 200
    assert 'href="https://partner.example/dispatch-1"' in response.text


# Beat.


def test_beat_polls_the_active_feeds_every_hour(partner, settings, celery_conf):
    celery_conf(task_always_eager=True, task_eager_propagates=True)
    entry = settings.CELERY_BEAT_SCHEDULE["poll-partner-feeds"]
    assert entry["task"] == tasks.poll_partner_feeds.name
    assert (len(entry["schedule"].hour), len(entry["schedule"].minute)) == (24, 1)
    register(partner.serve("/a.xml", rss(three_items()[:1])), name="Active")
    register(partner.serve("/b.xml", rss(three_items()[1:])), name="Paused", active=False)

    tasks.poll_partner_feeds.delay()

    assert [request.path for request in partner.requests] == ["/a.xml"]
    assert len(drafts()) == 1


def test_feed_tags_are_the_sites_tags(partner):
    """Default tags are the same tags articles have, so drafts file with their peers."""
    Tag.objects.create(name="Housing", slug="housing")
    feed = register(partner.serve("/feed.xml", rss(three_items()[:1])))
    feed.default_tags.add("housing")

    poll(feed)

    assert [tag.slug for tag in drafts()[0].tags.all()] == ["housing"]


def test_the_demo_feed_is_registered_paused():
    said = []
    seed_partner_feeds(said.append)
    seed_partner_feeds(said.append)

    (feed,) = PartnerFeed.objects.all()
    assert not feed.active
    assert feed.url.startswith("https://example.org/")
    assert len(said) == 1
