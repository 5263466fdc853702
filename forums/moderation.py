"""What moderators do: hide and unhide posts, lock, pin, move and retitle threads,
suspend members, resolve reports. Every action is written to the moderation log with
who, what, when and why, in the same transaction as the action itself."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from forums import kept, notifying, permissions
from forums.actions import PostingRefused, lock_member
from forums.models import Forum, ModerationAction, Post, Report, Suspension, Thread
from forums.permissions import is_site_moderator, moderates
from network import page_cache
from network.recruiting import actions as recruiting

Kind = ModerationAction.Kind
REPORTS_PER_HOUR = 10
ARTICLE_DISCUSSIONS_STAY = _("Article discussions stay with their articles: they cannot be moved.")


def open_reports(moderator):
    """The open reports on posts in the forums ``moderator`` moderates, oldest first."""
    reports = Report.objects.filter(resolved_at__isnull=True)
    if not is_site_moderator(moderator):
        reports = reports.filter(post__thread__forum__moderators=moderator)
    return reports.order_by("created_at")


def _require(moderator, forum: Forum) -> None:
    if not moderates(moderator, forum):
        raise PermissionDenied(gettext("Only this forum's moderators can do that."))


def _log(moderator, kind, reason: str = "", **targets) -> ModerationAction:
    if targets.get("thread") and not targets.get("forum"):
        targets["forum"] = targets["thread"].forum
    if targets.get("post") and not targets.get("thread"):
        targets["thread"] = targets["post"].thread
        targets.setdefault("forum", targets["thread"].forum)
    return ModerationAction.objects.create(moderator=moderator, kind=kind, reason=reason, **targets)


def _lock(rows) -> list[int]:
    """Lock ``rows`` until the transaction ends and return the primary keys of those that
    exist. In primary key order, so two transactions locking the same rows cannot
    deadlock."""
    return list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))


def _invalidate_if_article(forum: Forum) -> None:
    if forum.holds_article_discussions:
        transaction.on_commit(page_cache.invalidate, robust=True)


@transaction.atomic
def hide_post(post: Post, moderator, reason: str) -> None:
    _require(moderator, post.thread.forum)
    post.is_hidden, post.hidden_reason = True, reason
    post.save(update_fields=["is_hidden", "hidden_reason"])
    _log(moderator, Kind.HIDE, reason, post=post, member=post.author)
    _invalidate_if_article(post.thread.forum)


@transaction.atomic
def unhide_post(post: Post, moderator, reason: str = "") -> None:
    _require(moderator, post.thread.forum)
    post.is_hidden, post.hidden_reason = False, ""
    post.save(update_fields=["is_hidden", "hidden_reason"])
    _log(moderator, Kind.UNHIDE, reason, post=post, member=post.author)
    _invalidate_if_article(post.thread.forum)


@transaction.atomic
def set_locked(thread: Thread, moderator, locked: bool, reason: str = "") -> None:
    _require(moderator, thread.forum)
    Thread.objects.filter(pk=thread.pk).update(locked=locked)
    thread.locked = locked
    kept.thread_changed(thread.pk, thread.forum_id)
    _log(moderator, Kind.LOCK if locked else Kind.UNLOCK, reason, thread=thread)
    _invalidate_if_article(thread.forum)


@transaction.atomic
def set_pinned(thread: Thread, moderator, pinned: bool, reason: str = "") -> None:
    _require(moderator, thread.forum)
    Thread.objects.filter(pk=thread.pk).update(pinned=pinned)
    thread.pinned = pinned
    kept.thread_changed(thread.pk, thread.forum_id)
    _log(moderator, Kind.PIN if pinned else Kind.UNPIN, reason, thread=thread)


def recount_forum(forum: Forum) -> None:
    """Recompute a forum's counts and last post from its threads (after a move)."""
    stats = Thread.objects.filter(forum=forum).aggregate(
        threads=Count("pk"), latest=Max("last_post_at")
    )
    posts = Post.objects.filter(thread__forum=forum).count()
    last = (
        Post.objects.filter(thread__forum=forum)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:1]
    )
    Forum.objects.filter(pk=forum.pk).update(
        thread_count=stats["threads"], post_count=posts, last_post_id=last[0] if last else None
    )


