"""The discussion engine: forums of threads of threaded posts, with reading state,
watching and moderation. Article comments are threads of this same engine."""

from forums.models.discussion import Post, PostRevision, Thread, ThreadTag
from forums.models.moderation import ModerationAction, Report, Suspension
from forums.models.polls import Poll, PollOption, PollVote
from forums.models.reactions import Reaction, ReactionKind, ReactionNews
from forums.models.reading import Bookmark, ForumRead, ForumWatch, ThreadRead, ThreadWatch
from forums.models.structure import Category, Forum

__all__ = [
    "Bookmark",
    "Category",
    "Forum",
    "ForumRead",
    "ForumWatch",
    "ModerationAction",
    "Poll",
    "PollOption",
    "PollVote",
    "Post",
    "PostRevision",
    "Reaction",
    "ReactionKind",
    "ReactionNews",
    "Report",
    "Suspension",
    "Thread",
    "ThreadRead",
    "ThreadTag",
    "ThreadWatch",
]
