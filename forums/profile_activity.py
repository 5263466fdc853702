"""A member's forum activity on their profile (``network.profile_parts``): how many
posts they wrote and their latest threads and replies, as far as the viewer may read
them (``Thread.objects.visible_to``, the one rule of who may read a thread)."""

from __future__ import annotations

from forums.models import Post, Thread
from network.profile_parts import ProfilePart, register

SHOWN = 5


class ForumActivity(ProfilePart):
    template_name = "forums/includes/profile_activity.html"

    def context(self, member, viewer) -> dict | None:
        posts = Post.objects.visible_to(viewer).filter(
            author=member, is_deleted=False, is_hidden=False
        )
        threads = list(
            Thread.objects.visible_to(viewer)
            .filter(author=member, posts__seq=0, posts__is_deleted=False, posts__is_hidden=False)
            .select_related("forum")
            .order_by("-created_at", "-pk")[:SHOWN]
        )
        replies = list(
            posts.filter(seq__gt=0)
            .select_related("thread__forum")
            .only("pk", "created_at", "thread__title", "thread__forum__name")
            .order_by("-created_at", "-pk")[:SHOWN]
        )
        return {"post_count": posts.count(), "threads": threads, "replies": replies}


register(ForumActivity())
