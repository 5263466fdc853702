"""The forums' Jinja2 partials (a list of threads, of posts, of forums), rendered for a
request: from the Django templates' tags (:mod:`forums.templatetags.forum_tags`) and
from the views that keep what they render for visitors (:mod:`forums.kept`).
:mod:`network.jinja2` says why these few are Jinja2."""

from __future__ import annotations

import functools
from typing import NamedTuple

from django.template import engines
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from forums.models import ReactionKind


def render(request, name: str, **values) -> SafeString:
    partial = engines["jinja2"].get_template(name)
    # Escaped by Jinja2 as it rendered (autoescape is on): safe to print as it is.
    return mark_safe(partial.render({"viewer": request.user, **values}, request))


def thread_rows(request, threads, *, unread=(), show_forum=False) -> SafeString:
    return render(
        request, "forums/thread_rows.jinja", threads=threads, unread=unread, show_forum=show_forum
    )


def post_list(
    request, posts, *, viewer=None, is_moderator=False, can_reply=False, on_article=False
) -> SafeString:
    """``viewer``: whom the posts are shown to, when not the request's user (the stand-in
    for any member whose page is kept: forums.kept.ANY_MEMBER)."""
    return render(
        request,
        "forums/posts.jinja",
        viewer=viewer or request.user,
        posts=posts,
        is_moderator=is_moderator,
        can_reply=can_reply,
        on_article=on_article,
        reaction_kinds=_reaction_kinds(get_language()),
    )


class ShownKind(NamedTuple):
    value: str
    label: str
    field: str  # its count on a post


@functools.lru_cache(maxsize=16)
def _reaction_kinds(language: str | None) -> tuple[ShownKind, ...]:
    """The reactions' kinds as posts.jinja shows them, in the active language (which
    ``language`` names, to remember each apart)."""
    return tuple(ShownKind(kind.value, str(kind.label), kind.count_field) for kind in ReactionKind)
