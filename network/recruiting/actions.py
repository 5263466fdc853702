"""The rules of who gets in, each one function, called by the join form, the Recruiting
page, the forums' moderation and the demo alike.

``network`` imports neither ``forums`` nor ``blog``: the forums tell it who is suspended
(:func:`count_as_suspended`, registered in their ``AppConfig.ready``) and call
:func:`recruit_suspended_for_spam` when a moderator suspends a member for spam.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from network import ratelimit
from network.recruiting import codes
from network.recruiting.models import (
    Invitation,
    Recruiter,
    Recruitment,
    RegistrationMode,
)

INVITATION_LIFETIME = timedelta(days=14)
ALLOWANCE_PERIOD = timedelta(days=7)
# Wrong passcodes one address may type in a period (seconds) before being told to wait.
WRONG_CODES_LIMIT = 10
WRONG_CODES_PERIOD = 60 * 60
WRONG_CODES_SCOPE = "join-wrong-code"

WRONG_CODE = _(
    "That passcode is not right. Check it with the member who gave it to you: capitals, "
    "spaces and dashes do not matter."
)
NOT_AN_INVITATION = _(
    "Sign-up is by invitation only just now, and that is not a valid invitation code."
)
INVITATION_USED = _("This invitation has been used already: each one lets one person in.")
INVITATION_EXPIRED = _("This invitation has expired. Ask whoever invited you for a new one.")
INVITATION_REVOKED = _("This invitation was withdrawn. Ask whoever invited you about it.")
INVITER_NOT_IN_GOOD_STANDING = _(
    "This invitation no longer lets anyone in. Ask another member you know for a new one."
)

_suspension_checks: list[Callable[[object], bool]] = []


def count_as_suspended(check: Callable[[object], bool]) -> None:
    """Register ``check(user) -> bool``: true when the user is suspended now. The
    forums register theirs; a suspended member is not in good standing."""
    if check not in _suspension_checks:
        _suspension_checks.append(check)


def is_suspended(user) -> bool:
    """Whether ``user`` is suspended now, by the checks registered (the forums')."""
    return any(check(user) for check in _suspension_checks)


class CodeRefused(Exception):
    """A code typed at sign-up that lets nobody in, with the reason to show beside it."""


@dataclass(frozen=True)
class Admission:
    """How a newcomer may come in: which way, who recruits them, through which invitation."""

    way: str
    recruiter: object | None = None
    invitation: Invitation | None = None


def network_settings(request=None):
    """The site's :class:`~network.models.NetworkSettings`: the request's site, or the
    default site outside a request."""
    from wagtail.models import Site

    from network.models import NetworkSettings

    if request is not None:
        return NetworkSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return NetworkSettings.for_site(site) if site else NetworkSettings()


def in_good_standing(user, network, recruiter: Recruiter | bool | None = False) -> bool:
    """Whether ``user`` may recruit: active, a member for at least the settings' days,
    not suspended, and not stopped from recruiting. ``recruiter``: their row when the
    caller has read it already (None: they have none)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.date_joined > timezone.now() - timedelta(days=network.recruiter_minimum_days):
        return False
    if recruiter is False:
        recruiter = Recruiter.objects.filter(user=user).only("stopped_at").first()
    if recruiter is not None and recruiter.stopped_at is not None:
        return False
    return not is_suspended(user)


@dataclass(frozen=True)
class RecruitingStatus:
    """What the Recruiting page shows a member, read once."""

    recruiter: Recruiter | None  # with their passcode, while they may recruit by it
    stopped: Recruiter | None  # when a recruit's spam suspension stopped them
    may_invite: bool
    invitations_left: int | None  # None: no limit (staff)


def status_of(user, network) -> RecruitingStatus:
    row = Recruiter.objects.filter(user=user).first()
    stopped = row if row is not None and row.stopped_at is not None else None
    good = in_good_standing(user, network, row)
    if good and row is None:
        row = _with_new_passcode(lambda code: Recruiter.objects.create(user=user, passcode=code))
    staff = user.is_active and user.is_staff
    may = staff or (good and network.registration_mode != RegistrationMode.CLOSED)
    if staff:
        left = None
    elif may:
        sent = Invitation.objects.filter(inviter=user).sent_since(timezone.now() - ALLOWANCE_PERIOD)
        left = max(0, network.weekly_invitations - sent.count())
    else:
        left = 0
    return RecruitingStatus(row if good else None, stopped, may, left)


def may_invite(user, network) -> bool:
    """Staff always; members in good standing unless sign-up is closed (then invitations
    come from staff only)."""
    return status_of(user, network).may_invite


def passcode_for(user, network) -> Recruiter | None:
    """``user``'s recruiting with their passcode, made the first time they may have one;
    None when they may not recruit by passcode."""
    return status_of(user, network).recruiter


def rotate_passcode(user, network) -> Recruiter:
    """Give ``user`` a new passcode: the old one stops working at once."""
    recruiter = passcode_for(user, network)
    if recruiter is None:
        raise PermissionDenied(gettext("You cannot recruit by passcode at the moment."))

    def renew(code: str) -> Recruiter:
        recruiter.passcode = code
        recruiter.passcode_made_at = timezone.now()
        recruiter.save(update_fields=["passcode", "passcode_made_at"])
        return recruiter

    return _with_new_passcode(renew)


def _with_new_passcode(make: Callable[[str], Recruiter]) -> Recruiter:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return make(codes.new_code(codes.PASSCODE_LENGTH))
        except IntegrityError:  # the same code already taken: draw again
            continue
    raise RuntimeError("No free passcode after five draws.")


def code_needed(network) -> bool:
    return network.registration_mode != RegistrationMode.OPEN


def admission_for(typed: str, network) -> Admission | None:
    """What the code typed at sign-up lets in (None when nothing was typed), or
    :class:`CodeRefused` with why. An invitation first (in closed mode only staff's
    count; a member's only while they are in good standing), then a member's passcode
    (its owner in good standing), then the network's passcode before its expiry."""
    code = codes.normalize(typed)
    if not code:
        return None
    closed = network.registration_mode == RegistrationMode.CLOSED
    invitation = Invitation.objects.select_related("inviter").filter(code=code).first()
    if invitation is not None and not (closed and not invitation.inviter.is_staff):
        refusal = {
            Invitation.State.USED: INVITATION_USED,
            Invitation.State.EXPIRED: INVITATION_EXPIRED,
            Invitation.State.REVOKED: INVITATION_REVOKED,
        }.get(invitation.state)
        if refusal:
            raise CodeRefused(refusal)
        inviter = invitation.inviter
        if not (inviter.is_active and inviter.is_staff) and not in_good_standing(inviter, network):
            # Suspended, or stopped from recruiting since it was sent: as their passcode.
            raise CodeRefused(INVITER_NOT_IN_GOOD_STANDING)
        return Admission(Recruitment.Way.INVITATION, inviter, invitation)
    if closed:
        raise CodeRefused(NOT_AN_INVITATION)
    recruiter = Recruiter.objects.select_related("user").filter(passcode=code).first()
    if recruiter is not None and in_good_standing(recruiter.user, network, recruiter):
        return Admission(Recruitment.Way.PASSCODE, recruiter.user)
    if network_passcode_matches(code, network):
        return Admission(Recruitment.Way.NETWORK_PASSCODE)
    raise CodeRefused(WRONG_CODE)


def invited_address(typed: str) -> str | None:
    """The address a waiting invitation with this code was sent to: the join form
    starts from it (the newcomer may change it)."""
    return (
        Invitation.objects.usable()
        .filter(code=codes.normalize(typed))
        .values_list("email", flat=True)
        .first()
    )


def network_passcode_matches(code: str, network) -> bool:
    expected = codes.normalize(network.network_passcode)
    expires = network.network_passcode_expires_at
    if not expected or expires is None or expires <= timezone.now():
        return False
    return secrets.compare_digest(code.encode(), expected.encode())


def wrong_codes_refusal(request) -> str | None:
    """Why this address may not try another code just now, or None."""
    address = ratelimit.client_address(request)
    tried = ratelimit.attempts(WRONG_CODES_SCOPE, address, period=WRONG_CODES_PERIOD)
    if tried < WRONG_CODES_LIMIT:
        return None
    minutes = math.ceil(ratelimit.seconds_left(WRONG_CODES_PERIOD) / 60)
    return ngettext(
        "Too many wrong passcodes from your connection. Try again in %(minutes)d minute.",
        "Too many wrong passcodes from your connection. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def count_wrong_code(request) -> None:
    ratelimit.count(WRONG_CODES_SCOPE, ratelimit.client_address(request), period=WRONG_CODES_PERIOD)


@transaction.atomic
def record_recruitment(
    member, admission: Admission | None, *, project: str = "", points_of_unity_revision=None
) -> Recruitment:
    """Write how ``member`` came in, and use up their invitation. Two sign-ups racing
    with one invitation both got past the form's check: the second is still recorded
    as invited by the same member (that is who let them in), and the invitation names
    the first."""
    admission = admission or Admission(Recruitment.Way.OPEN)
    now = timezone.now()
    if admission.invitation is not None:
        Invitation.objects.filter(pk=admission.invitation.pk, used_at=None).update(
            used_at=now, used_by=member
        )
    invitation = admission.invitation
    if invitation is not None and Recruitment.objects.filter(invitation=invitation).exists():
        invitation = None
    return Recruitment.objects.create(
        member=member,
        way=admission.way,
        recruiter=admission.recruiter,
        invitation=invitation,
        project=project.strip(),
        agreed_to_points_of_unity_at=now if points_of_unity_revision is not None else None,
        points_of_unity_revision=points_of_unity_revision,
        created_at=now,
    )


def invitations_left(user, network) -> int | None:
    """How many invitations ``user`` may still send this week: None for staff (no
    limit), 0 for whoever may not invite."""
    return status_of(user, network).invitations_left


def invite(inviter, email: str, network, request=None) -> Invitation:
    """Send an invitation to ``email``; PermissionDenied when ``inviter`` may not or has
    used this week's allowance. The email goes through the site's outbox
    (:mod:`network.mail`) once the transaction commits."""
    with transaction.atomic():
        # One inviter's invitations are counted under a lock on them, so two at once
        # cannot both take the last one of the week.
        type(inviter).objects.select_for_update().filter(pk=inviter.pk).first()
        left = invitations_left(inviter, network)
        if left == 0:
            raise PermissionDenied(gettext("You have no invitations left this week."))
        now = timezone.now()
        invitation = Invitation.objects.create(
            code=codes.new_code(codes.INVITATION_LENGTH),
            inviter=inviter,
            email=email,
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
        _send_invitation(invitation, request)
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return f"{settings.SITE_URL}{reverse('account_signup')}?code={invitation.code}"


def _send_invitation(invitation: Invitation, request) -> None:
    inviter = invitation.inviter
    context = {
        "inviter_name": inviter.profile.display_name,
        "inviter_handle": inviter.username,
        "invitation_url": invitation_url(invitation),
        "expires_at": invitation.expires_at,
        "site_name": settings.SITE_NAME,
    }
    subject = render_to_string("network/email/invitation_subject.txt", context, request).strip()
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string("network/email/invitation_message.txt", context, request),
        to=[invitation.email],
    )
    message.send()


def revoke_invitation(invitation: Invitation, by) -> bool:
    """Withdraw a waiting invitation; whether it was waiting. Only its sender or staff."""
    if not (by.is_staff or by.pk == invitation.inviter_id):
        raise PermissionDenied(gettext("Only whoever sent an invitation can withdraw it."))
    return bool(
        Invitation.objects.filter(pk=invitation.pk, used_at=None, revoked_at=None).update(
            revoked_at=timezone.now()
        )
    )


def stop_recruiting(user, because: str) -> None:
    """``user`` loses their passcode and invitations: their waiting invitations are
    withdrawn, and in good standing they are no more until staff clear ``stopped_at``."""
    now = timezone.now()
    recruiter = Recruiter.objects.filter(user=user).first()
    if recruiter is None:
        recruiter = _with_new_passcode(
            lambda code: Recruiter.objects.create(user=user, passcode=code)
        )
    if recruiter.stopped_at is None:
        recruiter.stopped_at = now
        recruiter.stopped_because = because[:300]
        recruiter.save(update_fields=["stopped_at", "stopped_because"])
    Invitation.objects.filter(inviter=user).usable().update(revoked_at=now)


def recruit_suspended_for_spam(member) -> object | None:
    """The forums call this when a moderator suspends ``member`` for spam: whoever
    recruited them stops recruiting. Returns that recruiter, if any."""
    recruitment = Recruitment.objects.select_related("recruiter").filter(member=member).first()
    if recruitment is None or recruitment.recruiter is None:
        return None
    # Kept as written, in the language of the moderator who suspended them.
    because = gettext("@%(handle)s was suspended for spam") % {"handle": member.username}
    stop_recruiting(recruitment.recruiter, because)
    return recruitment.recruiter


def recruitment_of(member) -> Recruitment | None:
    """What moderators read of how ``member`` came in, with their recruiter's profile and
    whether that recruiter was stopped, in one query."""
    return (
        Recruitment.objects.select_related("recruiter__profile", "recruiter__recruiter")
        .filter(member=member)
        .first()
    )


def recruits_of(member) -> list[Recruitment]:
    """Whom ``member`` recruited, newest first (the chain moderators follow), at most 100."""
    return list(
        Recruitment.objects.select_related("member__profile").filter(recruiter=member)[:100]
    )


def join_url() -> str:
    """The address newcomers join at (allauth's sign-up, which leads to the join page)."""
    return f"{settings.SITE_URL}{reverse('account_signup')}"


def signup_open(request) -> bool:
    """Whether the sign-up form is offered: always, but in closed mode only to whoever
    follows the link of a waiting invitation from staff, and to the form posted with a
    code (which the form then checks, so that a mistyped code is refused beside the
    field with everything typed kept)."""
    if registration_mode(request) != RegistrationMode.CLOSED:
        return True
    if request.method == "POST":
        return bool(request.POST.get("passcode", "").strip())
    code = codes.normalize(request.GET.get("code", "")[:64])
    return bool(code) and (
        Invitation.objects.usable().filter(code=code, inviter__is_staff=True).exists()
    )


def registration_mode(request) -> str:
    return network_settings(request).registration_mode
