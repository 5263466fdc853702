"""Signals other parts of the site may listen to, sent inside the posting transaction
(so what a receiver writes commits or rolls back with the post)."""

from django.dispatch import Signal

# post_created(sender=Post, post=Post, mentions=list[str] of handles, new_thread=bool)
post_created = Signal()

# post_edited(sender=Post, post=Post, editor=User, mentions=list[str] of handles): a post's
# words changed; ``mentions`` are the members the new words mention and the old did not.
post_edited = Signal()

# report_created(sender=Report, report=Report): a member reported a post (not sent again
# when they report the same post twice).
report_created = Signal()
