"""Who may see and do what in the forums. Views ask here; actions ask here too, so a
refusal holds whether it comes through a page, a command or a task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import (
    BooleanField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.utils import timezone

from forums import access
from forums.models import (
    Forum,
    ForumRead,
    ForumWatch,
    Post,
    Suspension,
    Thread,
    ThreadRead,
    ThreadWatch,
)
from network.compiled import CompiledQuery

MODERATE_ALL = "forums.moderate_all_forums"


def is_site_moderator(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(MODERATE_ALL)


def moderates(user, forum: Forum) -> bool:
    """Site-wide moderators moderate every forum; a forum's own moderators, theirs. One
    query per forum, remembered for the request (a thread page asks for each post)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    answers = user.__dict__.setdefault("_moderates", {})
    if forum.pk not in answers:
        answers[forum.pk] = _moderating(user, forum_id=forum.pk)
    return answers[forum.pk]


def moderates_any(user) -> bool:
    """Whether ``user`` moderates some forum, site-wide or their own: in one query (every
    member's forum index asks, to show moderators the way to their queue)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _moderating(user)


def _moderating(user, **own_forum) -> bool:
    """Whether ``user`` holds the site-wide permission (through a group or their own) or
    moderates a forum of their own (``own_forum`` narrows which)."""
    User = get_user_model()
    return User.objects.filter(pk=user.pk).filter(_moderation(**own_forum)).exists()


def _moderation(**own_forum) -> Q:
    """The condition on a user row that they moderate: three EXISTS (joining the three
    relations instead multiplied their rows)."""
    User = get_user_model()
    app_label, codename = MODERATE_ALL.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    member = OuterRef("pk")
    through_group = User.groups.through.objects.filter(
        user_id=member, group__permissions__in=permission
    )
    directly = User.user_permissions.through.objects.filter(
        user_id=member, permission__in=permission
    )
    own = Forum.moderators.through.objects.filter(user_id=member, **own_forum)
    return Exists(through_group) | Exists(directly) | Exists(own)


@dataclass(frozen=True)
class Standing:
    """What a member's forum or thread page needs to know of them: whether they moderate
    it, until when they are suspended, whether they watch it, and (for a thread) up to
    when they have read it, or marked its forum read."""

    moderates: bool = False
    suspended_until: datetime | None = None
    watching: bool = False
    thread_read_at: datetime | None = None
    forum_marked_at: datetime | None = None

    @property
    def read_up_to(self) -> datetime | None:
        known = [moment for moment in (self.thread_read_at, self.forum_marked_at) if moment]
        return max(known) if known else None


def standing(user, forum: Forum, thread: Thread | None = None) -> Standing:
    """``user``'s :class:`Standing` in ``forum`` (or in its ``thread``), in one query
    where asking each question alone took four. Remembers the answer to "moderates?"
    for :func:`moderates`, which the page asks again for each post."""
    if not user.is_authenticated or not user.is_active:
        return Standing()
    if thread is None:
        rows = _FORUM_STANDING.rows(user_id=user.pk, forum_id=forum.pk, now=timezone.now())
    else:
        rows = _THREAD_STANDING.rows(
            user_id=user.pk, forum_id=forum.pk, thread_id=thread.pk, now=timezone.now()
        )
    answers = next(rows)
    moderating, suspended_until, is_watching, read_at, marked_at = answers
    moderating = moderating or user.is_superuser
    user.__dict__.setdefault("_moderates", {})[forum.pk] = moderating
    return Standing(moderating, suspended_until, is_watching, read_at, marked_at)


def _standing(user_id: int, forum_id: int, now: datetime, thread_id: int | None = None):
    member = OuterRef("pk")
    if thread_id is None:
        watching = ForumWatch.objects.filter(user_id=member, forum_id=forum_id)
        read = Value(None, output_field=DateTimeField())
    else:
        watching = ThreadWatch.objects.filter(user_id=member, thread_id=thread_id)
        read = Subquery(
            ThreadRead.objects.filter(user_id=member, thread_id=thread_id).values("last_read_at")
        )
    return (
        get_user_model()
        .objects.filter(pk=user_id)
        .annotate(
            moderating=ExpressionWrapper(_moderation(forum_id=forum_id), BooleanField()),
            suspended_until=Subquery(
                Suspension.objects.filter(user_id=member, until__gt=now)
                .order_by("-until")
                .values("until")[:1]
            ),
            watching=Exists(watching),
            read=read,
            marked=Subquery(
                ForumRead.objects.filter(user_id=member, forum_id=forum_id).values("marked_at")
            ),
        )
        .values_list("moderating", "suspended_until", "watching", "read", "marked")
    )


# Asked on every forum and thread page a member opens: compiled once (network.compiled).
_STAND_INS = {"user_id": -1, "forum_id": -2, "now": datetime(1900, 1, 1, tzinfo=UTC)}
_FORUM_STANDING = CompiledQuery(_standing, **_STAND_INS)
_THREAD_STANDING = CompiledQuery(_standing, **_STAND_INS, thread_id=-3)


def active_suspension(user) -> Suspension | None:
    if not user.is_authenticated:
        return None
    return Suspension.objects.filter(user=user, until__gt=timezone.now()).order_by("-until").first()


def can_view_forum(user, forum: Forum) -> bool:
    return forum.is_visible_to(user)


def can_view_thread(user, thread: Thread) -> bool:
    """Whether ``user`` may read ``thread`` (its forum loaded) now: the rule of
    ``Thread.objects.visible_to``, asked of one thread. A forum whose threads follow no
    rule of their own (``forums.access``) costs no query."""
    if not thread.forum.is_visible_to(user):
        return False
    if not access.concerns(thread.forum):
        return True
    if not user.is_authenticated:
        return next(_READABLE_BY_VISITORS.rows(thread_id=thread.pk), None) is not None
    return Thread.objects.visible_to(user).filter(pk=thread.pk).exists()


def _readable(thread_id: int, user):
    return Thread.objects.filter(pk=thread_id).visible_to(user).values_list("pk")[:1]


# Every visitor's article page asks (its comments): building the rule cost more than
# running it, so it is compiled once (network.compiled).
_READABLE_BY_VISITORS = CompiledQuery(
    lambda thread_id: _readable(thread_id, AnonymousUser()), thread_id=-1
)


def can_see_post_content(user, post: Post) -> bool:
    """Hidden posts show their words only to moderators (and to nobody once deleted)."""
    if post.is_deleted:
        return False
    return not post.is_hidden or moderates(user, post.thread.forum)


def can_edit_post(user, post: Post) -> bool:
    if not user.is_authenticated or post.is_deleted:
        return False
    if moderates(user, post.thread.forum):
        return True
    return post.author_id == user.pk and not post.is_hidden and not post.thread.locked
