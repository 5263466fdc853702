"""The language the site speaks to each reader (issue #14): English or Spanish.

A visitor gets the language their browser asks for (``Accept-Language``) until they
choose one with the switcher in the header or the footer, which remembers the choice in
a cookie (Django's ``LocaleMiddleware`` reads both). A member's choice is kept on their
profile too (:attr:`network.models.Profile.language`): every page they read
(:class:`MemberLanguageMiddleware`) and every email sent to them (:func:`for_member`) is
in it, whatever device or browser asked. Addresses are the same in both languages.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language


def supported(code: str | None) -> str:
    """``code`` as one of ``settings.LANGUAGES`` ('es-mx' -> 'es'); the site's default
    for anything else."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


def current() -> str:
    """The language now active, as one of ``settings.LANGUAGES``: a new profile's
    default, so a member who signed up reading Spanish gets Spanish emails."""
    return supported(translation.get_language())


def of_member(user) -> str:
    """The language a member reads the site and their emails in."""
    profile = getattr(user, "profile", None)
    return supported(getattr(profile, "language", None))


def remember(response, language: str) -> None:
    """Keep ``language`` in the browser's cookie, as the switcher does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@contextmanager
def for_member(user):
    """Speak ``user``'s language inside the block: around an email to them, written by
    the worker or by a request in someone else's language."""
    with translation.override(of_member(user)):
        yield


class MemberLanguageMiddleware:
    """A signed-in member reads the site in their profile's language, which the
    switcher keeps. Below the authentication middleware, which loads the profile with
    the member, so this costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            language = getattr(getattr(user, "profile", None), "language", "")
            if language and language != request.LANGUAGE_CODE:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


@csrf_exempt
def switch(request):
    """The switcher's form: Django's ``set_language`` (the cookie, then back to the page
    the form was on), and for a member the profile's language too.

    Exempt from CSRF checks so that the form, on every page, hands out no token: a page
    with one can be neither cached nor compressed (``network.page_cache``,
    ``network.middleware.CompressPublicPagesMiddleware``). What another site could do
    with it is switch a visitor's language; the session cookie is ``SameSite=Lax``, so
    it never reaches a member's profile from another site's form.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response = set_language(request)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        # Django's view remembers any language it has words for (French, its own);
        # the site speaks these only.
        response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        return response
    user = request.user
    if user.is_authenticated:
        profile = user.profile
        if profile.language != language:
            profile.language = language
            profile.save(update_fields=["language"])
    return response
