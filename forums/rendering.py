"""A thread's posts, a forum's thread rows and the index's forum rows as HTML, written
in Python.

These are the things the site shows dozens of per page, and rendered through the
template engine they were two thirds of a thread page's time (measured with cProfile in
``make bench``'s data set: some 1,500 template nodes and 200 number localizations for a
page of 44 posts). The markup is the same as a template's would be, escaped the same
way; the templates call :func:`posts_html` and :func:`thread_rows_html` through the
``forum_tags`` library. Everything else on the page stays in templates.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from forums.models import Post, Thread
from forums.models.structure import IndexedForum
from network import addresses
from network.templatetags.network_tags import Clock, member_name
from network.viewer import viewer


def _avatar(profile) -> str:
    if profile.avatar:
        return (
            f'<img class="avatar avatar--small" src="{escape(profile.avatar.url)}" alt="" '
            'width="32" height="32">'
        )
    return (
        f'<span class="avatar avatar--small avatar--initials avatar--hue-{profile.avatar_hue}" '
        f'aria-hidden="true">{escape(profile.initials)}</span>'
    )


def _author_label(post: Post) -> str:
    if post.author is not None:
        return escape(post.author.profile.display_name)
    return escape(settings.SITE_NAME) if post.is_by_the_site else "a former member"


def _actions(post: Post, url: str, request, user, *, is_moderator, can_reply, on_article) -> str:
    links = []
    if can_reply:
        back = "?return_to=article" if on_article else ""
        links.append(f'<a href="{url}reply/{back}">Reply</a>')
        if not post.is_hidden and not post.is_by_the_site:
            back = "&amp;return_to=article" if on_article else ""
            links.append(f'<a href="{url}reply/?quote=1{back}">Quote</a>')
    if getattr(post, "can_edit", False):
        links.append(f'<a href="{url}edit/">Edit</a>')
    if post.author_id == user.pk and not post.is_opening:
        links.append(f'<a href="{url}delete/">Delete</a>')
    if post.author_id != user.pk and not post.is_by_the_site:
        links.append(f'<a href="{url}report/">Report</a>')
    if is_moderator:
        if post.is_hidden:
            unhide = reverse("forums:unhide_post", args=[post.pk])
            links.append(
                f'<form method="post" action="{unhide}"><input type="hidden" '
                f'name="csrfmiddlewaretoken" value="{get_token(request)}"><button '
                'class="link-button" type="submit">Unhide</button></form>'
            )
        else:
            links.append(f'<a href="{reverse("forums:hide_post", args=[post.pk])}">Hide</a>')
        if post.edited_at:
            history = reverse("forums:post_history", args=[post.pk])
            links.append(f'<a href="{history}">History</a>')
    return f'<footer class="post__actions">{" ".join(links)}</footer>'


def post_html(
    post: Post,
    request,
    user,
    clock: Clock,
    *,
    is_moderator=False,
    can_reply=False,
    on_article=False,
) -> str:
    """One post: who and when, its words (or why they are gone), and what the reader
    may do with it. ``post.html`` was rendered and sanitized when it was saved."""
    url = post.get_absolute_url()
    author = post.author
    classes = f"post post--depth-{post.depth}"
    if post.is_opening:
        classes += " post--opening"
    if post.is_hidden:
        classes += " post--hidden"
    kind = "Opening post" if post.is_opening else "Reply"
    parts = [
        f'<article class="{classes}" id="post-{post.pk}" data-depth="{post.depth}" '
        f'aria-label="{kind} by {_author_label(post)}">',
        '<header class="post__header">',
    ]
    if author is not None:
        parts.append(_avatar(author.profile))
    name = escape(settings.SITE_NAME) if post.is_by_the_site else member_name(author, user)
    parts.append(f'<span class="post__author">{name}</span>')
    if author is not None:
        parts.append(f'<span class="post__handle">@{escape(author.username)}</span>')
    if post.replies_flat:
        parent = post.parent.author
        whom = f"@{escape(parent.username)}" if parent is not None else "a former member"
        parts.append(
            f'<span class="post__in-reply">in reply to <a href="#post-{post.parent_id}">'
            f"{whom}</a></span>"
        )
    parts.append(
        f'<a class="post__time" href="{url}" title="Link to this post"><time '
        f'datetime="{clock.iso(post.created_at)}">{clock.ago(post.created_at)}</time></a>'
    )
    if post.edited_at:
        parts.append(
            f'<span class="post__edited" title="Edited {clock.ago(post.edited_at)}">edited</span>'
        )
    if not post.is_opening:
        parts.append(
            '<button type="button" class="post__collapse link-button" data-collapse '
            'aria-expanded="true" hidden>Collapse</button>'
        )
    parts.append("</header>")
    reason = f": {escape(post.hidden_reason)}" if post.hidden_reason else ""
    if post.is_deleted:
        parts.append('<p class="post__body post__body--gone">[deleted]</p>')
    elif post.is_hidden and not is_moderator:
        parts.append(f'<p class="post__body post__body--gone">Hidden by moderators{reason}.</p>')
    else:
        if post.is_hidden:
            parts.append(
                f'<p class="message message--warning">Hidden from members{reason}. '
                "Only moderators see it.</p>"
            )
        parts.append(f'<div class="post__body prose">{post.html}</div>')
    if user.is_authenticated and not post.is_deleted:
        parts.append(
            _actions(
                post,
                url,
                request,
                user,
                is_moderator=is_moderator,
                can_reply=can_reply,
                on_article=on_article,
            )
        )
    parts.append("</article>")
    return "".join(parts)


def posts_html(posts: Iterable[Post], request, **options) -> SafeString:
    user, clock = viewer(request), Clock()
    return mark_safe("\n".join(post_html(post, request, user, clock, **options) for post in posts))


def thread_row_html(thread: Thread, user, clock: Clock, *, forum, unread: set[int]) -> str:
    """One thread in a forum's list, as ``user`` sees it: title, who started it and
    when, tags, replies, and the last post."""
    url = thread.get_absolute_url()
    is_unread = thread.pk in unread
    classes = "thread-row"
    if is_unread:
        classes += " thread-row--unread"
    if thread.pinned:
        classes += " thread-row--pinned"
    by_the_site = forum.holds_article_discussions
    parts = [f'<li class="{classes}">', '<div class="thread-row__main">']
    if is_unread:
        first_unread = thread.get_first_unread_url()
        parts.append(
            f'<a class="unread-dot" href="{first_unread}" title="Jump to the first unread '
            'post"><span class="visually-hidden">Unread: jump to the first unread post</span></a>'
        )
    parts.append(f'<a class="thread-row__title" href="{url}">{escape(thread.title)}</a>')
    if thread.pinned:
        parts.append('<span class="badge">Pinned</span>')
    if thread.locked:
        parts.append('<span class="badge badge--members">Locked</span>')
    starter = (
        escape(settings.SITE_NAME)
        if not thread.author_id and by_the_site
        else member_name(thread.author, user)
    )
    parts.append(
        f'<p class="meta">Started by {starter}, <time datetime="{clock.iso(thread.created_at)}">'
        f"{clock.ago(thread.created_at)}</time>"
    )
    tags = thread.tag_list
    if tags:
        links = ", ".join(
            f'<a class="tag-link" href="?tag={escape(tag.slug)}">{escape(tag.name)}</a>'
            for tag in tags
        )
        parts.append(f" · {links}")
    replies = thread.reply_count
    parts += [
        "</p></div>",
        f'<div class="thread-row__count"><span class="count">{replies:,}</span> '
        f"{'reply' if replies == 1 else 'replies'}</div>",
        '<div class="thread-row__last meta">',
    ]
    last = thread.last_post
    if last is not None:
        poster = (
            escape(settings.SITE_NAME)
            if not last.author_id and not replies and by_the_site
            else member_name(last.author, user)
        )
        parts.append(f'<a href="{last.get_absolute_url()}">Last post</a> by {poster}<br>')
    parts.append(
        f'<time datetime="{clock.iso(thread.last_post_at)}">{clock.ago(thread.last_post_at)}'
        "</time></div></li>"
    )
    return "".join(parts)


def thread_rows_html(threads: Iterable[Thread], request, *, forum, unread) -> SafeString:
    user, clock = viewer(request), Clock()
    return mark_safe(
        "\n".join(thread_row_html(t, user, clock, forum=forum, unread=unread) for t in threads)
    )


def forum_row_html(forum: IndexedForum, user, clock: Clock, *, home_region_id: int | None) -> str:
    """One forum on the index: its name and description, and for those who may read
    it, its counts and latest post."""
    home = home_region_id is not None and forum.region_id == home_region_id
    readable = forum.is_visible_to(user)
    url = forum.get_absolute_url()
    if not readable:  # a visitor: sign in first, then on to the forum
        url = f"{addresses.root('account_login')}?next={quote(url)}"
    parts = [
        f'<li class="forum-row{" forum-row--home" if home else ""}">',
        '<div class="forum-row__main">',
        f'<a class="forum-row__name" href="{url}">{escape(forum.name)}</a>',
    ]
    if home:
        parts.append('<span class="badge">Your region</span>')
    if not forum.is_public:
        parts.append('<span class="badge badge--members" title="Members only">Members only</span>')
    if forum.description:
        parts.append(f'<p class="forum-row__description">{escape(forum.description)}</p>')
    parts.append("</div>")
    if readable:
        parts.append(
            '<dl class="forum-row__stats">'
            f"<div><dt>Threads</dt><dd>{forum.thread_count:,}</dd></div>"
            f"<div><dt>Posts</dt><dd>{forum.post_count:,}</dd></div></dl>"
            '<div class="forum-row__last">'
        )
        last = forum.last_post
        if last is None:
            parts.append('<span class="meta">No posts yet</span>')
        else:
            title = escape(Truncator(last.thread_title).chars(60))
            who = escape(last.author_name) if last.author_name is not None else "a former member"
            parts.append(
                f'<a href="{last.get_absolute_url()}">{title}</a> <span class="meta">{who}, '
                f'<time datetime="{clock.iso(last.created_at)}">{clock.ago(last.created_at)}'
                "</time></span>"
            )
        parts.append("</div>")
    parts.append("</li>")
    return "".join(parts)


def forum_rows_html(forums: Iterable[IndexedForum], request, *, home_region_id) -> SafeString:
    user, clock = viewer(request), Clock()
    return mark_safe(
        "\n".join(forum_row_html(f, user, clock, home_region_id=home_region_id) for f in forums)
    )
