"""Everything that writes to the forums: starting threads, replying, editing, deleting,
reading and watching. Moderators' actions live in forums.moderation.

Each function checks who may do it and raises :class:`PostingRefused` with a message for
the person when they may not, so a view can show it beside the form with the text kept.
Writes happen in one transaction, with the thread's row locked while its counters move.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums import notifying, permissions, placing
from forums.models import (
    Forum,
    ForumRead,
    ForumWatch,
    Post,
    PostRevision,
    Report,
    Thread,
    ThreadRead,
    ThreadWatch,
)
from forums.models.polls import NewPoll
from forums.permissions import active_suspension, can_edit_post, can_view_thread, moderates
from network import agreements, markup, members, page_cache
from network import language as languages
from network.models import Agreement
from network.notifications import actions as notifications
from network.onboarding import actions as onboarding

MIN_SECONDS_BETWEEN_POSTS = 10
MAX_POST_LENGTH = 20_000
NEW_MEMBER_PERIOD = timedelta(days=1)
NEW_MEMBER_THREADS_PER_DAY = 3
NEW_MEMBER_MAX_LINKS = 2
MAX_MENTIONS = 10
NEW_MEMBER_MAX_MENTIONS = 2
EDITS_PER_MINUTE = 5


class PostingRefused(Exception):
    """Why a member may not post, edit or report this, in words for them. ``field`` names
    the form field the message belongs beside, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Checks -------------------------------------------------------------------------


def _check_not_suspended(user) -> None:
    suspension = active_suspension(user)
    if suspension:
        until = date_format(timezone.localtime(suspension.until), "DATETIME_FORMAT")
        raise PostingRefused(
            _(
                "You are suspended from posting until %(until)s. You can still read. "
                "Reason: %(reason)s"
            )
            % {"until": until, "reason": suspension.reason}
        )


