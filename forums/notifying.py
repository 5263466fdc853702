"""What the forums tell members: replies, mentions, new posts in watched threads, new
threads in watched forums, and reports to the moderators of the forum.

:mod:`forums.actions` and :mod:`forums.moderation` call it inside their transaction
(:func:`post_written`, :func:`post_edited`, :func:`report_written`): it writes the event
and the rows of the few members a post names directly, and the worker, once the
transaction commits, asks :class:`PostSource` for the watchers, so a post watched by ten
thousand costs the request what a post watched by one does.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy, ngettext

from forums import access
from forums.models import (
    Bookmark,
    Forum,
    ForumWatch,
    Post,
    ReactionNews,
    Report,
    Thread,
    ThreadRead,
    ThreadWatch,
)
from forums.permissions import is_site_moderator, moderates_any, site_moderators_q
from forums.search import post_text
from network.notifications import actions as notifications
from network.notifications import kinds, sources
from network.notifications.kinds import Kind
from network.notifications.sources import Subject

EXCERPT_CHARS = 300
ACTIVE_WINDOW = timedelta(minutes=10)


def conversation(thread_id: int) -> str:
    return f"forums.thread.{thread_id}"


def may_be_told(user_ids) -> set[int]:
    """Of ``user_ids``, the active members not suspended now."""
    return set(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(suspensions__until__gt=timezone.now())
        .values_list("pk", flat=True)
    )


def post_written(post: Post, mentions: list[str], *, new_thread: bool) -> None:
    """``post`` was written (opening a thread when ``new_thread``), mentioning the
    members ``mentions`` names: tell those and the author of the post it answers."""
    if post.author_id is None:
        return  # the site's own opening post of an article's discussion
    direct: dict[int, str] = {}
    if mentions:
        mentioned = get_user_model().objects.filter(username__in=mentions)
        direct.update(dict.fromkeys(mentioned.values_list("pk", flat=True), Kind.MENTION))
    if not new_thread and post.parent_id is not None and post.parent.author_id is not None:
        direct.setdefault(post.parent.author_id, Kind.REPLY)  # the parent came with the post
    direct.pop(post.author_id, None)
    if direct:
        allowed = may_be_told(direct) & access.readers(post.thread, direct)
        direct = {user_id: kind for user_id, kind in direct.items() if user_id in allowed}
    notifications.record(
        PostSource.name,
        post.pk,
        actor=post.author,
        conversation=conversation(post.thread_id),
        at=post.created_at,
        direct=direct,
    )


def post_edited(post: Post, editor, mentions: list[str]) -> None:
    """``editor`` changed ``post``'s words, which now mention ``mentions`` too. An edit
    that mentions someone the post did not mention before tells them, once: not again
    for a mention that was there, nor when they heard of the post already. The post's
    author is who mentions them; a moderator's edit tells neither of the two."""
    if not mentions or post.author_id is None or post.is_hidden or post.is_deleted:
        return
    mentioned = set(
        get_user_model().objects.filter(username__in=mentions).values_list("pk", flat=True)
    )
    mentioned -= {post.author_id, editor.pk}
    if not mentioned:
        return
    told = may_be_told(mentioned) & access.readers(post.thread, mentioned)
    notifications.name_more(
        PostSource.name,
        post.pk,
        dict.fromkeys(told, Kind.MENTION),
        actor=post.author,
        conversation=conversation(post.thread_id),
        at=post.created_at,
    )


def report_written(report: Report) -> None:
    """A member reported a post: its forum's moderators and the site's hear of it."""
    notifications.record(ReportSource.name, report.pk, actor=report.reporter, at=report.created_at)


def _eligible(users):
    return users.filter(is_active=True).exclude(suspensions__until__gt=timezone.now())


def _excerpt(post: Post) -> str:
    """Plain text, as the email's templates expect: tags gone and entities decoded (the
    HTML part escapes it once more)."""
    return Truncator(" ".join(post_text(post).split())).chars(EXCERPT_CHARS)


def _name(user) -> str:
    # Lazy, as the words of every Subject: put in the language of whoever reads them (an
    # email is in its recipient's, network.notifications.delivery).
    if user is None:
        return gettext_lazy("Someone")
    if user.is_former_member:
        return gettext_lazy("A former member")
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.username


