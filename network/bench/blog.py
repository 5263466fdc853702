"""Articles for ``make bench``: published through Wagtail's revisions as an editor
publishes them (so each opens its discussion), with a lead image and readers' comments
under the newest, which is the article page that is loaded; the home page; and the
searches of issue #10, over the articles and the forums' posts."""

from __future__ import annotations

from datetime import timedelta
from string import ascii_lowercase

from django.utils import timezone
from wagtail.rich_text import RichText

from blog.models import ArticlePage, BlogIndexPage
from blog.snippets import Author
from forums.models import Post, Thread
from network import bench
from network.bench.forums import add_replies
from network.demo.blog import PALETTE, lead_image

PARAGRAPH = (
    "Organizing is the slow work of turning neighbours into a <b>tenants' association</b>: "
    "door-knocking every week, a list that outlives the first fight, and meetings where "
    "people decide. <a href='https://example.org'>The report</a> has the numbers."
)


def article_body() -> list:
    return [
        ("paragraph", RichText(f"<p>{PARAGRAPH}</p>")),
        ("heading", "What we learned"),
        *[("paragraph", RichText(f"<p>{PARAGRAPH}</p>")) for _ in range(5)],
        ("quote", {"text": "Monthly never built trust. Weekly did.", "attribution": "A captain"}),
        ("paragraph", RichText(f"<p>{PARAGRAPH}</p>")),
    ]


def build_articles(data: bench.DataSet, say: bench.Say) -> None:
    index = BlogIndexPage.objects.get()
    authors = [
        Author.objects.create(name="Bench Writer", slug="bench-writer", member=data.members[0]),
        Author.objects.create(name="Guest Writer", slug="guest-writer"),
    ]
    image = lead_image("Bench lead image", PALETTE[0])
    article = None
    for n in range(data.size.articles):
        article = ArticlePage(
            title=f"What we learned, part {n + 1}",
            slug=f"what-we-learned-{n + 1}",
            introduction="Two years of weekly door-knocking, and what it built.",
            body=article_body(),
            lead_image=image,
            lead_image_alt="A white star on a field of colour.",
            live=False,
        )
        index.add_child(instance=article)
        for position, author in enumerate(authors[: 1 + n % 2]):
            article.article_authors.create(author=author, sort_order=position)
        article.tags.add("tenants", "organizing")
        article.save_revision().publish()
    if article is None:
        return
    article.refresh_from_db()
    # The conversation under the newest article began when it was published, two days ago.
    since = timezone.now() - timedelta(days=2)
    Thread.objects.filter(pk=article.discussion_id).update(created_at=since, last_post_at=since)
    Post.objects.filter(thread_id=article.discussion_id).update(created_at=since)
    add_replies(article.discussion, data.size.comments, data.members, data.rng, since)
    data.pages += [
        bench.Page("article page", article.url, None),
        bench.Page("home page", "/", None),
    ]


def name_searches(data: bench.DataSet, say: bench.Say) -> None:
    """Issue #10's searches. "the" is in most of the bench's posts; the ten words are one
    reply's, found together in a fifth of the posts, so that every word is tested on
    each of those; the 100-word query is issue #10's, one word a hundred times (all the
    search box holds); then a hundred one-letter words through the alphabet, 26
    different, which no short post of the bench holds all of, so every post is read."""
    data.searches += [
        bench.Search("a common word", "the"),
        bench.Search("ten words", "we tried the same thing last spring and it held"),
        bench.Search("a 100-word query", " ".join(["a"] * 100)),
        bench.Search("100 letters, a to z", " ".join(ascii_lowercase[n % 26] for n in range(100))),
        bench.Search("an absent word", "zeppelin"),
    ]
