"""Middleware of the whole site: public pages compressed (never one carrying a secret),
requests carrying a NUL character refused before anything reads them, the
Content-Security-Policy, strict on the public site and as loose as the admin needs, the
second factor the admin and moderation pages ask of staff, editors and moderators, and
when a member's session was last seen."""

import time
from contextlib import suppress

from allauth.usersessions.models import UserSession
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import middleware as auth_middleware
from django.core.exceptions import PermissionDenied
from django.http import UnreadablePostError
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from network import members, second_factor

NUL = "\x00"

# What is worth compressing: text. Pictures and archives are compressed already.
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/rss+xml",
                "application/atom+xml", "application/javascript")  # fmt: skip


class CompressPublicPagesMiddleware(GZipMiddleware):
    """gzip for what a visitor reads and anyone could: pages to a visitor that hand out
    no CSRF token. A page that carries a secret (a member's page, a form's token) is
    never compressed: BREACH reads a secret from compressed sizes when the page also
    echoes what an attacker sent."""

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if (
            user is None
            or user.is_authenticated
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or not response.get("Content-Type", "").startswith(COMPRESSIBLE)
        ):
            return response
        return super().process_response(request, response)


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL character in its address, a query-string key or
    value, a form field's name or value (urlencoded or multipart) or a cookie.

    PostgreSQL cannot hold a NUL in text, so the first query given one fails with a
    DataError: a server error for a visitor's typo or a prober's payload, on any page
    that looks something up. Refusing here, early in ``MIDDLEWARE`` (before the session
    is read and before the CSRF check, which would answer a form 403 instead), keeps
    every page, ours, Wagtail's and allauth's, from meeting one. Uploaded files' bytes are
    not looked at (a picture holds zeros); Django already drops a NUL from their names."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return render(request, "network/nul_refused.html", status=400)
        return self.get_response(request)


def carries_nul(request) -> bool:
    texts = [request.path, *request.COOKIES.values()]
    texts.extend(_keys_and_values(request.GET))
    if request.method == "POST":
        with suppress(UnreadablePostError):  # the client went away: the view meets it as ever
            texts.extend(_keys_and_values(request.POST))
    return any(NUL in text for text in texts)


def _keys_and_values(query) -> list[str]:
    return [text for key, values in query.lists() for text in (key, *values)]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with ``CONTENT_SECURITY_POLICY_ADMIN_REPLACE`` applied to the
    Wagtail and Django admin (``ADMIN_URL_PREFIXES``) and nowhere else."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIXES):
            parts.replace = {
                **settings.CONTENT_SECURITY_POLICY_ADMIN_REPLACE,
                **(parts.replace or {}),
            }
        return parts


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the member (and their profile, ``network.auth_backends``) loaded
    at once instead of behind a lazy proxy: every page asks who reads it, and each
    attribute read through Django's ``SimpleLazyObject`` raises and catches an
    ``AttributeError`` inside it (a thread page asks a few times per post: over a
    thousand exceptions, some 2 ms). A visitor without a session costs no query."""

    def process_request(self, request):
        super().process_request(request)
        request.user = auth.get_user(request)


class SecondFactorMiddleware:
    """Staff, editors and moderators who have not added a second factor (an
    authenticator app or a passkey) are sent from the admin and the moderation pages to
    the two-factor page, told why. Other pages cost nothing; those, one query
    (``network.second_factor``). Off when ``SECOND_FACTOR_REQUIRED`` is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SECOND_FACTOR_REQUIRED or not request.user.is_authenticated:
            return None
        if not second_factor.is_guarded(request.path_info, request.resolver_match):
            return None
        if not second_factor.lacks_required_second_factor(request.user):
            return None
        messages.warning(
            request,
            _(
                "Staff, editors and moderators sign in with a second factor. Add an "
                "authenticator app or a passkey here, then go back to the page you "
                "wanted."
            ),
        )
        return redirect("mfa_index")


SEEN_AT = "network_session_seen_at"


class SessionActivityMiddleware:
    """allauth.usersessions' record of a member's session (device, address, last seen),
    written when they sign in (allauth's signal) and then at most every
    ``SESSION_SEEN_EVERY_SECONDS``: allauth's own tracking writes on every request. When
    it was last written is kept in the session itself, so most requests cost nothing.
    The member's own last visit (``network.members.note_visit``) is written with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.session.session_key:
            seen_at = request.session.get(SEEN_AT)
            now = time.time()
            if seen_at is None or now - seen_at >= settings.SESSION_SEEN_EVERY_SECONDS:
                # allauth refuses a request whose address it cannot tell (a proxy's
                # header missing): the page is still served, and seen another time.
                with suppress(PermissionDenied):
                    UserSession.objects.create_from_request(request)
                    request.session[SEEN_AT] = now
                members.note_visit(request.user.pk, timezone.now())
        return self.get_response(request)


def note_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in records the session (allauth) and counts as being seen."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_AT] = time.time()
    members.note_visit(user.pk, timezone.now())