def lock_member(user) -> None:
    """Hold ``user``'s row until the transaction ends. The limits on a member's writing
    count what they have already written; two of their requests at once would both count
    the same rows and both pass, so each takes its turn: the second counts after the
    first has committed."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


def _check_member_may_post(user) -> None:
    """Caller is in the posting transaction: the member's row stays locked to its end, so
    the pause between posts holds when several arrive at once."""
    if not user.is_authenticated or not user.is_active:
        raise PostingRefused(_("Sign in to post."))
    _check_not_suspended(user)
    _check_agreements(user)
    lock_member(user)
    last = (
        Post.objects.filter(author=user)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:1]
    )
    if last and (timezone.now() - last[0]).total_seconds() < MIN_SECONDS_BETWEEN_POSTS:
        raise PostingRefused(
            ngettext(
                "Please wait %(count)d second between posts, then send again: "
                "your text is kept below.",
                "Please wait %(count)d seconds between posts, then send again: "
                "your text is kept below.",
                MIN_SECONDS_BETWEEN_POSTS,
            )
            % {"count": MIN_SECONDS_BETWEEN_POSTS}
        )


def _check_agreements(user) -> None:
    """A member posts once they have accepted what the network asked them to accept
    again (``network.agreements``): reading goes on meanwhile."""
    waiting = agreements.pending(user)
    if waiting:
        names = ", ".join(str(Agreement(agreement).label) for agreement in waiting)
        raise PostingRefused(
            _(
                "Before you post again, read and accept what the network updated: "
                "%(texts)s (Your account → Agreements). Your text is kept below."
            )
            % {"texts": names}
        )


def _check_edit_pace(editor) -> None:
    """Refuse a member's edit past ``EDITS_PER_MINUTE`` edits of their own posts: each
    keeps a revision and may tell newly mentioned members. Counted in the database (each
    edit leaves a PostRevision), so it holds when the cache is away."""
    lock_member(editor)
    recent = PostRevision.objects.filter(
        editor=editor, post__author=editor, created_at__gte=timezone.now() - timedelta(minutes=1)
    ).count()
    if recent >= EDITS_PER_MINUTE:
        raise PostingRefused(
            ngettext(
                "You have edited %(count)d time in the last minute: wait a minute, then save "
                "again. Your text is kept below.",
                "You have edited %(count)d times in the last minute: wait a minute, then save "
                "again. Your text is kept below.",
                recent,
            )
            % {"count": recent}
        )


def _is_new_member(user) -> bool:
    return timezone.now() - user.date_joined < NEW_MEMBER_PERIOD


def check_length(source: str) -> None:
    """Refuse an empty or over-long post (forms ask here too, for one wording)."""
    source = source.strip()
    if not source:
        raise PostingRefused(_("Write something first."), field="source")
    if len(source) > MAX_POST_LENGTH:
        raise PostingRefused(
            _("That is %(count)s characters; the limit is %(limit)s. Split it into several posts.")
            % {
                "count": number_format(len(source), force_grouping=True),
                "limit": number_format(MAX_POST_LENGTH, force_grouping=True),
            },
            field="source",
        )


def _render_checked(user, source: str, author=None) -> markup.Rendered:
    """``source`` rendered, if ``user`` may write it in a post by ``author`` (``user``
    themselves unless a moderator edits another's post)."""
    check_length(source)
    source = source.strip()
    rendered = markup.render(source, link_mentions=True)
    if _is_new_member(user) and rendered.link_count > NEW_MEMBER_MAX_LINKS:
        raise PostingRefused(
            ngettext(
                "New members can include at most %(limit)d link in a post during "
                "their first day. Remove some links, or post them later.",
                "New members can include at most %(limit)d links in a post during "
                "their first day. Remove some links, or post them later.",
                NEW_MEMBER_MAX_LINKS,
            )
            % {"limit": NEW_MEMBER_MAX_LINKS},
            field="source",
        )
    _check_mentions(user, rendered.mentions, author or user)
    return rendered


def _check_mentions(user, mentions: list[str], author) -> None:
    """Refuse a post that would tell more members than a conversation needs: a mention
    notifies at once, so a post naming everyone is a flood one member can send every
    ten seconds. Only those it would tell count: members who exist and are active
    (``mentions``), once each, not the post's author. The whole post counts, so an edit
    cannot add its way past the limit."""
    told = {handle.lower() for handle in mentions} - {author.username.lower()}
    if _is_new_member(user):
        if len(told) > NEW_MEMBER_MAX_MENTIONS:
            raise PostingRefused(
                ngettext(
                    "On your first day a post can mention at most %(limit)d member; this one "
                    "mentions %(count)d. Remove some mentions, or post them tomorrow.",
                    "On your first day a post can mention at most %(limit)d members; this one "
                    "mentions %(count)d. Remove some mentions, or post them tomorrow.",
                    NEW_MEMBER_MAX_MENTIONS,
                )
                % {"limit": NEW_MEMBER_MAX_MENTIONS, "count": len(told)},
                field="source",
            )
    elif len(told) > MAX_MENTIONS:
        raise PostingRefused(
            ngettext(
                "A post can mention at most %(limit)d member; this one mentions %(count)d. "
                "Remove some mentions, or write to the others in another post.",
                "A post can mention at most %(limit)d members; this one mentions %(count)d. "
                "Remove some mentions, or write to the others in another post.",
                MAX_MENTIONS,
            )
            % {"limit": MAX_MENTIONS, "count": len(told)},
            field="source",
        )


def _after_post(post: Post, thread: Thread, forum: Forum) -> None:
    """The writer's watch and read state and last activity, in the post's transaction."""
    members.mark_active(post.author_id, post.created_at)
    ThreadWatch.objects.get_or_create(user=post.author, thread=thread)
    ThreadRead.objects.update_or_create(
        user=post.author, thread=thread, defaults={"last_read_at": post.created_at}
    )
    if forum.holds_article_discussions:
        # Comments show on the (page-cached) article.
        transaction.on_commit(page_cache.invalidate, robust=True)


# --- Writing ------------------------------------------------------------------------


@transaction.atomic
def start_thread(
    forum: Forum,
    author,
    title: str,
    source: str,
    tags=(),
    poll: NewPoll | None = None,
    language: str | None = None,
) -> Thread:
    """Open a thread with its first post, and its ``poll`` if it opens with one.
    ``author`` may be None only for threads the site opens itself (article
    discussions). ``language``: what it is written in (one of ``settings.LANGUAGES``),
    by default the author's."""
    title = " ".join(title.split())
    language = languages.supported(language or (languages.of_member(author) if author else None))
    if author is not None:
        if not forum.is_visible_to(author):
            raise PostingRefused(_("You cannot post in this forum."))
        if forum.who_can_start == Forum.Starters.MODERATORS and not moderates(author, forum):
            raise PostingRefused(_("Only moderators start threads in this forum."))
        _check_member_may_post(author)
        if _is_new_member(author):
            started = Thread.objects.filter(
                author=author, created_at__gte=timezone.now() - NEW_MEMBER_PERIOD
            ).count()
            if started >= NEW_MEMBER_THREADS_PER_DAY:
                raise PostingRefused(
                    ngettext(
                        "New members can start %(limit)d thread on their first day. "
                        "Reply in an existing thread, or start this one tomorrow.",
                        "New members can start %(limit)d threads on their first day. "
                        "Reply in an existing thread, or start this one tomorrow.",
                        NEW_MEMBER_THREADS_PER_DAY,
                    )
                    % {"limit": NEW_MEMBER_THREADS_PER_DAY}
                )
    if not title:
        raise PostingRefused(_("Give the thread a title."), field="title")
    rendered = _render_checked(author, source) if author else markup.render(source)
    now = timezone.now()
    thread = Thread(
        forum=forum,
        author=author,
        title=title,
        language=language,
        created_at=now,
        last_post_at=now,
        has_poll=poll is not None,
    )
    thread.save()
    if poll is not None:
        poll.open_on(thread)
    if tags:
        thread.set_tags(tags)
    post = placing.add_post(
        Post(
            thread=thread, author=author, source=source.strip(), html=rendered.html, created_at=now
        ),
        None,
    )
    if author is not None:
        _after_post(post, thread, forum)
        if forum.slug == settings.INTRODUCTIONS_FORUM_SLUG:
            onboarding.record_introduction(author)  # a step of the welcome, if under way
    notifying.post_written(post, rendered.mentions, new_thread=True)
    thread.refresh_from_db()
    return thread


def _article_is_live(thread: Thread) -> bool:
    """An article's discussion takes comments while the article is published: an editor
    who unpublishes a piece (to correct it, or because it put someone at risk) closes
    them until it is back. A thread of that forum that no article holds stays open."""
    return thread.article is None or thread.article.live


@transaction.atomic
def post_reply(thread: Thread, author, source: str, parent: Post | None = None) -> Post:
    """Reply to ``parent`` (a post of this thread; the opening post when None)."""
    thread = Thread.objects.select_for_update().select_related("forum").get(pk=thread.pk)
    forum = thread.forum
    if not forum.is_visible_to(author):
        raise PostingRefused(_("You cannot post in this forum."))
    if thread.locked and not moderates(author, forum):
        raise PostingRefused(_("This thread is locked: no new replies."))
    if forum.holds_article_discussions and not _article_is_live(thread):
        raise PostingRefused(_("The article is not published now, so its comments are closed."))
    if not can_view_thread(author, thread):
        raise PostingRefused(_("You cannot post in this thread."))
    _check_member_may_post(author)
    rendered = _render_checked(author, source)
    if parent is None:
        parent = Post.objects.get(thread=thread, seq=0)
    elif parent.thread_id != thread.pk:
        raise PostingRefused(_("That post is not in this thread."))

    post = placing.add_post(
        Post(thread=thread, author=author, source=source.strip(), html=rendered.html), parent
    )
    _after_post(post, thread, forum)
    notifying.post_written(post, rendered.mentions, new_thread=False)
    return post


@transaction.atomic
def edit_post(post: Post, editor, source: str) -> Post:
    """Change a post's words, keeping what it said before for moderators.

    A moderator editing another's post is not held to ``EDITS_PER_MINUTE``: taking a
    home address or a slur out of a dozen posts during a raid is the work, and every
    such edit keeps its revision for the other moderators to read."""
    if not can_edit_post(editor, post):
        raise PostingRefused(_("You cannot edit this post."))
    if not moderates(editor, post.thread.forum):
        _check_not_suspended(editor)
    rendered = _render_checked(editor, source, post.author)
    if source.strip() == post.source:
        return post
    if post.author_id == editor.pk:
        _check_edit_pace(editor)
    mentioned_before = markup.mentioned_handles(post.source)
    PostRevision.objects.create(post=post, source=post.source, editor=editor)
    post.source = source.strip()
    post.html = rendered.html
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "html", "edited_at"])
    if post.thread.forum.holds_article_discussions:
        transaction.on_commit(page_cache.invalidate, robust=True)
    added = [handle for handle in rendered.mentions if handle not in mentioned_before]
    notifying.post_edited(post, editor, added)
    return post


