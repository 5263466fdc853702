"""The forums' part when a member leaves (network.leaving.registry): their posts and
comments in their export, and what the forums keep of them erased with their account."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from forums import permissions, polling, reacting
from forums.actions import erase_post
from forums.models import (
    Bookmark,
    ForumRead,
    ForumWatch,
    PollVote,
    Post,
    Reaction,
    ThreadRead,
    ThreadWatch,
)
from network.addresses import public_url
from network.leaving.exporting import as_json
from network.leaving.registry import ExportFile, eraser, export_part


def written_by(member):
    """Every post and comment ``member`` wrote that is still there (not deleted), oldest
    first, with its thread and forum."""
    return (
        Post.objects.filter(author=member, is_deleted=False)
        .select_related("thread__forum")
        .order_by("created_at", "pk")
    )


@export_part("posts")
def posts_part(member) -> list[ExportFile]:
    posts = []
    for post in written_by(member).iterator(chunk_size=500):
        thread, forum = post.thread, post.thread.forum
        posts.append(
            {
                "id": post.pk,
                "kind": "comment"
                if forum.holds_article_discussions
                else ("thread" if post.is_opening else "reply"),
                "thread": thread.title,
                "forum": forum.name,
                "address": public_url(post.get_absolute_url()),
                "written_at": post.created_at,
                "edited_at": post.edited_at,
                "hidden_by_moderators": post.is_hidden,
                "text": post.source,
            }
        )
    bookmarks = [
        {
            "post": public_url(reverse("forums:post", args=[bookmark.post_id])),
            "note": bookmark.note,
            "kept_at": bookmark.created_at,
        }
        for bookmark in Bookmark.objects.filter(user=member).order_by("created_at", "pk")
    ]
    reactions = [
        {
            "post": public_url(reverse("forums:post", args=[reaction.post_id])),
            "reaction": reaction.kind,
            "reacted_at": reaction.created_at,
        }
        for reaction in Reaction.objects.filter(member=member).order_by("created_at", "pk")
    ]
    return [
        ExportFile("posts/posts.json", as_json(posts)),
        ExportFile("posts/bookmarks.json", as_json(bookmarks)),
        ExportFile("posts/reactions.json", as_json(reactions)),
        ExportFile(
            "posts/posts.html", render_to_string("forums/export/posts.html", {"posts": posts})
        ),
    ]


@eraser("forums")
def erase_from_forums(member, delete_posts: bool) -> None:
    """What they watch and have read goes, and their reactions (each post's counts
    moved down with them); with ``delete_posts`` their posts read
    "[deleted by author]" (their threads' opening posts too: the titles stay, so that
    the replies others wrote keep their place), else they stay, by "a former member"."""
    if delete_posts:
        for post in written_by(member).iterator(chunk_size=500):
            erase_post(post, member)
    ThreadWatch.objects.filter(user=member).delete()
    ForumWatch.objects.filter(user=member).delete()
    Bookmark.objects.filter(user=member).delete()
    reacting.take_back_all(member)
    ThreadRead.objects.filter(user=member).delete()
    ForumRead.objects.filter(user=member).delete()
    permissions.standing_changed(member.pk)


@export_part("polls")
def poll_votes_part(member) -> list[ExportFile]:
    """What the member chose in each poll: theirs to take, as nobody else is shown it."""
    votes = [
        {
            "thread": vote.poll.thread.title,
            "address": public_url(vote.poll.thread.get_absolute_url()),
            "option": vote.option.text,
            "voted_at": vote.created_at,
        }
        for vote in PollVote.objects.filter(member=member)
        .select_related("option", "poll__thread__forum")
        .order_by("created_at", "pk")
    ]
    return [ExportFile("posts/poll_votes.json", as_json(votes))]


@eraser("polls")
def erase_poll_votes(member, delete_posts: bool) -> None:
    """Their votes go whatever they chose for their posts (``forums.polling``)."""
    polling.erase_votes(member)
