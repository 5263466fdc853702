from datetime import datetime

from django import template
from django.template import engines
from django.utils import timezone

from network.members import ListedMember

register = template.Library()

MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


@register.simple_tag
def member_name(user, viewer):
    """A member's display name, linked to their profile when ``viewer`` may see it
    (``includes/members.jinja``). Expects ``user.profile`` loaded with the user."""
    return _members().member_name(None if user is None else ListedMember.of(user, viewer))


@register.simple_tag
def avatar(profile, size="small"):
    """A member's picture, or their initials on a colour of the palette: ``size`` small
    or large (``includes/members.jinja``)."""
    return _members().avatar(profile, size)


def _members():
    return engines["jinja2"].env.get_template("includes/members.jinja").module


class Clock:
    """The time now and the reader's time zone, looked up once for a whole list: each
    lookup goes through asgiref's Local, and a forum page shows a hundred moments."""

    def __init__(self):
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()

    def ago(self, moment: datetime | None) -> str:
        """How long ago, in words ("just now", "5 minutes ago", "yesterday", "3 days
        ago"), then the date ("Nov. 12" this year, "Nov. 12, 2025" before). Humanize's
        naturaltime says the same at twenty times the cost, and listings show dozens."""
        if moment is None:
            return ""
        seconds = (self.now - moment).total_seconds()
        if 0 <= seconds < 45:
            return "just now"
        if 0 < seconds < 90:
            return "a minute ago"
        if 0 < seconds < 3600:
            return f"{round(seconds / 60)} minutes ago"
        if 0 < seconds < 5400:
            return "an hour ago"
        if 0 < seconds < 86400:
            return f"{round(seconds / 3600)} hours ago"
        local, today = moment.astimezone(self.zone), self.now.astimezone(self.zone).date()
        days = (today - local.date()).days
        if days == 1:
            return "yesterday"
        if 1 < days < 7:
            return f"{days} days ago"
        date = f"{MONTHS[local.month - 1]} {local.day}"
        return date if local.year == today.year else f"{date}, {local.year}"

    def iso(self, moment: datetime | None) -> str:
        """For ``<time datetime>`` and meta tags: the moment in ISO 8601, to the second.
        Not the date filter's "c": its six decimals of a second are invalid HTML (three
        at most), and nobody reads a page to the millisecond."""
        return moment.astimezone(self.zone).isoformat(timespec="seconds") if moment else ""


@register.filter(is_safe=True)
def ago(moment: datetime | None) -> str:
    return Clock().ago(moment)


@register.filter(is_safe=True)
def iso(moment: datetime | None) -> str:
    return Clock().iso(moment)
