"""The forums' background work."""

from celery import shared_task

from forums import reminding


@shared_task
def remind_due_bookmarks() -> int:
    """Bookmarks whose reminder is due become notifications (forums.reminding). Beat runs
    it every five minutes."""
    return reminding.remind_due()
