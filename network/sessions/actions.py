"""Reading and ending a member's sessions."""

from __future__ import annotations

import re

from allauth.account.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _


def signed_in_sessions(user) -> QuerySet[UserSession]:
    """``user``'s sessions that still sign them in, most recently seen first, in one
    query. Records whose session expired or was ended elsewhere are left out (and
    forgotten by ``clear_expired_sessions``' sweep of Django's sessions; allauth purges
    them when the member next signs in). Django's sessions live in the database
    (``SESSION_ENGINE`` is the default)."""
    alive = Session.objects.filter(
        session_key=OuterRef("session_key"), expire_date__gt=timezone.now()
    )
    return (
        UserSession.objects.filter(user_id=user.pk).filter(Exists(alive)).order_by("-last_seen_at")
    )


def end_session(request, user_session: UserSession) -> None:
    """Sign ``user_session`` out; the one the request comes from signs its member out
    as a sign-out would. The caller has checked it is ``request.user``'s."""
    if user_session.session_key == request.session.session_key:
        get_adapter(request).logout(request)
        user_session.delete()
    else:
        user_session.end()


def end_every_session(request) -> int:
    """Sign ``request.user`` out everywhere, this browser too. Returns how many
    other sessions were ended."""
    user = request.user
    others = UserSession.objects.filter(user_id=user.pk).exclude(
        session_key=request.session.session_key
    )
    ended = 0
    for user_session in others:
        user_session.end()
        ended += 1
    UserSession.objects.filter(user_id=user.pk).delete()
    get_adapter(request).logout(request)
    return ended


BROWSERS = [
    (re.compile(r"\bEdg(e|A|iOS)?/"), "Edge"),
    (re.compile(r"\b(OPR|Opera)/"), "Opera"),
    (re.compile(r"\b(Firefox|FxiOS)/"), "Firefox"),
    (re.compile(r"\bSamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"\b(Chrome|Chromium|CriOS|HeadlessChrome)/"), "Chrome"),
    (re.compile(r"\bSafari/"), "Safari"),
]
SYSTEMS = [
    (re.compile(r"\bAndroid\b"), "Android"),
    (re.compile(r"\b(iPhone|iPad|iPod)\b"), "iOS"),
    (re.compile(r"\bCrOS\b"), "ChromeOS"),
    (re.compile(r"\bWindows\b"), "Windows"),
    (re.compile(r"\bMac OS X\b|\bMacintosh\b"), "macOS"),
    (re.compile(r"\bLinux\b"), "Linux"),
]


def describe_device(user_agent: str) -> str:
    """ "Firefox on Android": what a member recognizes of the browser a session is in,
    from its User-Agent (which the browser may disguise: it is a hint, not a proof)."""
    browser = next((name for pattern, name in BROWSERS if pattern.search(user_agent)), None)
    system = next((name for pattern, name in SYSTEMS if pattern.search(user_agent)), None)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("An unknown browser")