@transaction.atomic
def delete_post(post: Post, user) -> Post:
    """The author takes their post down (:func:`erase_post`). An opening post stays:
    the thread hangs from it."""
    if not user.is_authenticated or (
        post.author_id != user.pk and not moderates(user, post.thread.forum)
    ):
        raise PostingRefused(_("You cannot delete this post."))
    if post.is_opening:
        raise PostingRefused(_("An opening post cannot be deleted; ask a moderator to hide it."))
    return erase_post(post, user)


def erase_post(post: Post, by) -> Post:
    """Take ``post``'s words down for good: it reads "[deleted by author]", its replies
    stay in place. Its history goes too, unless someone has reported it and the report
    is open (moderators keep the evidence, as a revision by ``by``). The one way a post
    is deleted: by its author from the thread (:func:`delete_post`), or with their
    account (forums.leaving). Caller checks who may, and is in a transaction."""
    if Report.objects.filter(post=post, resolved_at__isnull=True).exists():
        PostRevision.objects.create(post=post, source=post.source, editor=by)
    else:
        post.revisions.all().delete()
    post.is_deleted = True
    post.source = ""
    post.html = ""
    post.save(update_fields=["is_deleted", "source", "html"])
    if post.thread.forum.holds_article_discussions:
        transaction.on_commit(page_cache.invalidate, robust=True)
    return post


