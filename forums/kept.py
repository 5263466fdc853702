"""What readers see alike on the forums' busiest pages, rendered once and kept in the
cache: a forum page's list of threads, and a thread page's posts.

- A visitor's forum list is kept as rendered; members' lists read the same kept rows
  (:func:`for_everyone`: the threads' fields, not their HTML), and each member's page
  words them and marks what they have not read.
- A thread page's posts are kept as rendered twice: for every visitor, and for
  :data:`ANY_MEMBER`, whom most members' pages are (the same buttons on every post: reply,
  quote, report). A page that shows a member something of their own is made for them:
  their own posts (edit, delete), a member they blocked (folded), a post they reacted
  to (the button pressed: their standing says whether they reacted in the thread, and
  only then is the page's one query more asked), and every page a
  moderator (hidden posts, their tools) or staff (every profile a link) reads
  (:func:`reads_as_everyone`, ``forums.pagination.ShownPosts.concern``). What each
  member's page says of them alone (watching, suspended, marked read) is around the
  posts, not in them.

**Keys.** A forum's list is kept under its counts and last post, read with the forum
itself, so a new thread or reply makes a new key with no bump; likewise a thread's
posts under its reply count and last post. What changes without moving those counts
bumps a generation (:mod:`network.generations`):

- a thread's, when the thread or one of its posts is saved or deleted (an edit, a
  hidden post, a new title or tags, locked or pinned, moved) or a reaction moves a
  post's counts (:mod:`forums.reacting`), with its forum's when
  what the forum's list shows of it may have changed;
- one shared by every forum and thread, when a member's name or picture, a user's
  handle or a tag's name changes (lists and posts show them everywhere).

The model signals below catch every save, the admin's included; the few writes made
with ``QuerySet.update()`` call :func:`thread_changed` where they are made
(:mod:`forums.moderation`). Forums whose threads follow a rule of their own (the
article discussions: what a visitor sees there follows the articles' publication) are
never kept.

**Expiry.** ``VISITORS_SECONDS`` (60): the "3 minutes ago" beside each thread and post
is never more than a minute behind, and a bump the cache missed (Redis away, or each
process's own memory when there is no Redis) is outlived within a minute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from types import SimpleNamespace
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language
from taggit.models import Tag

from forums.models import Forum, Post, Thread
from network import generations
from network.models import Profile

T = TypeVar("T")

VISITORS_SECONDS = 60
SHARED = "forums.kept:shared"


def forum_generation(forum_id: int) -> str:
    return f"forums.kept:forum:{forum_id}"


def thread_generation(thread_id: int) -> str:
    return f"forums.kept:thread:{thread_id}"


def forum_list_key(forum, before, after, tag) -> tuple:
    """What a page of ``forum``'s list is kept under besides generations: the forum's
    counts and last post (read with it), and where in the list the page is."""
    return (
        *(forum.pk, forum.thread_count, forum.post_count, forum.last_post_id),
        *(before and before.encode(), after and after.encode(), tag),
    )


def for_visitors(
    request,
    name: str,
    keyed_on: tuple,
    generation_keys: list[str],
    make: Callable[[], T],
    *,
    keep: bool = True,
) -> T:
    """``make()`` (plain data the cache can keep) for a visitor, from the cache unless
    what ``keyed_on`` and the generations say has changed since; for a member, or
    unless ``keep``, always ``make()``."""
    if request.user.is_authenticated or not keep:
        return make()
    return for_everyone(name, (keyed_on, request.get_host()), generation_keys, make)


def for_everyone(
    name: str, keyed_on: tuple, generation_keys: list[str], make: Callable[[], T]
) -> T:
    """``make()``, the same for every reader (plain data the cache can keep), from the
    cache unless what ``keyed_on`` and the generations say has changed since."""
    parts = repr((keyed_on, get_language()))
    digest = hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()
    key = f"forums.kept:{name}:{generations.current([*generation_keys, SHARED])}:{digest}"
    return generations.kept(key, VISITORS_SECONDS, make)


class AnyMember:
    """Whom a thread's posts are rendered for when every member reads them alike: a
    signed-in member who is not staff, moderates nothing there, wrote none of the posts
    and blocked none of their authors. A member for whom any of that is untrue gets the
    page made for them (:func:`reads_as_everyone`, ``ShownPosts.concern``)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = is_superuser = False
    pk = id = 0  # nobody's: no post's author, not even a former member's (None)
    profile = SimpleNamespace(blocked_member_ids=())  # as a User's profile reads


ANY_MEMBER = AnyMember()


def reads_as_everyone(user, moderates: bool) -> bool:
    """Whether ``user`` reads a thread's posts as every reader like them does (every
    visitor, or :data:`ANY_MEMBER`): not staff (who follow every name to its profile),
    not a moderator there (who sees hidden posts and the buttons to act on them)."""
    return not user.is_authenticated or not (user.is_staff or moderates)


def thread_changed(thread_id: int, *forum_ids: int | None) -> None:
    """The thread's posts, and its row in the lists of ``forum_ids``, are old."""
    generations.bump(
        thread_generation(thread_id),
        *(forum_generation(forum_id) for forum_id in forum_ids if forum_id is not None),
    )


def everything_changed() -> None:
    generations.bump(SHARED)


# --- What bumps them -----------------------------------------------------------------

# Saves of these fields alone change nothing a visitor sees in the forums.
_UNSHOWN = {
    get_user_model(): {"last_login", "password"},
    Profile: Profile.KEPT_ELSEWHERE | {"updated_at"},
}


def _thread_saved(sender, instance: Thread, **kwargs) -> None:
    thread_changed(instance.pk, instance.forum_id)


def _post_saved(sender, instance: Post, **kwargs) -> None:
    thread_changed(instance.thread_id)


def _forum_saved(sender, instance: Forum, **kwargs) -> None:
    generations.bump(forum_generation(instance.pk))


def _shown_everywhere(sender, instance, update_fields=None, **kwargs) -> None:
    unshown = _UNSHOWN.get(sender, set())
    if update_fields and set(update_fields) <= unshown:
        return
    everything_changed()


def connect() -> None:
    """Called once, from the forums' ``AppConfig.ready``."""
    for change, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_thread_saved, sender=Thread, dispatch_uid=f"forums.kept.thread.{change}")
        signal.connect(_post_saved, sender=Post, dispatch_uid=f"forums.kept.post.{change}")
        signal.connect(_forum_saved, sender=Forum, dispatch_uid=f"forums.kept.forum.{change}")
        for model in (get_user_model(), Profile, Tag):
            signal.connect(
                _shown_everywhere,
                sender=model,
                dispatch_uid=f"forums.kept.shared.{model.__name__}.{change}",
            )
