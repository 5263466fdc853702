"""Forum threads and posts for the site search (blog.search shows them beside articles).

A post matches when every word of the query starts a word of its text, or, for an
opening post, of its thread's title. Readers find only what they could open: public
forums for visitors, every forum for members, an article's discussion for those who
may read the article now; hidden and deleted posts never. The opening posts of article
discussions are left out: the site wrote them to point to the article, which the search
finds as an article.

Matching is a regular expression over the posts' text, the same on SQLite and
PostgreSQL: it reads every visible post, which is fine for a network's forums and the
first thing to replace (with a full-text index) if they grow large.
"""

from __future__ import annotations

from html import unescape

from django.db.models import Q
from django.utils.html import strip_tags

from forums.models import Post
from forums.models.discussion import PostQuerySet
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG


def starts_a_word(word: str) -> str:
    """A pattern for ``word`` at the start of a word. Only for words of letters, digits
    and underscores (what the site search passes), which need no escaping; ``\\W`` means
    the same to PostgreSQL and to Python's ``re`` (SQLite's REGEXP)."""
    return rf"(^|\W){word}"


def matching_posts(words: list[str], user) -> PostQuerySet:
    """Posts ``user`` may read that match every word, newest first, with what a result
    shows (thread, forum, author) loaded in the same query."""
    if not words:
        return Post.objects.none()
    posts = (
        Post.objects.visible_to(user)
        .filter(is_hidden=False, is_deleted=False)
        .exclude(seq=0, thread__forum__slug=ARTICLE_DISCUSSIONS_SLUG)
    )
    for word in words:
        pattern = starts_a_word(word)
        posts = posts.filter(Q(source__iregex=pattern) | Q(seq=0, thread__title__iregex=pattern))
    return posts.select_related("thread__forum", "author__profile").order_by("-created_at", "-pk")


def post_text(post: Post) -> str:
    """The post's words as readers see them, without markup."""
    return unescape(strip_tags(post.html))


def post_url(post: Post) -> str:
    """The post in its thread, on the page that holds it (the permalink without its
    redirect)."""
    url = post.thread.get_absolute_url()
    if post.page_number > 1:
        url += f"?page={post.page_number}"
    return f"{url}#post-{post.pk}"
