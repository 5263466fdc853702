import functools
from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext, pgettext

from network import addresses
from network.members import ListedMember, member_macros

register = template.Library()


@register.simple_tag
def address(name):
    """``{% address "forums:index" %}``: what ``{% url "forums:index" %}`` gives for a URL
    pattern without arguments, from the address book kept per process
    (``network.addresses.book``) instead of through ``reverse()``. For the links every
    page shows."""
    return addresses.book()[name]


@register.simple_tag
def member_name(user, viewer):
    """A member's display name, linked to their profile when ``viewer`` may see it
    (``includes/members.jinja``). Expects ``user.profile`` loaded with the user."""
    return member_macros().member_name(None if user is None else ListedMember.of(user, viewer))


@register.simple_tag
def avatar(profile, size="small"):
    """A member's picture, or their initials on a colour of the palette: ``size`` small
    or large (``includes/members.jinja``)."""
    return member_macros().avatar(profile, size)


class Moments:
    """How a page says when things happened, to its reader: the time now, their time
    zone and language, read once for a whole list of rows (each read goes through
    asgiref's Local: a forum page says a hundred moments)."""

    def __init__(self):
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()
        self.language = get_language()

    def ago(self, moment: datetime | None) -> str:
        """How long ago, in words ("just now", "5 minutes ago", "yesterday", "3 days
        ago"), then the date ("Nov. 12" this year, "Nov. 12, 2025" before), in the
        reader's language and time zone. Listings say it on every row, so the words and
        dates are remembered: a translation costs some 5 µs, Django's date formatting 15."""
        if moment is None:
            return ""
        seconds = (self.now - moment).total_seconds()
        if 0 <= seconds < 45:
            return _words(self.language, "now", 0)
        if 0 < seconds < 3600:
            return _words(self.language, "minutes", 1 if seconds < 90 else round(seconds / 60))
        if 0 < seconds < 86400:
            count = 1 if seconds < 5400 else round(seconds / 3600)
            return _words(self.language, "hours", count)
        day, today = moment.astimezone(self.zone).date(), self.now.astimezone(self.zone).date()
        days = (today - day).days
        if 0 < days < 7:
            return _words(self.language, "days", days)
        return _date(self.language, day, day.year != today.year)

    def iso(self, moment: datetime | None) -> str:
        """For ``<time datetime>`` and meta tags: the moment in ISO 8601, to the second.
        Not the date filter's "c": its six decimals of a second are invalid HTML (three
        at most), and nobody reads a page to the millisecond."""
        return moment.astimezone(self.zone).isoformat(timespec="seconds") if moment else ""


@register.filter(is_safe=True)
def ago(moment: datetime | None) -> str:
    return Moments().ago(moment)


@register.filter(is_safe=True)
def iso(moment: datetime | None) -> str:
    return Moments().iso(moment)


@register.filter
def from_iso(value: str | None) -> datetime | None:
    """A moment kept as ISO 8601 text (a log entry's details), for the date filter."""
    return parse_datetime(value) if value else None


@register.filter(is_safe=True)
def long_date(moment: date | datetime | None) -> str:
    """The date written out, as an article's byline, a page's last update or an
    invitation's last day say it: "November 12, 2025", "12 de noviembre de 2025". In
    the reader's time zone. (Lists say ``ago``; Django's DATE_FORMAT is the short one.)"""
    if not moment:
        return ""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    # Translators: the long date, as a format of Django's date filter
    # (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date):
    # "F j, Y" is "November 12, 2025"; Spanish is "j \d\e F \d\e Y".
    return date_format(moment, pgettext("date format", "F j, Y"))


@register.filter(is_safe=True)
def long_day(moment: date | datetime | None) -> str:
    """The day and month written out, without the year: "November 12", "12 de
    noviembre"."""
    if not moment:
        return ""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    # Translators: a day and month, as a format of Django's date filter: "F j" is
    # "November 12"; Spanish is "j \d\e F".
    return date_format(moment, pgettext("date format", "F j"))


@functools.lru_cache(maxsize=512)
def _words(language: str | None, unit: str, count: int) -> str:
    """``count`` units ago in the active language, which ``language`` names so that each
    language is remembered apart. The words are Django's own (humanize's and
    timesince's), which its catalogs already translate; "just now" is Wagtail's."""
    match unit:
        case "now":
            return gettext("just now")
        case "minutes":
            return ngettext("a minute ago", "%(count)s minutes ago", count) % {"count": count}
        case "hours":
            return ngettext("an hour ago", "%(count)s hours ago", count) % {"count": count}
        case "days" if count == 1:
            return gettext("yesterday")
        case "days":
            days = ngettext("%(num)d day", "%(num)d days", count) % {"num": count}
            # Translators: delta is a number of days, such as "3 days".
            return gettext("%(delta)s ago") % {"delta": days}


@functools.lru_cache(maxsize=1024)
def _date(language: str | None, day: date, with_year: bool) -> str:
    """``day`` in the active language's own format, which ``language`` names."""
    return date_format(day, "DATE_FORMAT" if with_year else "MONTH_DAY_FORMAT")