# --- Reading and watching -------------------------------------------------------------


def mark_thread_read(
    user, thread: Thread, up_to: datetime | None = None, known: datetime | None = None
) -> None:
    """``user`` has read ``thread`` up to ``up_to`` (its last post when None): a page
    marks read what it showed, so the pages of a long thread not yet opened stay unread.
    Reading state only moves forward. One statement (an upsert keeping the later time),
    since every page a member reads runs it; none when ``known`` (what the page found
    they had read, or marked read) already covers it."""
    if not user.is_authenticated:
        return
    up_to = up_to or thread.last_post_at
    if known is None or known < up_to:
        table = connection.ops.quote_name(ThreadRead._meta.db_table)
        later = "GREATEST" if connection.vendor == "postgresql" else "MAX"
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (user_id, thread_id, last_read_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_at = "
                f"{later}({table}.last_read_at, excluded.last_read_at)",
                [user.pk, thread.pk, connection.ops.adapt_datetimefield_value(up_to)],
            )
        permissions.standing_changed(user.pk)
    # What the member has now read of the thread is no longer news in their inbox (no
    # query at all for a member with nothing unread).
    notifications.mark_conversation_read(user, notifying.conversation(thread.pk), up_to)


def mark_forum_read(user, forum: Forum) -> None:
    ForumRead.objects.update_or_create(
        user=user, forum=forum, defaults={"marked_at": timezone.now()}
    )


def set_thread_watch(user, thread: Thread, watching: bool) -> None:
    if watching:
        ThreadWatch.objects.get_or_create(user=user, thread=thread)
    else:
        ThreadWatch.objects.filter(user=user, thread=thread).delete()
        permissions.standing_changed(user.pk)


def set_forum_watch(user, forum: Forum, watching: bool) -> None:
    if watching:
        ForumWatch.objects.get_or_create(user=user, forum=forum)
    else:
        ForumWatch.objects.filter(user=user, forum=forum).delete()
        permissions.standing_changed(user.pk)
