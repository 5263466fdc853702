"""Events as iCalendar (RFC 5545), built with the icalendar library: one event's file to
download, and the index's calendar to subscribe to, of every event or a region's.
https://icalendar.readthedocs.io/

What a calendar client needs to keep an event right over time:

- times with their zone (``DTSTART;TZID=America/Chicago``) and that zone's VTIMEZONE, so
  the event stays at its hour wherever the reader is and whatever the clocks do;
- a UID that never changes, made of the page's translation key (the same across edits,
  moves and renames) and the site's host;
- a SEQUENCE that grows when the time, place or status changes (``EventPage.sequence``),
  and DTSTAMP and LAST-MODIFIED, when it was last published;
- a cancelled event marked ``STATUS:CANCELLED``: a subscribed calendar would otherwise
  keep it forever, since a client never learns of an event that vanished from the feed.

Whoever fetches a calendar sees what they may see of the page: a members-only online
link is in it only for a signed-in member (calendar clients subscribing never are).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from icalendar import Calendar, Event, vDuration

from network.addresses import public_page_url

# A subscribed calendar holds every upcoming event, and those of the past year.
CALENDAR_PAST_DAYS = 365
# How often a subscribed calendar asks again (clients may ask less often).
REFRESH_INTERVAL = timedelta(hours=6)
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event) -> str:
    return f"event-{event.translation_key}@{site_host()}"


def summary(event) -> str:
    if event.is_cancelled:
        return gettext("Cancelled: %(title)s") % {"title": event.title}
    return event.title


def description(event, user) -> str:
    """The entry's plain-text description: what changed, the introduction, the online
    link for those who may see it, and the page."""
    lines = []
    if event.is_cancelled:
        lines.append(gettext("Cancelled: %(note)s") % {"note": event.status_note})
    elif event.is_moved:
        lines.append(gettext("Moved: %(note)s") % {"note": event.status_note})
    lines.append(event.introduction)
    if event.shows_online_link_to(user):
        lines.append(gettext("Join online: %(url)s") % {"url": event.online_url})
    lines.append(public_page_url(event))
    return "\n\n".join(line for line in lines if line)


def event_entry(event, user) -> Event:
    """One VEVENT. ``event`` comes with its tags (``EventPageQuerySet.for_calendar``)."""
    zone = ZoneInfo(event.time_zone)
    published = event.last_published_at or timezone.now()
    entry = Event.new(
        uid=event_uid(event),
        sequence=event.sequence,
        stamp=published,
        last_modified=published,
        created=event.first_published_at,
        summary=summary(event),
        description=description(event, user),
        start=event.start.astimezone(zone),
        end=event.end.astimezone(zone),
        location=event.location_for(user) or None,
        url=public_page_url(event),
        status="CANCELLED" if event.is_cancelled else "CONFIRMED",
    )
    tags = [tag.name for tag in event.tags.all()]
    if tags:
        entry.categories = tags
    return entry


def build_calendar(events, user, *, name: str, uid: str, url: str, method: str | None = None):
    calendar = Calendar.new(
        prodid=f"-//{settings.SITE_NAME}//Events//EN",
        name=name,
        uid=uid,
        url=url,
        method=method,
        refresh_interval=REFRESH_INTERVAL,
    )
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    for event in events:
        calendar.add_component(event_entry(event, user))
    if events:
        # Each zone's rules over the events' span only: the file stays small.
        calendar.add_missing_timezones(
            first_date=min(event.start for event in events).date() - timedelta(days=1),
            last_date=max(event.end for event in events).date() + timedelta(days=1),
        )
    return calendar


def calendar_response(calendar: Calendar, filename: str, *, as_attachment: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def event_calendar_response(event, request) -> HttpResponse:
    """The event's own file, to download and open in a calendar."""
    calendar = build_calendar(
        [event],
        request.user,
        name=event.title,
        uid=f"{event_uid(event)}-file",
        url=public_page_url(event),
        method="PUBLISH",
    )
    return calendar_response(calendar, f"{event.slug}.ics", as_attachment=True)


def index_calendar_response(index, request, region=None) -> HttpResponse:
    """The calendar to subscribe to: every upcoming event and those of the past year,
    cancelled ones included (marked so), of every region or ``region``'s."""
    since = timezone.now() - timedelta(days=CALENDAR_PAST_DAYS)
    events = index.get_events().for_calendar().filter(end__gte=since).order_by("start", "pk")
    if region is not None:
        events = events.in_region(region)
        name = gettext("%(site)s: events in %(region)s") % {
            "site": settings.SITE_NAME,
            "region": region.name,
        }
        uid = f"events-{region.slug}@{site_host()}"
        filename = f"events-{region.slug}.ics"
    else:
        name = gettext("%(site)s: events") % {"site": settings.SITE_NAME}
        uid = f"events@{site_host()}"
        filename = "events.ics"
    calendar = build_calendar(
        list(events), request.user, name=name, uid=uid, url=public_page_url(index)
    )
    return calendar_response(calendar, filename, as_attachment=False)


def google_calendar_url(event, user) -> str:
    """A link that opens Google Calendar's new-event form filled in with the event (the
    reader's own choice to go there; nothing is sent before they click)."""
    moment = "%Y%m%dT%H%M%SZ"
    start, end = (m.astimezone(ZoneInfo("UTC")).strftime(moment) for m in (event.start, event.end))
    query = {
        "action": "TEMPLATE",
        "text": summary(event),
        "dates": f"{start}/{end}",
        "ctz": event.time_zone,
        "details": description(event, user),
        "location": event.location_for(user),
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"
