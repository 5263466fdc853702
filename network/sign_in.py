"""Failed sign-ins, counted per account.

A member signs in with their handle or their email address: both name one account, and
wrong passwords for either count together. They lock out the place they come from (an
address, :func:`network.ratelimit.client_address`) for that account, never the member:
the owner still signs in from anywhere else. Past a ceiling for the whole account,
sign-in with a password pauses everywhere until the hour is out, and the owner is told
once; resetting the password still lets them in (``ACCOUNT_LOGIN_ON_PASSWORD_RESET``).

A login that names nobody is counted the same way, by what was typed, so that how a
sign-in is refused never tells whether an account exists. The adapter
(network.adapters) asks :func:`refusal` before each password is checked and calls
:func:`count_failure` after each that was wrong; allauth still counts failures per address
across all accounts (``ACCOUNT_RATE_LIMITS["login_failed"]``), which also bounds how many
attempts can race past a check before their failures are counted.
"""

from __future__ import annotations

import hashlib
import math
import operator
from datetime import timedelta
from functools import reduce

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.translation import ngettext, pgettext

from network import language, ratelimit

# The scopes of network.ratelimit they are counted at, and their limits.
ONE_PLACE = "sign-in-failures-from-one-place"
FAILURES_FROM_ONE_PLACE = 5
ONE_PLACE_PERIOD = 5 * 60
ACCOUNT = "sign-in-failures-per-account"
FAILURES_PER_ACCOUNT = 50
ACCOUNT_PERIOD = 60 * 60


def refusal(request, credentials: dict) -> str | None:
    """Why a sign-in with ``credentials`` is refused before its password is checked, or
    None when it may be tried."""
    account = _account_key(credentials)
    if ratelimit.attempts(ACCOUNT, account, period=ACCOUNT_PERIOD) >= FAILURES_PER_ACCOUNT:
        minutes = _minutes_left(ACCOUNT_PERIOD)
        return ngettext(
            "Sign-in to this account is paused after too many failed attempts. Try again "
            "in %(minutes)d minute, or reset your password to sign in now.",
            "Sign-in to this account is paused after too many failed attempts. Try again "
            "in %(minutes)d minutes, or reset your password to sign in now.",
            minutes,
        ) % {"minutes": minutes}
    here = _from_here(request, account)
    if ratelimit.attempts(ONE_PLACE, here, period=ONE_PLACE_PERIOD) >= FAILURES_FROM_ONE_PLACE:
        minutes = _minutes_left(ONE_PLACE_PERIOD)
        return ngettext(
            "Too many failed sign-ins to this account from here. Try again in %(minutes)d "
            "minute, or reset your password.",
            "Too many failed sign-ins to this account from here. Try again in %(minutes)d "
            "minutes, or reset your password.",
            minutes,
        ) % {"minutes": minutes}
    return None


def count_failure(request, credentials: dict) -> None:
    """Count a wrong password for the account ``credentials`` name, from where the request
    came and for the whole account; the failure that reaches the account's ceiling tells
    its owner (one request sees it reached: the count is one atomic increment)."""
    account = _account_key(credentials)
    ratelimit.count(ONE_PLACE, _from_here(request, account), period=ONE_PLACE_PERIOD)
    failures = ratelimit.count(ACCOUNT, account, period=ACCOUNT_PERIOD)
    if failures == FAILURES_PER_ACCOUNT and account.startswith("account:"):
        _tell_owner(request, int(account.removeprefix("account:")))


def _account_key(credentials: dict) -> str:
    """The account a sign-in is for, whichever of its handle or email address was typed;
    a login that names nobody (or more than one account) stands for itself."""
    email = (credentials.get("email") or "").strip()
    handle = (credentials.get("username") or "").strip()
    names = [Q(username__iexact=handle)] if handle else []
    if email:
        names += [Q(email__iexact=email), Q(emailaddress__email__iexact=email)]
    if names:
        owners = get_user_model().objects.filter(reduce(operator.or_, names))
        found = list(owners.values_list("pk", flat=True).distinct()[:2])
        if len(found) == 1:
            return f"account:{found[0]}"
    typed = (email or handle).lower().encode()
    return f"login:{hashlib.sha256(typed).hexdigest()}"


def _from_here(request, account: str) -> str:
    return f"{ratelimit.client_address(request)}:{account}"


def _minutes_left(period: int) -> int:
    return math.ceil(ratelimit.seconds_left(period) / 60)


def _tell_owner(request, user_id: int) -> None:
    owner = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True)
        .select_related("profile")
        .first()
    )
    if owner is None or not owner.email:
        return
    # In the owner's language, not that of whoever is trying their password.
    with language.for_member(owner):
        _send_paused(request, owner)


def _send_paused(request, owner) -> None:
    until = timezone.now() + timedelta(seconds=ratelimit.seconds_left(ACCOUNT_PERIOD))
    get_adapter(request).send_mail(
        "account/email/sign_in_paused",
        owner.email,
        {
            "user": owner,
            "failures": FAILURES_PER_ACCOUNT,
            # Translators: a time of day with its zone, as a format of Django's time
            # filter: "g:i A T" is "4:30 PM EST"; Spanish is "H:i T".
            "until": time_format(timezone.localtime(until), pgettext("time format", "g:i A T")),
            "reset_url": settings.SITE_URL + reverse("account_reset_password"),
        },
    )
