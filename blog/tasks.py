"""The blog's background work."""

from celery import shared_task
from django.core.management import call_command

from blog import endorsing, partner_feed_polling
from blog.partner_feeds import PartnerFeed

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


# Beat queues the partner feeds every hour; a run left in the queue past the next one is dropped.
PARTNER_FEEDS_EXPIRES = 60 * 60


@shared_task(expires=PARTNER_FEEDS_EXPIRES)
def poll_partner_feeds() -> None:
    """Queue a poll of each active partner feed, one task each: a slow feed holds up no
    other, and each gets a worker's attention on its own."""
    for feed_id in PartnerFeed.objects.active().values_list("pk", flat=True):
        poll_partner_feed.delay(feed_id)


@shared_task(expires=PARTNER_FEEDS_EXPIRES)
def poll_partner_feed(feed_id: int) -> None:
    """Poll one feed (``blog.partner_feed_polling.poll``), unless it was paused or
    deleted since it was queued."""
    feed = PartnerFeed.objects.active().filter(pk=feed_id).first()
    if feed is not None:
        partner_feed_polling.poll(feed)
