"""Polling a partner feed: fetch it (``blog.partner_feed_fetching``), parse the bytes
with feedparser (which never fetches anything itself here), and make a draft cross-post
of each item not seen before. Never publishes: an editor reviews every draft, and
publishing it goes through the cross-post rules (``blog.models.ArticlePageForm``).

The feed's status fields are written with ``update()``, never ``save()``: an editor
may be changing the feed's name or pausing it meanwhile.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass, field
from html import unescape

import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.rich_text import RichText

from blog.models import ArticlePage, BlogIndexPage
from blog.partner_feed_fetching import FetchError, fetch_feed
from blog.partner_feeds import PartnerFeed, PartnerFeedItem
from network.markup import sanitize_html, sanitize_outside_html

logger = logging.getLogger(__name__)

# One poll drafts at most this many items, the newest: a feed first registered with a
# long backlog gives editors a day's reading, not a month's. The older items of that
# poll are remembered as seen, without a draft.
MAX_DRAFTS_PER_POLL = 20
EXCERPT_WORDS = 150
INTRODUCTION_LENGTH = ArticlePage._meta.get_field("introduction").max_length
_source_url = URLValidator(schemes=["http", "https"])
_email = re.compile(r"\S+@\S+")
# The block elements the sanitizer lets through: words on either side are apart.
_block_tag = re.compile(r"</?(?:p|br|hr|li|ol|ul|h[1-6]|blockquote|pre|table|tr|td|th)\b[^>]*>")


@dataclass(frozen=True)
class FeedItem:
    """What a draft is made of, read from one entry of a feed."""

    key: str
    link: str
    title: str
    author: str
    date: datetime.date | None
    # The item's HTML as the partner sent it: cleaned (``excerpt``) only when drafted.
    html: str
    published: tuple

    @property
    def excerpt(self) -> str:
        return sanitize_outside_html(self.html, max_words=EXCERPT_WORDS)


@dataclass
class Drafted:
    created: int = 0
    refused: list[tuple[FeedItem, ValidationError]] = field(default_factory=list)


@dataclass(frozen=True)
class PollResult:
    new_drafts: int = 0
    not_modified: bool = False
    error: str = ""


def poll(feed: PartnerFeed) -> PollResult:
    """Fetch ``feed`` and draft its new items, recording how it went on the feed."""
    now = timezone.now()
    index = BlogIndexPage.objects.first()
    try:
        if index is None:
            raise FetchError(_("There is no articles index to put drafts under."))
        fetched = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.body is None:
            record_success(feed, now)
            return PollResult(not_modified=True)
        items = read_items(fetched.body, fetched.url, fetched.content_type)
    except FetchError as error:
        message = str(error)
        record_error(feed, now, message)
        return PollResult(error=message)
    drafted = draft_new_items(feed, index, items)
    if drafted.refused:
        item, error = drafted.refused[0]
        message = ngettext(
            "An item could not be drafted, %(item)s: %(reason)s",
            "%(count)s items could not be drafted, among them %(item)s: %(reason)s",
            len(drafted.refused),
        ) % {
            "count": len(drafted.refused),
            "item": item.link or item.title,
            "reason": "; ".join(error.messages),
        }
        record_error(feed, now, message)
        return PollResult(new_drafts=drafted.created, error=message)
    record_success(feed, now, validators=(fetched.etag, fetched.last_modified))
    return PollResult(new_drafts=drafted.created)


def read_items(body: bytes, url: str, content_type: str) -> list[FeedItem]:
    """The entries of an RSS or Atom document, newest first. Raises ``FetchError`` for
    what is not a feed. A feed with XML errors whose entries could still be read (as
    feed readers read it) is taken."""
    parsed = feedparser.parse(
        body, response_headers={"content-location": url, "content-type": content_type}
    )
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception") or _("no RSS or Atom feed found")
        raise FetchError(_("The feed could not be read: %(reason)s") % {"reason": reason})
    items = [item for entry in parsed.entries if (item := feed_item(entry))]
    items.sort(key=lambda item: item.published, reverse=True)
    return items


def feed_item(entry) -> FeedItem | None:
    """One entry as a ``FeedItem``; None for one with neither a GUID nor a link, which
    could not be told apart from itself next time."""
    guid = (entry.get("id") or "").strip()
    link = (entry.get("link") or "").strip()
    if not guid and not link:
        return None
    key = hashlib.sha256((f"guid:{guid}" if guid else f"url:{link}").encode()).hexdigest()
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    content = entry.get("content") or []
    html = entry.get("summary") or (content[0].get("value", "") if content else "")
    return FeedItem(
        key=key,
        link=link if is_web_address(link) else "",
        title=plain_text(entry.get("title") or "")[:255] or _("Untitled"),
        author=author_of(entry)[:200],
        date=datetime.date(*moment[:3]) if moment else None,
        html=html,
        published=tuple(moment) if moment else (),
    )


def is_web_address(link: str) -> bool:
    if len(link) > ArticlePage._meta.get_field("source_url").max_length:
        return False
    try:
        _source_url(link)
    except ValidationError:
        return False
    return True


def plain_text(html: str) -> str:
    """Text from what may be HTML, and hostile: cleaned first (a script's text goes with
    it), tags dropped, entities read, spaces collapsed. Feeds mark titles as text or HTML
    unreliably, so every title and name is read this way. Printed escaped, as all text is."""
    spaced = _block_tag.sub(" ", sanitize_html(html))
    return " ".join(unescape(strip_tags(spaced)).split())


def author_of(entry) -> str:
    """The author's name, without the email address RSS puts there ("ann@x.org (Ann)"):
    the site does not publish addresses."""
    name = entry.get("author") or (entry.get("author_detail") or {}).get("name") or ""
    return plain_text(_email.sub("", name)).strip("() ")


def draft_new_items(feed: PartnerFeed, index: BlogIndexPage, items: list[FeedItem]) -> Drafted:
    """Draft the items not seen before, each with its seen row in one transaction. An
    item the article refuses (``ValidationError``) is remembered as seen without a
    draft and reported: retried every hour it would pause the whole feed."""
    seen = set(
        PartnerFeedItem.objects.filter(feed=feed, key__in=[item.key for item in items]).values_list(
            "key", flat=True
        )
    )
    new = [item for item in items if item.key not in seen]
    drafted, skipped = new[:MAX_DRAFTS_PER_POLL], new[MAX_DRAFTS_PER_POLL:]
    PartnerFeedItem.objects.bulk_create(
        [PartnerFeedItem(feed=feed, key=item.key, link=item.link) for item in skipped],
        ignore_conflicts=True,
    )
    tags = list(feed.default_tags.all())
    regions = list(feed.default_regions.all())
    outcome = Drafted()
    for item in reversed(drafted):  # oldest first: the newest ends up on top of lists
        try:
            with transaction.atomic():
                record, is_new = PartnerFeedItem.objects.get_or_create(
                    feed=feed, key=item.key, defaults={"link": item.link}
                )
                if not is_new:  # another poll of the same feed got there first
                    continue
                record.draft = make_draft(feed, index, item, tags, regions)
                record.save(update_fields=["draft"])
        except ValidationError as error:
            PartnerFeedItem.objects.get_or_create(
                feed=feed, key=item.key, defaults={"link": item.link}
            )
            outcome.refused.append((item, error))
            continue
        outcome.created += 1
    return outcome


def make_draft(feed, index, item: FeedItem, tags, regions) -> ArticlePage:
    """A draft cross-post of ``item`` under ``index``, never live."""
    excerpt = item.excerpt
    introduction = Truncator(plain_text(excerpt)).chars(INTRODUCTION_LENGTH)
    page = ArticlePage(
        title=item.title,
        slug=free_slug(index, slugify(item.title)[:70] or "partner-item"),
        introduction=introduction or item.title[:INTRODUCTION_LENGTH],
        body=[("paragraph", RichText(excerpt))] if excerpt else [],
        source_name=feed.name,
        source_url=item.link,
        original_author=item.author,
        original_date=item.date,
        live=False,
    )
    page.tags.add(*tags)
    page.regions.set(regions)
    index.add_child(instance=page)
    page.save_revision()
    return page


def free_slug(index: BlogIndexPage, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first not taken under the index."""
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def record_success(feed: PartnerFeed, now, *, validators: tuple[str, str] | None = None) -> None:
    """A poll that worked. ``validators``, the ETag and Last-Modified of a feed that was
    read (not of a 304), replace the ones kept."""
    fields = {"last_polled_at": now, "last_success_at": now, "error_count": 0, "last_error": ""}
    if validators is not None:
        fields.update(etag=validators[0], last_modified=validators[1])
    PartnerFeed.objects.filter(pk=feed.pk).update(**fields)


def record_error(feed: PartnerFeed, now, message: str) -> None:
    """Count the failure; pause the feed once it has failed too many times in a row."""
    PartnerFeed.objects.filter(pk=feed.pk).update(
        last_polled_at=now, error_count=F("error_count") + 1, last_error=message
    )
    limit = settings.PARTNER_FEEDS_MAX_ERRORS
    paused = PartnerFeed.objects.filter(pk=feed.pk, active=True, error_count__gte=limit).update(
        active=False,
        last_error=_("Paused after %(count)s failed polls in a row. Last error: %(error)s")
        % {"count": limit, "error": message},
    )
    if paused:
        logger.warning("Partner feed %s paused after %s errors: %s", feed.pk, limit, message)
