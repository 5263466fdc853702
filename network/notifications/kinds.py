"""The kinds of notification and how a member may receive each."""

from django.db import models


class Kind(models.TextChoices):
    REPLY = "reply", "Replies to your posts and comments"
    MENTION = "mention", "Mentions of your @handle"
    WATCHED_THREAD = "thread", "New posts in threads you watch"
    WATCHED_FORUM = "forum", "New threads in forums you watch"
    REPORT = "report", "Reports in forums you moderate (moderators)"
    NEW_ARTICLE = "article", "New articles"
    REVIEW = "review", "Articles submitted for your review (editors)"


class Delivery(models.TextChoices):
    AT_ONCE = "now", "Email at once"
    DAILY = "daily", "Daily digest email"
    WEEKLY = "weekly", "Weekly digest email"
    SITE = "site", "On the site only"
    OFF = "off", "Off"


DEFAULT_DELIVERY = {
    Kind.REPLY: Delivery.AT_ONCE,
    Kind.MENTION: Delivery.AT_ONCE,
    Kind.WATCHED_THREAD: Delivery.AT_ONCE,
    Kind.WATCHED_FORUM: Delivery.DAILY,
    Kind.REPORT: Delivery.AT_ONCE,
    Kind.NEW_ARTICLE: Delivery.WEEKLY,
    Kind.REVIEW: Delivery.AT_ONCE,
}

# When one post is several kinds of news for a member, they hear of it once, as this.
PRECEDENCE = [
    Kind.MENTION,
    Kind.REPLY,
    Kind.REVIEW,
    Kind.REPORT,
    Kind.WATCHED_FORUM,
    Kind.WATCHED_THREAD,
    Kind.NEW_ARTICLE,
]
