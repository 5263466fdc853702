"""An article's comments: the thread each published article opens in the "Article
discussions" forum, and the page of that thread the article shows under it.

Comments are forum posts, written by the forum's own reply view and actions, so
markdown, moderation, watching and notifications are the forum's, and the thread can be
read in the forum too. The article shows the replies only: the thread's opening post,
written by the site, just points back to the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from forums import actions, reading
from forums.forms import PostForm
from forums.models import Forum, Post, Thread
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from forums.permissions import can_view_thread
from network import markup
from network.addresses import public_page_url

THREAD_TITLE_LENGTH = Thread._meta.get_field("title").max_length
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~&])")
# What makes a list or a heading only at the start of a line: "1. ", "2) ", "- ", "+ ", "=".
LINE_START_MARKUP = re.compile(r"^(\s*\d*)([.)\-+=])", re.MULTILINE)


def markdown_text(text: str) -> str:
    """``text`` as markdown that renders as exactly that text."""
    text = MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return LINE_START_MARKUP.sub(r"\1\\\2", text)


def opening_post_source(article) -> str:
    """The opening post, in the site's language whoever publishes: it is stored, and
    rewritten whenever these words differ, so an editor reading the admin in another
    language would otherwise rewrite it at each publish."""
    with translation.override(settings.LANGUAGE_CODE):
        # Translators: markdown; keep the link's brackets and parentheses as they are.
        pointer = gettext("Comments on the article [%(title)s](%(url)s).") % {
            "title": markdown_text(article.title),
            "url": public_page_url(article),
        }
    return f"{pointer}\n\n{markdown_text(article.introduction)}"


def needs_discussion(article) -> bool:
    """Live, public articles get a discussion. A private article's would sit in a public
    forum, so it has none (until it is published again as a public one); an alias
    shows the same article as its original."""
    return article.live and not article.alias_of_id and not article.get_view_restrictions().exists()


@transaction.atomic
def open_discussion(article, *, opened_at=None) -> Thread | None:
    """Open the article's discussion thread the first time it is published; after that,
    keep the thread's title and opening post in step with the article.

    Holds the article's row lock while it looks, so two publishes at once open one
    thread. The opening post is the site's words, not a member's: it is rewritten in
    place, without an edit history."""
    if not needs_discussion(article):
        return None
    model = type(article)
    thread_id = (
        model.objects.select_for_update()
        .filter(pk=article.pk)
        .values_list("discussion_id", flat=True)
        .get()
    )
    title = article.title[:THREAD_TITLE_LENGTH]
    source = opening_post_source(article)
    if thread_id is None:
        forum = Forum.objects.get(slug=ARTICLE_DISCUSSIONS_SLUG)
        thread = actions.start_thread(forum, None, title, source, language=article.language)
        if opened_at is not None:
            Thread.objects.filter(pk=thread.pk).update(created_at=opened_at, last_post_at=opened_at)
            Post.objects.filter(thread=thread).update(created_at=opened_at)
        model.objects.filter(pk=article.pk).update(discussion=thread)
        article.discussion = thread
        return thread

    thread = Thread.objects.get(pk=thread_id)
    article.discussion = thread
    if (thread.title, thread.language) != (title, article.language):
        thread.title, thread.language = title, article.language
        thread.save(update_fields=["title", "slug", "language"])
    opening = Post.objects.get(thread=thread, seq=0)
    if opening.source != source:
        opening.source = source
        opening.html = markup.render(source).html
        opening.save(update_fields=["source", "html"])
    return thread


@dataclass
class ArticleComments:
    """What the article's comment section shows to one reader: the discussion's page
    (``forums.reading.ThreadPage``, without the opening post), or that they must sign in
    to read it (``readable`` False)."""

    thread: Thread
    readable: bool
    page: reading.ThreadPage | None = None
    form: PostForm | None = None


def article_comments(article, request) -> ArticleComments | None:
    """One page of the article's comments, paginated as the forum paginates the thread
    (by top-level comment), in a fixed number of queries however many there are. None
    before the article has a discussion, and for a reader its privacy keeps from it. A
    reader who may not read the forum (when it is made members-only) is told to sign in,
    and sees nothing of it."""
    if article.discussion_id is None:
        return None
    thread = Thread.objects.select_related("forum").get(pk=article.discussion_id)
    user = request.user
    if not thread.forum.is_visible_to(user):
        return ArticleComments(thread=thread, readable=False)
    if not can_view_thread(user, thread):
        # The article's own privacy (blog.privacy): a password, known only to this
        # browser, or a preview of an unpublished article. The comments stay unshown.
        return None
    comments = ArticleComments(
        thread=thread,
        readable=True,
        page=reading.thread_page(thread, user, request.GET, replies_only=True),
    )
    if user.is_authenticated:
        comments.form = PostForm()
        comments.form.fields["source"].label = gettext("Your comment")
    return comments
