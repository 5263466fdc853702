"""When an event happens, as its pages say it: in the event's own time zone, and in the
site's (``TIME_ZONE``, the zone the network's readers are assumed to be in: members keep
no time zone of their own) when that is a different offset at the time. The reader's own
zone, when it is yet another, is added in the browser (static/js/site.js) from the
``<time datetime>`` moments, which carry their offset."""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

# The zones of the United States first in the editor's list, the network's own.
US_ZONES = [
    ("America/New_York", _("Eastern (New York, Atlanta, Miami)")),
    ("America/Chicago", _("Central (Chicago, Houston, Nashville, New Orleans)")),
    ("America/Denver", _("Mountain (Denver, El Paso)")),
    ("America/Phoenix", _("Arizona (Phoenix)")),
    ("America/Los_Angeles", _("Pacific (Los Angeles)")),
    ("America/Anchorage", _("Alaska (Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii (Honolulu)")),
    ("America/Puerto_Rico", _("Atlantic (San Juan)")),
]


def validate_time_zone(value: str) -> None:
    """An IANA time zone this machine knows, such as "America/Chicago"."""
    if value not in all_zones():
        raise ValidationError(
            _("“%(value)s” is not a time zone. Choose one such as America/Chicago."),
            params={"value": value},
            code="invalid_time_zone",
        )


@functools.cache
def all_zones() -> frozenset[str]:
    """The IANA zones for places (not the POSIX and "Etc/" aliases), and UTC."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "posix/", "right/", "SystemV/"))
    ) | {"UTC"}


def zone_choices() -> list:
    """For the editor's select: the United States' zones, then every other, by name."""
    us = {name for name, _label in US_ZONES}
    others = [(name, name.replace("_", " ")) for name in sorted(all_zones() - us)]
    return [(_("United States"), US_ZONES), (_("Everywhere else"), others)]


def default_time_zone() -> str:
    return settings.TIME_ZONE


def local_moment(day: date, at: time, zone_name: str) -> datetime:
    """The moment a wall clock in ``zone_name`` shows ``at`` on ``day``. A time the clock
    skips (2:30 on the morning clocks go forward) is read as the hour after; a time it
    shows twice, as the first."""
    zone = zoneinfo.ZoneInfo(zone_name)
    moment = datetime.combine(day, at, tzinfo=zone)
    # Round-tripping through UTC settles a skipped time on the offset that exists.
    return moment.astimezone(UTC).astimezone(zone)


@dataclass(frozen=True)
class Span:
    """An event's start and end read on one clock, formatted in the active language."""

    start: datetime
    end: datetime

    @property
    def same_day(self) -> bool:
        return self.start.date() == self.end.date()

    @property
    def start_date(self) -> str:
        return date_format(self.start, pgettext("event date", "l, F j, Y"))

    @property
    def start_date_short(self) -> str:
        return date_format(self.start, pgettext("event date in a list", "D, N j, Y"))

    @property
    def end_date(self) -> str:
        return date_format(self.end, pgettext("event date", "l, F j, Y"))

    @property
    def start_time(self) -> str:
        return time_format(self.start, "TIME_FORMAT")

    @property
    def end_time(self) -> str:
        return time_format(self.end, "TIME_FORMAT")

    def text(self, with_date: bool = True) -> str:
        """The span in words, without its zone: "Saturday, March 14, 2026, 10 a.m. –
        4 p.m."; without the date (``with_date``) when it is within one day."""
        times = {"start": self.start_time, "end": self.end_time}
        if not self.same_day:
            return gettext("%(start_date)s, %(start)s – %(end_date)s, %(end)s") % {
                **times,
                "start_date": self.start_date,
                "end_date": self.end_date,
            }
        if not with_date:
            return gettext("%(start)s – %(end)s") % times
        return gettext("%(date)s, %(start)s – %(end)s") % {**times, "date": self.start_date}

    @property
    def zone(self) -> str:
        """The zone's abbreviation ("CDT"); both when the clocks change during the event
        ("CST–CDT")."""
        first, last = self.start.tzname(), self.end.tzname()
        return first if first == last else f"{first}–{last}"

    @property
    def start_iso(self) -> str:
        return self.start.isoformat(timespec="seconds")

    @property
    def end_iso(self) -> str:
        return self.end.isoformat(timespec="seconds")

    @property
    def offsets(self) -> str:
        """The clock's offsets from UTC in minutes at the start and the end, for the
        browser to tell whether the reader's clock is another ("-300 -300")."""
        return " ".join(
            str(round(m.utcoffset().total_seconds() / 60)) for m in (self.start, self.end)
        )


@dataclass(frozen=True)
class When:
    """An event's time on its own clock, and on the site's when that reads otherwise."""

    event: Span
    site: Span | None
    zone_name: str

    @classmethod
    def of(cls, start: datetime, end: datetime, zone_name: str, site_zone: tzinfo | None = None):
        zone = zoneinfo.ZoneInfo(zone_name)
        event = Span(start.astimezone(zone), end.astimezone(zone))
        site_zone = site_zone or timezone.get_default_timezone()
        site = Span(start.astimezone(site_zone), end.astimezone(site_zone))
        differs = (site.start.utcoffset(), site.end.utcoffset()) != (
            event.start.utcoffset(),
            event.end.utcoffset(),
        )
        return cls(event=event, site=site if differs else None, zone_name=zone_name)

    @property
    def site_text(self) -> str:
        """The span on the site's clock, with its date when that is another day."""
        if self.site is None:
            return ""
        return self.site.text(with_date=self.site.start.date() != self.event.start.date())