class PostSource(sources.Source):
    """A post: a new thread (its opening post) or a reply."""

    name = "forums.post"

    def audience(self, event):
        post = Post.objects.select_related("thread__forum").filter(pk=event.object_id).first()
        if post is None or post.is_hidden or post.is_deleted:
            return
        User = get_user_model()
        if post.is_opening:
            watchers, kind = (
                ForumWatch.objects.filter(forum_id=post.thread.forum_id),
                Kind.WATCHED_FORUM,
            )
        else:
            watchers, kind = (
                ThreadWatch.objects.filter(thread_id=post.thread_id),
                Kind.WATCHED_THREAD,
            )
        users = _eligible(User.objects.filter(pk__in=watchers.values("user_id")))
        user_ids = users.exclude(pk=event.actor_id).values_list("pk", flat=True)
        if access.concerns(post.thread.forum):
            # Watchers who may not read it now (its article made private) hear nothing.
            user_ids = sorted(access.readers(post.thread, user_ids))
        else:
            user_ids = user_ids.iterator(chunk_size=2000)
        for user_id in user_ids:
            yield user_id, kind

    def subjects(self, object_ids, viewer=None):
        # A member reads every forum, public or members-only: what the inbox's reader may
        # no longer see is a post hidden or deleted since, or in a thread they may not
        # read now (an article's discussion, once the article is private).
        posts = list(
            Post.objects.filter(pk__in=list(object_ids)).select_related(
                "thread__forum", "author__profile"
            )
        )
        thread_ids = {post.thread_id for post in posts}
        private = access.private_threads({post.thread for post in posts})
        readable = thread_ids
        if viewer is not None and private:
            readable = set(
                Thread.objects.visible_to(viewer)
                .filter(pk__in=thread_ids)
                .values_list("pk", flat=True)
            )
        return {
            post.pk: Subject(
                title=post.thread.title,
                url=post.get_absolute_url(),
                place=post.thread.forum.name,
                actor_name=_name(post.author),
                created_at=post.created_at,
                excerpt=_excerpt(post),
                members_only=not post.thread.forum.is_public or post.thread_id in private,
                available=not (post.is_hidden or post.is_deleted) and post.thread_id in readable,
                thread_id=post.thread_id,
                changed_at=post.edited_at,
            )
            for post in posts
        }

    def unreadable(self, pairs, subjects):
        """Who may not read the post's thread now: its article made private since."""
        by_thread: dict[int, set[int]] = {}
        for user_id, post_id in pairs:
            subject = subjects.get(post_id)
            if subject is not None and subject.members_only:
                by_thread.setdefault(subject.thread_id, set()).add(user_id)
        if not by_thread:
            return set()
        threads = Thread.objects.select_related("forum").in_bulk(list(by_thread))
        may_read = {
            thread_id: access.readers(threads[thread_id], user_ids)
            for thread_id, user_ids in by_thread.items()
            if thread_id in threads
        }
        return {
            (user_id, post_id)
            for user_id, post_id in pairs
            if (subject := subjects.get(post_id)) is not None
            and subject.thread_id in may_read
            and user_id not in may_read[subject.thread_id]
        }

    def quiet(self, pairs, subjects):
        """Who has read the post already (as it is now: not before an edit), or read or
        wrote in its thread in the last ten minutes (posting marks the thread read), or is
        suspended."""
        users = {user_id for user_id, _ in pairs}
        threads = {s.thread_id for s in subjects.values()}
        read = {
            (user_id, thread_id): last
            for user_id, thread_id, last in ThreadRead.objects.filter(
                user_id__in=users, thread_id__in=threads
            ).values_list("user_id", "thread_id", "last_read_at")
        }
        allowed = may_be_told(users)
        recently = timezone.now() - ACTIVE_WINDOW
        quiet = set()
        for user_id, post_id in pairs:
            subject = subjects.get(post_id)
            if subject is None:
                continue
            last = read.get((user_id, subject.thread_id))
            written = max(subject.created_at, subject.changed_at or subject.created_at)
            if user_id not in allowed or (
                last is not None and (last >= written or last >= recently)
            ):
                quiet.add((user_id, post_id))
        return quiet


