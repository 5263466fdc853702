"""The kinds of notification, how a member may receive each, and who is offered which."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    # Translators: this and the kinds below are settings labels, also put lowercased into
    # sentences ("You get this email for: replies to your posts and comments.").
    REPLY = "reply", _("Replies to your posts and comments")
    MENTION = "mention", _("Mentions of your @handle")
    WATCHED_THREAD = "thread", _("New posts in threads you watch")
    WATCHED_FORUM = "forum", _("New threads in forums you watch")
    REPORT = "report", _("Reports in forums you moderate")
    NEW_ARTICLE = "article", _("New articles")
    REVIEW = "review", _("Articles submitted for your review")
    REVIEWED = "reviewed", _("Decisions on articles you submitted for review")
    ADMIN_COMMENT = "comment", _("Comments in the admin on pages you follow")
    ENDORSEMENT = "endorse", _("Endorsements waiting for your review")
    ORGANIZATION_PROPOSED = "proposal", _("Organizations proposed for the directory")
    ORGANIZATION_REVIEWED = "proposed", _("Decisions on organizations you proposed")
    BOOKMARK = "bookmark", _("Reminders of posts you bookmarked")
    MESSAGE = "message", _("Private messages")
    REACTION = "reaction", _("Reactions to your posts")
    MESSAGE_REPORT = "msgreport", _("Reported private messages")


class Delivery(models.TextChoices):
    AT_ONCE = "now", _("Email at once")
    DAILY = "daily", _("Daily digest email")
    WEEKLY = "weekly", _("Weekly digest email")
    SITE = "site", _("On the site only")
    # Translators: how a member hears of a kind of notification: not at all.
    OFF = "off", pgettext_lazy("notification delivery", "Off")


DEFAULT_DELIVERY = {
    Kind.REPLY: Delivery.AT_ONCE,
    Kind.MENTION: Delivery.AT_ONCE,
    Kind.WATCHED_THREAD: Delivery.AT_ONCE,
    Kind.WATCHED_FORUM: Delivery.DAILY,
    Kind.REPORT: Delivery.AT_ONCE,
    Kind.NEW_ARTICLE: Delivery.WEEKLY,
    Kind.REVIEW: Delivery.AT_ONCE,
    Kind.REVIEWED: Delivery.AT_ONCE,
    Kind.ADMIN_COMMENT: Delivery.AT_ONCE,
    Kind.ENDORSEMENT: Delivery.DAILY,
    Kind.ORGANIZATION_PROPOSED: Delivery.DAILY,
    Kind.ORGANIZATION_REVIEWED: Delivery.AT_ONCE,
    Kind.BOOKMARK: Delivery.AT_ONCE,
    Kind.MESSAGE: Delivery.AT_ONCE,
    # Told once a day (forums.reacting, at 12:30 UTC), in time for that day's digest.
    Kind.REACTION: Delivery.DAILY,
    Kind.MESSAGE_REPORT: Delivery.AT_ONCE,
}

# When one post is several kinds of news for a member, they hear of it once, as this.
PRECEDENCE = [
    Kind.MENTION,
    Kind.REPLY,
    Kind.REVIEW,
    Kind.REVIEWED,
    Kind.ADMIN_COMMENT,
    Kind.ENDORSEMENT,
    Kind.ORGANIZATION_PROPOSED,
    Kind.ORGANIZATION_REVIEWED,
    Kind.REPORT,
    Kind.MESSAGE_REPORT,
    Kind.WATCHED_FORUM,
    Kind.WATCHED_THREAD,
    Kind.NEW_ARTICLE,
    Kind.BOOKMARK,
    Kind.MESSAGE,
    Kind.REACTION,
]


# --- Who is offered which kind ------------------------------------------------------

_offered_to: dict[Kind, Callable] = {}


def offer_only_to(kind: Kind, who: Callable) -> None:
    """Offer ``kind`` in the settings only to members for whom ``who(user)`` is true:
    those who can receive it (a forum's moderators, editors). The app that sends the
    kind registers it, since it knows who they are. Without one, a kind is for everyone."""
    _offered_to[Kind(kind)] = who


def kinds_for(user) -> list[Kind]:
    """The kinds ``user`` may choose how to hear of, in their order."""
    return [kind for kind in Kind if kind not in _offered_to or _offered_to[kind](user)]
