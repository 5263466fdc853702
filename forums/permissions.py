"""Who may see and do what in the forums. Views ask here; actions ask here too, so a
refusal holds whether it comes through a page, a command or a task."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import (
    BooleanField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    Value,
)
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from forums import access
from forums.models import (
    Forum,
    ForumRead,
    ForumWatch,
    Post,
    Reaction,
    Suspension,
    Thread,
    ThreadRead,
    ThreadWatch,
)
from network import generations

MODERATE_ALL = "forums.moderate_all_forums"


def is_site_moderator(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(MODERATE_ALL)


def site_moderators_q() -> Q:
    """The members :func:`is_site_moderator` is true of (active aside), as a condition on
    users: superusers, and whoever holds the permission directly or through a group."""
    app_label, codename = MODERATE_ALL.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        Q(is_superuser=True)
        | Q(groups__permissions__in=permission)
        | Q(user_permissions__in=permission)
    )


def moderates(user, forum: Forum) -> bool:
    """Site-wide moderators moderate every forum; a forum's own moderators, theirs. One
    query: a page that asks for each post asks once, through :func:`standing`."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _moderating(user, forum_id=forum.pk)


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
    return User.objects.filter(pk=user.pk).filter(_moderation(user.pk, **own_forum)).exists()


def moderation_condition(user_id: int) -> Q:
    """A ``Q`` on the user model true when member ``user_id`` moderates some forum, for
    queries that ask it alongside other things (``network.second_factor``)."""
    return _moderation(user_id)


def _moderation(user_id: int, **own_forum) -> Q:
    """The condition that member ``user_id`` moderates: the site-wide permission, held
    through a group or their own, or a forum of their own. Two EXISTS that stand on
    their own (nothing in them refers to the outer row), so any query can carry them:
    the permission's row and its holders, where one EXISTS per way of holding it,
    each with the permission nested inside, cost three times as much to build."""
    holds = _site_wide_permission().filter(Q(user=user_id) | Q(group__user=user_id))
    own = Forum.moderators.through.objects.filter(user_id=user_id, **own_forum)
    return Q(Exists(holds)) | Q(Exists(own))


@functools.cache
def _site_wide_permission():
    """The site-wide moderators' permission, as a query (built once per process and
    copied by each use: its rows are never kept)."""
    app_label, codename = MODERATE_ALL.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@dataclass(frozen=True)
class Standing:
    """What a member's forum or thread page needs to know of them, asked once for the
    page and handed to whatever decides for each post: whether they moderate it, until
    when they are suspended, whether they watch it, and (for a thread) up to when they
    have read it, or marked its forum read, and whether they reacted to any of its posts
    (then a page of it is made for them, to show which: ``forums.views._thread_page``)."""

    moderates: bool = False
    suspended_until: datetime | None = None
    watching: bool = False
    thread_read_at: datetime | None = None
    forum_marked_at: datetime | None = None
    reacted: bool = False

    @property
    def read_up_to(self) -> datetime | None:
        known = [moment for moment in (self.thread_read_at, self.forum_marked_at) if moment]
        return max(known) if known else None


def standing(user, forum: Forum, thread: Thread | None = None) -> Standing:
    """``user``'s :class:`Standing` in ``forum`` (or in its ``thread``): asked of the
    database in one query where asking each question alone took four, and kept in the
    cache until something it says changes (:func:`standing_changed`), for at most
    ``STANDING_SECONDS``. Pages only show it: whatever a member then does is asked
    again where it is done (``moderates()``, ``active_suspension()``)."""
    if not user.is_authenticated or not user.is_active:
        return Standing()
    generation = generations.current([_standing_generation(user.pk), RIGHTS])
    key = f"forums.standing:{generation}:{user.pk}:{forum.pk}:{thread.pk if thread else ''}"
    found = generations.kept(key, STANDING_SECONDS, lambda: _standing(user, forum, thread))
    if found.suspended_until and found.suspended_until <= timezone.now():
        return replace(found, suspended_until=None)  # it has ended since
    return found


STANDING_SECONDS = 300
# Bumped when who moderates may have changed for anyone: a group's or a forum's members,
# a permission's holders.
RIGHTS = "forums.standing:rights"


def _standing_generation(user_id: int) -> str:
    return f"forums.standing:{user_id}"


def standing_changed(user_id: int) -> None:
    """What :func:`standing` says of member ``user_id`` anywhere may have changed: what
    they watch or have read, a suspension, their rights, their reactions. The signals
    below call it for
    every save of those rows, wherever it is made; the writes that send no signal call
    it themselves (the read upsert in ``forums.actions``, and the ``update()`` and
    ``delete()`` of querysets in ``forums.actions``, ``forums.moderation`` and
    ``forums.leaving``)."""
    generations.bump(_standing_generation(user_id))


