"""Signals other parts of the site may listen to, sent inside the posting transaction
(so what a receiver writes commits or rolls back with the post)."""

from django.dispatch import Signal

# post_created(sender=Post, post=Post, mentions=list[str] of handles, new_thread=bool)
post_created = Signal()

# report_created(sender=Report, report=Report): a member reported a post (not sent again
# when they report the same post twice).
report_created = Signal()
