"""Events for the tests: under the "Events" index the migrations make, published through
Wagtail's revisions as the admin publishes them."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.text import slugify


def events_index():
    from blog.models import EventIndexPage

    return EventIndexPage.objects.get()


def make_event(
    title: str = "An event",
    *,
    days_from_now: int = 7,
    start_time: datetime.time = datetime.time(10),
    end_time: datetime.time = datetime.time(16),
    publish: bool = True,
    regions=(),
    tags=(),
    related=(),
    parent=None,
    **fields,
):
    """An event ``days_from_now`` days ahead (negative: in the past), from ``start_time``
    to ``end_time`` on its own clock, unless ``start_date`` and the others are given.
    ``related``: (title, url, source name) of each related link."""
    from blog.models import EventPage

    fields.setdefault("introduction", f"What {title} is about.")
    fields.setdefault("start_date", timezone.localdate() + datetime.timedelta(days=days_from_now))
    page = EventPage(
        title=title,
        slug=fields.pop("slug", slugify(title)[:80]),
        start_time=start_time,
        end_time=end_time,
        live=False,
        **fields,
    )
    for number, (link_title, url, source) in enumerate(related):
        page.related_links.add(
            page.related_links.model(
                title=link_title, url=url, source_name=source, sort_order=number
            )
        )
    (parent or events_index()).add_child(instance=page)
    if tags:
        page.tags.add(*tags)
    if regions:
        page.regions.set(regions)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def republish(page, **changes):
    """Edit a published event as an editor does: a new revision, published."""
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
