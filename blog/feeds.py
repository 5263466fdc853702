"""RSS 2.0 and Atom feeds of articles: all of them, or by tag or region. Entries carry
the full article as HTML and, for cross-posts, the source they came from, dated with the
article's own date. Every address in them is at ``SITE_URL`` (network.addresses).
https://docs.djangoproject.com/en/5.2/ref/contrib/syndication/"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext
from taggit.models import Tag

from network.addresses import public_html, public_page_url, public_url
from network.models import NetworkSettings, Region

FEED_LENGTH = 20


class FullContentRssFeed(Rss201rev2Feed):
    """RSS with the whole article in <content:encoded> and a cross-post's <source>."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # The channel's <language> is the reader's; each article says its own.
        handler.addQuickElement("dc:language", item["language"])
        handler.addQuickElement("content:encoded", item["content"])
        if item.get("source_url"):
            handler.addQuickElement("source", item["source_name"], {"url": item["source_url"]})


class FullContentAtomFeed(Atom1Feed):
    """Atom with the whole article in <content type="html"> and a cross-post's source
    as <link rel="via">."""

    def item_attributes(self, item):
        # The feed's language is the reader's; each entry says its own.
        return {**super().item_attributes(item), "xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})
        if item.get("source_url"):
            handler.addQuickElement(
                "link", "", {"rel": "via", "href": item["source_url"], "title": item["source_name"]}
            )


class ArticleFeed(Feed):
    def __init__(self, index, atom: bool = False):
        super().__init__()
        self.index = index
        self.feed_type = FullContentAtomFeed if atom else FullContentRssFeed

    def get_object(self, request, tag=None, region=None):
        self.request = request
        filters = {
            "tag": get_object_or_404(Tag, slug=tag) if tag else None,
            "region": get_object_or_404(Region, slug=region) if region else None,
        }
        self.disclaimer = NetworkSettings.for_request(request).disclaimer
        return filters

    def title(self, obj):
        if obj["tag"]:
            return gettext("%(site)s: articles tagged “%(tag)s”") % {
                "site": settings.SITE_NAME,
                "tag": obj["tag"].name,
            }
        if obj["region"]:
            return gettext("%(site)s: articles from %(region)s") % {
                "site": settings.SITE_NAME,
                "region": obj["region"].name,
            }
        return gettext("%(site)s: articles") % {"site": settings.SITE_NAME}

    def link(self, obj):
        listing = ""
        if obj["tag"]:
            listing = self.index.reverse_subpage("by_tag", args=[obj["tag"].slug])
        elif obj["region"]:
            listing = self.index.reverse_subpage("by_region", args=[obj["region"].slug])
        return public_page_url(self.index) + listing

    def feed_url(self, obj):
        return public_url(self.request.path)

    def description(self, obj):
        return gettext("Writing from the network and, with a link back, from the wider movement.")

    def author_name(self, obj):
        # Atom requires an author for every entry; one with no byline is the network's.
        return settings.SITE_NAME

    def items(self, obj):
        articles = self.index.get_articles()
        if obj["tag"]:
            articles = articles.filter(tags=obj["tag"])
        if obj["region"]:
            articles = articles.filter(regions=obj["region"])
        return articles[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return public_page_url(item)

    def item_guid(self, item):
        # Wagtail's full URL while its site record was at SITE_URL, as migrate keeps it:
        # the ids feed readers already know.
        return public_page_url(item)

    def item_description(self, item):
        # The introduction is plain text and a feed's description is HTML.
        return escape(item.introduction)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        names = [author.name for author in item.authors]
        return ", ".join(names) or item.original_author or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item):
        content = render_to_string(
            "blog/feed_item.html", {"page": item, "disclaimer": self.disclaimer}
        )
        extra = {"content": public_html(content).strip(), "language": item.language}
        if item.is_cross_post:
            extra.update(source_name=item.source_name, source_url=item.source_url)
        return extra
