"""The forums' background work."""

from celery import shared_task

from forums import reacting, reminding


@shared_task
def remind_due_bookmarks() -> int:
    """Bookmarks whose reminder is due become notifications (forums.reminding). Beat runs
    it every five minutes."""
    return reminding.remind_due()


@shared_task
def tell_reactions() -> int:
    """Reactions to posts become one notification per post for its author, once a day
    (forums.reacting). Beat runs it daily."""
    return reacting.tell_authors()
