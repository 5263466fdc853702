"""Who may see and do what in the forums. Views ask here; actions ask here too, so a
refusal holds whether it comes through a page, a command or a task."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef
from django.utils import timezone

from forums.models import Forum, Post, Suspension, Thread

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
    moderates a forum of their own (``own_forum`` narrows which). Three EXISTS in one
    query: joining the three relations instead multiplied their rows."""
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
    return (
        User.objects.filter(pk=user.pk)
        .filter(Exists(through_group) | Exists(directly) | Exists(own))
        .exists()
    )


def active_suspension(user) -> Suspension | None:
    if not user.is_authenticated:
        return None
    return Suspension.objects.filter(user=user, until__gt=timezone.now()).order_by("-until").first()


def can_view_forum(user, forum: Forum) -> bool:
    return forum.is_visible_to(user)


def can_view_thread(user, thread: Thread) -> bool:
    return thread.forum.is_visible_to(user)


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
