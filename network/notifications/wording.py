"""How a notification reads, in the inbox and in an email's subject: one sentence that
says who did what, and where ("Rosa Bell replied to you in ‘Rent strike’"). One table,
so the inbox and the email say the same."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from network.notifications.kinds import Kind
from network.notifications.sources import Subject

HEADLINES = {
    # Translators: here and in the headlines below, {actor} is a member's name, {title}
    # a title in quotes, {plain_title} the same title without quotes, {place} where it
    # happened (a forum's name). Keep each name in braces as it is.
    Kind.REPLY: _("{actor} replied to you in {title}"),
    Kind.MENTION: _("{actor} mentioned you in {title}"),
    Kind.WATCHED_THREAD: _("{actor} posted in {title}"),
    Kind.WATCHED_FORUM: _("New thread {title} in {place}"),
    Kind.REPORT: _("Report in {place}: {plain_title}"),
    Kind.MESSAGE_REPORT: _("A private message was reported: {plain_title}"),
    Kind.NEW_ARTICLE: _("New article: {plain_title}"),
    Kind.REVIEW: _("{actor} submitted {title} for review"),
    Kind.REVIEWED: _("{actor} reviewed {title}"),
    Kind.ADMIN_COMMENT: _("{actor} commented on {title}"),
    Kind.ENDORSEMENT: _("{actor} endorsed {title}"),
    Kind.ORGANIZATION_PROPOSED: _("{actor} proposed {title} for the directory"),
    Kind.ORGANIZATION_REVIEWED: _("{actor} reviewed {title}"),
    Kind.BOOKMARK: _("Reminder: {title}"),
    Kind.MESSAGE: _("{actor} sent you a private message"),
    # The reactions' own source says how many (forums.notifying.ReactionSource).
    Kind.REACTION: _("Members reacted to your post in {title}"),
}

# What an email of a members-only forum says instead: nothing of the content.
PRIVATE_HEADLINES = {
    Kind.REPLY: _("A reply to you in a members-only forum"),
    Kind.MENTION: _("You were mentioned in a members-only forum"),
    Kind.WATCHED_THREAD: _("A new post in a thread you watch"),
    Kind.WATCHED_FORUM: _("A new thread in a forum you watch"),
    Kind.REPORT: _("A new report in a forum you moderate"),
    Kind.NEW_ARTICLE: _("A new article for members"),
    Kind.REVIEW: _("An article is waiting for your review"),
    Kind.REVIEWED: _("Your article was reviewed"),
    Kind.ADMIN_COMMENT: _("A new comment in the admin"),
    Kind.ENDORSEMENT: _("A new endorsement to review"),
    Kind.ORGANIZATION_PROPOSED: _("An organization is waiting for your review"),
    Kind.ORGANIZATION_REVIEWED: _("The organization you proposed was reviewed"),
    Kind.BOOKMARK: _("A reminder of a post you bookmarked"),
    Kind.MESSAGE: _("You have a new private message"),
    Kind.REACTION: _("Members reacted to your post in a members-only forum"),
    Kind.MESSAGE_REPORT: _("A private message was reported"),
}

INBOX_QUOTES = ("‘", "’")
EMAIL_QUOTES = ("“", "”")


def headline(kind: str, subject: Subject, quotes: tuple[str, str] = INBOX_QUOTES) -> str:
    """The sentence for a notification of ``kind`` about ``subject``. A source may word
    its events itself (``subject.headline``: a review approved, or sent back) with the
    same placeholders; what members wrote is put in, never read as a template."""
    template = subject.headline or HEADLINES[Kind(kind)]
    opening, closing = quotes
    return template.format(
        actor=subject.actor_name,
        title=f"{opening}{subject.title}{closing}",
        plain_title=subject.title,
        place=subject.place,
    )