@transaction.atomic
def move_thread(thread: Thread, moderator, destination: Forum, reason: str = "") -> None:
    """Move a thread; the moderator must moderate both forums. The thread's row is
    locked first, so a reply cannot land counted in the forum it is leaving, then both
    forums' rows, so that no post is counted while their totals are recomputed.

    Article discussions neither leave their forum nor take in other threads: each
    belongs to its article, and the article's cached page goes stale with changes to
    that forum only."""
    _lock(Thread.objects.filter(pk=thread.pk))
    thread.refresh_from_db(fields=["forum"])
    source = thread.forum
    _require(moderator, source)
    _require(moderator, destination)
    if source.holds_article_discussions or destination.holds_article_discussions:
        raise ValueError(ARTICLE_DISCUSSIONS_STAY)
    _lock(Forum.objects.filter(pk__in={source.pk, destination.pk}))
    Thread.objects.filter(pk=thread.pk).update(forum=destination)
    thread.forum = destination
    kept.thread_changed(thread.pk, source.pk, destination.pk)
    recount_forum(source)
    recount_forum(destination)
    _log(
        moderator,
        Kind.MOVE,
        reason,
        thread=thread,
        forum=destination,
        details={"from": source.slug, "to": destination.slug},
    )


@transaction.atomic
def retitle_thread(thread: Thread, moderator, title: str, tags, reason: str = "") -> None:
    """Change a thread's title and tags. Only those columns are written: the thread's
    counters move under its row lock with every reply, and an instance loaded before a
    reply would put them back."""
    _require(moderator, thread.forum)
    title = " ".join(title.split())
    if not title:
        raise ValueError(gettext("A thread needs a title."))
    tags = sorted(set(tags))
    _lock(Thread.objects.filter(pk=thread.pk))
    thread.refresh_from_db(fields=["title"])
    before = {"title": thread.title, "tags": sorted(thread.tags.names())}
    thread.title = title
    thread.save(update_fields=["title", "slug"])
    thread.set_tags(tags)
    _log(
        moderator,
        Kind.RETITLE,
        reason,
        thread=thread,
        details={"before": before, "after": {"title": title, "tags": tags}},
    )


@transaction.atomic
def suspend_member(member, moderator, until, reason: str, *, for_spam: bool = False) -> Suspension:
    """Site-wide moderators suspend; a suspended member reads but cannot post. A
    suspension for spam also stops whoever recruited the member from recruiting
    (``network.recruiting``), in the same transaction."""
    if not is_site_moderator(moderator):
        raise PermissionDenied(gettext("Only site-wide moderators can suspend members."))
    if member.pk == moderator.pk:
        raise ValueError(gettext("You cannot suspend yourself."))
    if until <= timezone.now():
        raise ValueError(gettext("A suspension must end in the future."))
    suspension = Suspension.objects.create(
        user=member, until=until, reason=reason, for_spam=for_spam, created_by=moderator
    )
    details = {"until": until.isoformat()}
    if for_spam:
        recruiter = recruiting.recruit_suspended_for_spam(member)
        details["for_spam"] = True
        if recruiter is not None:
            details["recruiter_stopped"] = recruiter.username
    _log(moderator, Kind.SUSPEND, reason, member=member, details=details)
    return suspension


@transaction.atomic
def lift_suspension(member, moderator, reason: str = "") -> None:
    if not is_site_moderator(moderator):
        raise PermissionDenied(gettext("Only site-wide moderators can lift suspensions."))
    Suspension.objects.filter(user=member, until__gt=timezone.now()).update(until=timezone.now())
    permissions.standing_changed(member.pk)
    _log(moderator, Kind.UNSUSPEND, reason, member=member)


@transaction.atomic
def resolve_report(report: Report, moderator, resolution: str) -> bool:
    """Close an open report. False when another moderator closed it first: theirs
    stands, and nothing is logged twice."""
    _require(moderator, report.post.thread.forum)
    if not _lock(Report.objects.filter(pk=report.pk, resolved_at=None)):
        report.refresh_from_db(fields=["resolved_at", "resolved_by", "resolution"])
        return False
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.resolution = resolution
    report.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    _log(moderator, Kind.RESOLVE, resolution, post=report.post, member=report.post.author)
    return True


@transaction.atomic
def report_post(post: Post, reporter, reason: str, note: str = "") -> Report:
    """A member flags a post for moderators (once per post while it is open), at most
    ``REPORTS_PER_HOUR`` times an hour: each report tells the forum's moderators at once,
    and a member reporting everything in sight would bury the reports that matter.
    Counted in the database, so the limit holds when the cache is away."""
    if not reporter.is_authenticated:
        raise PermissionDenied(gettext("Sign in to report a post."))
    existing = Report.objects.filter(post=post, reporter=reporter, resolved_at__isnull=True).first()
    if existing:
        return existing
    lock_member(reporter)
    recent = Report.objects.filter(
        reporter=reporter, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= REPORTS_PER_HOUR:
        raise PostingRefused(
            ngettext(
                "You have sent %(count)d report in the last hour: moderators have it to read. "
                "Send this one in an hour; your note is kept below.",
                "You have sent %(count)d reports in the last hour: moderators have them to read. "
                "Send this one in an hour; your note is kept below.",
                recent,
            )
            % {"count": recent}
        )
    report = Report.objects.create(post=post, reporter=reporter, reason=reason, note=note.strip())
    notifying.report_written(report)
    return report