class ReportSource(sources.Source):
    """A member's report of a post, for the moderators of its forum and the site's."""

    name = "forums.report"

    def audience(self, event):
        report = Report.objects.select_related("post__thread").filter(pk=event.object_id).first()
        if report is None:
            return
        forum_id = report.post.thread.forum_id
        forums_own = Forum.moderators.through.objects.filter(forum_id=forum_id)
        moderators = _eligible(
            get_user_model().objects.filter(
                site_moderators_q() | Q(pk__in=forums_own.values("user_id"))
            )
        )
        for user_id in (
            moderators.exclude(pk=event.actor_id).values_list("pk", flat=True).distinct()
        ):
            yield user_id, Kind.REPORT

    def subjects(self, object_ids, viewer=None):
        reports = list(
            Report.objects.filter(pk__in=list(object_ids)).select_related("post__thread__forum")
        )
        moderated = _moderated_forums(viewer, {report.post.thread.forum_id for report in reports})
        return {
            report.pk: Subject(
                title=dict(Report.Reason.choices).get(report.reason, report.reason),
                url=reverse("forums:moderation_queue"),
                place=report.post.thread.forum.name,
                actor_name=gettext_lazy("A member"),
                created_at=report.created_at,
                # What was reported may be harassment or someone's private details: it
                # stays on the site, behind the moderators' queue.
                members_only=True,
                available=report.resolved_at is None and report.post.thread.forum_id in moderated,
                thread_id=report.post.thread_id,
            )
            for report in reports
        }


def _moderated_forums(viewer, forum_ids: set[int]) -> set[int]:
    """Of ``forum_ids``, those ``viewer`` moderates now (all of them without a viewer):
    a moderator who stepped down no longer sees the reports of their old forum."""
    if viewer is None or viewer.is_superuser or is_site_moderator(viewer):
        return forum_ids
    return set(
        Forum.moderators.through.objects.filter(
            user_id=viewer.pk, forum_id__in=forum_ids
        ).values_list("forum_id", flat=True)
    )


kinds.offer_only_to(Kind.REPORT, moderates_any)


class BookmarkSource(sources.Source):
    """A reminder of a post a member bookmarked (forums.reminding): theirs alone."""

    name = "forums.bookmark"

    def subjects(self, object_ids, viewer=None):
        bookmarks = Bookmark.objects.filter(pk__in=list(object_ids)).select_related(
            "post__thread__forum"
        )
        return {
            bookmark.pk: Subject(
                title=bookmark.post.thread.title,
                url=bookmark.post.get_absolute_url(),
                place=bookmark.post.thread.forum.name,
                actor_name="",
                created_at=bookmark.remind_at or bookmark.created_at,
                # Their own note: what they wanted to remember.
                excerpt=bookmark.note,
                members_only=not bookmark.post.thread.forum.is_public,
                available=not bookmark.post.is_deleted
                and (viewer is None or viewer.pk == bookmark.user_id),
                thread_id=bookmark.post.thread_id,
            )
            for bookmark in bookmarks
        }


def _reacted_headline(people: int) -> str:
    return ngettext(
        # Translators: a notification; {title} is the thread's title in quotes (keep it
        # in braces as it is).
        "%(count)d person reacted to your post in {title}",
        "%(count)d people reacted to your post in {title}",
        people,
    ) % {"count": people}


# In the language of whoever reads it, the inbox's reader or an email's recipient.
_reacted_headline_lazy = lazy(_reacted_headline, str)


class ReactionSource(sources.Source):
    """A day's reactions to a member's post, grouped (forums.reacting): theirs alone."""

    name = "forums.reaction"

    def subjects(self, object_ids, viewer=None):
        told = ReactionNews.objects.filter(pk__in=list(object_ids)).select_related(
            "post__thread__forum"
        )
        return {
            news.pk: Subject(
                title=news.post.thread.title,
                url=news.post.get_absolute_url(),
                place=news.post.thread.forum.name,
                actor_name="",
                created_at=news.told_at,
                headline=_reacted_headline_lazy(news.people),
                members_only=not news.post.thread.forum.is_public,
                available=not news.post.is_deleted
                and (viewer is None or viewer.pk == news.post.author_id),
                thread_id=news.post.thread_id,
            )
            for news in told
        }


sources.register(PostSource())
sources.register(ReportSource())
sources.register(BookmarkSource())
sources.register(ReactionSource())
