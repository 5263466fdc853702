import functools
from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

register = template.Library()

GONE = mark_safe('<span class="member-name member-name--gone">a former member</span>')


@register.simple_tag
def member_name(user, viewer):
    """A member's display name, linked to their profile when ``viewer`` may see it.
    Expects ``user.profile`` loaded with the user. Remembered per viewer for the
    request: a thread page names the same few people many times."""
    if user is None:
        return GONE
    names = viewer.__dict__.setdefault("_member_names", {})
    name = names.get(user.pk)
    if name is None:
        profile = user.profile
        if user.is_active and profile.is_visible_to(viewer):
            name = format_html(
                '<a class="member-name" href="{}">{}</a>',
                profile.get_absolute_url(),
                profile.display_name,
            )
        else:
            name = format_html('<span class="member-name">{}</span>', profile.display_name)
        names[user.pk] = name
    return name


@register.filter(is_safe=True)
def ago(moment: datetime | None) -> str:
    """How long ago, in words ("just now", "5 minutes ago", "yesterday", "3 days ago"),
    then the date ("Nov. 12" this year, "Nov. 12, 2025" before), in the reader's language
    and time zone. Listings say it on every row, so the words and dates are remembered:
    a translation costs some 5 µs, Django's date formatting 15."""
    if moment is None:
        return ""
    now = timezone.now()
    seconds = (now - moment).total_seconds()
    if 0 <= seconds < 45:
        return _words(get_language(), "now", 0)
    if 0 < seconds < 3600:
        return _words(get_language(), "minutes", 1 if seconds < 90 else round(seconds / 60))
    if 0 < seconds < 86400:
        return _words(get_language(), "hours", 1 if seconds < 5400 else round(seconds / 3600))
    zone = timezone.get_current_timezone()
    day, today = moment.astimezone(zone).date(), now.astimezone(zone).date()
    days = (today - day).days
    if 0 < days < 7:
        return _words(get_language(), "days", days)
    return _date(get_language(), day, day.year != today.year)


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


@register.filter(is_safe=True)
def iso(moment: datetime | None) -> str:
    """For ``<time datetime>`` and meta tags: the moment in ISO 8601, to the second.
    Not the date filter's "c": its six decimals of a second are invalid HTML (three
    at most), and nobody reads a page to the millisecond."""
    return (
        moment.astimezone(timezone.get_current_timezone()).isoformat(timespec="seconds")
        if moment
        else ""
    )


class Clock:
    """What forums/rendering.py calls until its HTML moves into templates; goes with it."""

    ago = staticmethod(ago)
    iso = staticmethod(iso)