def _standing(user, forum: Forum, thread: Thread | None) -> Standing:
    """The member's row, with their rows of watching, reading and suspension for this
    forum or thread joined to it (at most one each, but for suspensions, of which the
    latest counts)."""
    if thread is None:
        joined = {
            "watches": FilteredRelation(
                "forum_watches", condition=Q(forum_watches__forum_id=forum.pk)
            ),
            "read": Value(None, output_field=DateTimeField()),
            "reacted": Value(False, output_field=BooleanField()),
        }
    else:
        joined = {
            "watches": FilteredRelation(
                "thread_watches", condition=Q(thread_watches__thread_id=thread.pk)
            ),
            "reads": FilteredRelation(
                "thread_reads", condition=Q(thread_reads__thread_id=thread.pk)
            ),
            "read": F("reads__last_read_at"),
            "reacted": Exists(
                Reaction.objects.filter(member_id=user.pk, post__thread_id=thread.pk)
            ),
        }
    rows = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            moderating=ExpressionWrapper(_moderation(user.pk, forum_id=forum.pk), BooleanField()),
            **joined,
            marks=FilteredRelation("forum_reads", condition=Q(forum_reads__forum_id=forum.pk)),
            suspensions_now=FilteredRelation(
                "suspensions", condition=Q(suspensions__until__gt=timezone.now())
            ),
        )
        .values_list(
            "moderating",
            "watches__id",
            "read",
            "marks__marked_at",
            "suspensions_now__until",
            "reacted",
        )
    )
    rows = list(rows)
    moderating, watch, read_at, marked_at, _, reacted = rows[0]
    suspended = [row[4] for row in rows if row[4] is not None]
    return Standing(
        moderating or user.is_superuser,
        max(suspended) if suspended else None,
        watch is not None,
        read_at,
        marked_at,
        reacted,
    )


# --- What else changes a standing --------------------------------------------------


def _user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # Signing in saves last_login alone: nothing a standing says.
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    standing_changed(instance.pk)


def _members_row_saved(sender, instance, **kwargs) -> None:
    standing_changed(instance.user_id)


def _rights_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        generations.bump(RIGHTS)


def _rights_deleted(sender, **kwargs) -> None:
    generations.bump(RIGHTS)


def connect() -> None:
    """Called once, from the forums' ``AppConfig.ready``."""
    User = get_user_model()
    for change, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_user_saved, sender=User, dispatch_uid=f"forums.standing.user.{change}")
    # Saves only, but for suspensions: a delete signal would make Django load every row
    # a queryset's delete() removes (the writers that delete in bulk call
    # standing_changed() themselves).
    for model in (ThreadRead, ForumRead, ThreadWatch, ForumWatch, Suspension):
        post_save.connect(
            _members_row_saved, sender=model, dispatch_uid=f"forums.standing.{model.__name__}"
        )
    post_delete.connect(
        _members_row_saved, sender=Suspension, dispatch_uid="forums.standing.Suspension.deleted"
    )
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
        Forum.moderators.through,
    ):
        m2m_changed.connect(
            _rights_changed, sender=through, dispatch_uid=f"forums.standing.{through.__name__}"
        )
    for model in (Group, Permission):
        post_delete.connect(
            _rights_deleted, sender=model, dispatch_uid=f"forums.standing.{model.__name__}"
        )


def active_suspension(user) -> Suspension | None:
    if not user.is_authenticated:
        return None
    return Suspension.objects.filter(user=user, until__gt=timezone.now()).order_by("-until").first()


def is_suspended(user) -> bool:
    """For ``network.recruiting``: a suspended member recruits nobody."""
    return active_suspension(user) is not None


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
    return Thread.objects.filter(pk=thread.pk).visible_to(user).exists()


def can_see_post_content(user, post: Post) -> bool:
    """Hidden posts show their words only to moderators (and to nobody once deleted)."""
    if post.is_deleted:
        return False
    return not post.is_hidden or moderates(user, post.thread.forum)


def can_edit_post(user, post: Post, *, moderating: bool | None = None) -> bool:
    """The author, while the thread is open and the post not hidden, and moderators.
    ``moderating``: whether ``user`` moderates the post's forum, when the caller knows
    (a page of posts asks once, through :func:`standing`)."""
    if not user.is_authenticated or post.is_deleted:
        return False
    if moderating is None:
        moderating = moderates(user, post.thread.forum)
    if moderating:
        return True
    return post.author_id == user.pk and not post.is_hidden and not post.thread.locked


def can_react(
    user, post: Post, *, suspended: bool | None = None, may_read: bool | None = None
) -> bool:
    """Whether ``user`` may react to ``post`` (its thread and forum loaded) now: a
    member who may read the thread, not suspended, on someone else's post that shows
    its words to everyone (not hidden, not deleted, not the site's own opening post of
    an article's discussion), in a thread still open: a lock ends the conversation,
    reactions with it (those left stay shown). ``suspended``: whether they are, when the
    caller knows (a page of posts shows the buttons to a suspended member as it shows
    them "Reply", and the action refuses: it asks again); ``may_read``: whether they may
    read the thread, when the caller knows (a page of it shown to them)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if post.author_id == user.pk or post.is_deleted or post.is_hidden:
        return False
    if post.thread.locked or post.is_by_the_site:
        return False
    if suspended is None:
        suspended = active_suspension(user) is not None
    if suspended:
        return False
    return may_read if may_read is not None else can_view_thread(user, post.thread)
