"""The blog's background work."""

from celery import shared_task
from django.core.management import call_command

from blog import endorsing

# Beat queues a run every minute (CELERY_BEAT_SCHEDULE). A run still queued a minute later
# has been overtaken by the next one; dropping it keeps a backlog (after the workers were
# down) from running many at once on several workers, publishing the same revision twice.
SCHEDULED_PUBLISHING_EXPIRES = 60


@shared_task(expires=SCHEDULED_PUBLISHING_EXPIRES)
def publish_scheduled_pages() -> None:
    """Publish what editors scheduled (``go_live_at``) and unpublish what has expired
    (``expire_at``), with Wagtail's own ``publish_scheduled`` command.
    https://docs.wagtail.org/en/stable/reference/management_commands.html#publish-scheduled"""
    call_command("publish_scheduled")


@shared_task
def forget_unconfirmed_endorsements() -> int:
    """Endorsements never confirmed within their link's week are deleted, with the
    address they gave (blog.endorsing.forget_unconfirmed). Beat runs it daily."""
    return endorsing.forget_unconfirmed()
