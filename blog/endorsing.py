"""What happens to an endorsement: signed through the form, confirmed through the emailed
link, approved or rejected by an editor, withdrawn by its endorser, forgotten if never
confirmed. Plain functions, called by the views, the admin, the worker and the tests.

**Double opt-in.** Signing writes an unconfirmed endorsement and emails its address a
link; only following it makes the endorsement count (and reach the editors), so nobody
can sign someone else up. Signing again with an address that signed tells the page
nothing: the same message either way, and the address gets the email it needs (the
confirmation link again, or "you have signed; here is how to withdraw").

**Links.** A token names the endorsement and a digest of its address, signed with the
site's secret and a salt per use (:mod:`django.core.signing`): a confirmation link
expires after ``CONFIRM_WITHIN``, a withdrawal link never does. Emails leave through the
site's mail backend, which keeps them in the database and hands them to the worker once
the transaction commits (:mod:`network.mail`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from blog.endorsements import Endorsement, EndorsementDrive, normalized_email
from network import generations, page_cache, ratelimit
from network.addresses import public_page_url, public_url
from network.notifications import actions as notifications

CONFIRM_SALT = "blog.endorsements.confirm"
WITHDRAW_SALT = "blog.endorsements.withdraw"
ADDRESS_SALT = "blog.endorsements.address"
CONFIRM_WITHIN = timedelta(days=7)

# Signatures a visitor's address may send in an hour (a conference room shares one),
# and signing attempts one email address may receive: each sends an email.
PER_VISITOR_LIMIT = 30
PER_EMAIL_LIMIT = 3
LIMIT_PERIOD = 60 * 60

NOTIFICATION_SOURCE = "blog.endorsement"

Status = Endorsement.Status


# --- Tokens -------------------------------------------------------------------------


def _address_digest(email: str) -> str:
    """A keyed digest of the address: a token is good only for the address it was sent
    to, and says nothing of it to whoever reads it."""
    return salted_hmac(ADDRESS_SALT, normalized_email(email)).hexdigest()[:20]


def make_token(endorsement: Endorsement, salt: str) -> str:
    return signing.dumps([endorsement.pk, _address_digest(endorsement.email)], salt=salt)


class BadToken(Exception):
    """Forged, altered, expired, or naming an endorsement that is gone."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def read_token(token: str, salt: str, max_age: timedelta | None = None) -> Endorsement:
    """The endorsement ``token`` names, or :class:`BadToken`."""
    try:
        pk, digest = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadToken(expired=True) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadToken from None
    if not isinstance(pk, int) or not isinstance(digest, str):
        raise BadToken
    endorsement = Endorsement.objects.select_related("drive__page", "region").filter(pk=pk).first()
    if endorsement is None or digest != _address_digest(endorsement.email):
        raise BadToken
    return endorsement


def confirm_url(endorsement: Endorsement) -> str:
    token = make_token(endorsement, CONFIRM_SALT)
    return public_url(reverse("endorsement_confirm", args=[token]))


def withdraw_url(endorsement: Endorsement) -> str:
    token = make_token(endorsement, WITHDRAW_SALT)
    return public_url(reverse("endorsement_withdraw", args=[token]))


# --- Signing ------------------------------------------------------------------------


def signing_refused(request, email: str) -> int | None:
    """Count one signature from this visitor and for this address; the seconds to wait
    when either is past its limit (nothing is saved then), else None."""
    visitor = ratelimit.allow(
        "endorse", ratelimit.client_address(request), limit=PER_VISITOR_LIMIT, period=LIMIT_PERIOD
    )
    # The address itself never goes into a cache key.
    address = hashlib.sha256(normalized_email(email).encode()).hexdigest()[:32]
    for_address = ratelimit.allow(
        "endorse-email", address, limit=PER_EMAIL_LIMIT, period=LIMIT_PERIOD
    )
    if visitor and for_address:
        return None
    return ratelimit.seconds_left(LIMIT_PERIOD)


FIELDS = ("kind", "name", "organization", "role", "city", "region", "listed", "comment")


@transaction.atomic
def sign(drive: EndorsementDrive, data: dict) -> Endorsement:
    """Sign ``drive`` with the form's cleaned ``data`` and email the address: a new
    endorsement, unconfirmed, with its confirmation link; or, when the address has
    signed already, that endorsement, unchanged, with the link it needs. The caller
    tells the visitor the same in both cases."""
    email = normalized_email(data["email"])
    existing = Endorsement.objects.for_email(drive, email).first()
    if existing is None:
        try:
            with transaction.atomic():
                endorsement = Endorsement.objects.create(
                    drive=drive, email=email, **{field: data[field] for field in FIELDS}
                )
        except IntegrityError:  # the same address, signing at the same moment
            existing = Endorsement.objects.for_email(drive, email).get()
        else:
            _send(endorsement, "endorsement_confirm")
            return endorsement
    _send(
        existing,
        "endorsement_confirm" if existing.status == Status.UNCONFIRMED else "endorsement_again",
    )
    return existing


def _send(endorsement: Endorsement, template: str) -> None:
    drive = endorsement.drive
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "endorsement": endorsement,
        "title": drive.page.title,
        "page_url": public_page_url(drive.page),
        "confirm_url": confirm_url(endorsement),
        "withdraw_url": withdraw_url(endorsement),
        "confirm_days": CONFIRM_WITHIN.days,
    }
    subject = " ".join(render_to_string(f"blog/email/{template}_subject.txt", context).split())
    EmailMessage(
        subject=subject,
        body=render_to_string(f"blog/email/{template}_message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[endorsement.email],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()


# --- Confirming and withdrawing -----------------------------------------------------


def confirm(endorsement: Endorsement) -> bool:
    """The endorser followed their link: the endorsement waits for an editor, who hears
    of it (by default in the daily digest). Whether it changed (a second click does
    nothing)."""
    with transaction.atomic():
        changed = Endorsement.objects.filter(pk=endorsement.pk, status=Status.UNCONFIRMED).update(
            status=Status.PENDING, confirmed_at=timezone.now()
        )
        if changed:
            notifications.record(
                NOTIFICATION_SOURCE,
                endorsement.pk,
                conversation=moderation_conversation(endorsement.drive_id),
            )
    return bool(changed)


def withdraw(endorsement: Endorsement) -> None:
    """The endorser takes their name back: the endorsement is deleted, address and all,
    and stops counting at once. The address may sign again later."""
    with transaction.atomic():
        was_public = endorsement.status == Status.APPROVED
        Endorsement.objects.filter(pk=endorsement.pk).delete()
        if was_public:
            _public_list_changed([endorsement.drive_id])


def forget_unconfirmed(older_than: timedelta = CONFIRM_WITHIN) -> int:
    """Delete the endorsements never confirmed within their link's life: the addresses
    of people who may never have signed are not kept. How many."""
    before = timezone.now() - older_than
    deleted, _ = Endorsement.objects.filter(
        status=Status.UNCONFIRMED, created_at__lt=before
    ).delete()
    return deleted


# --- Moderating ---------------------------------------------------------------------


def moderation_conversation(drive_id: int) -> str:
    """The notifications of one drive's endorsements: an editor's emails of a drive are
    grouped, and reviewing them marks them read."""
    return f"blog.endorsements.{drive_id}"


def approve(endorsement_ids: Iterable[int], editor) -> int:
    """Approve the confirmed endorsements among ``endorsement_ids`` (never an unconfirmed
    one): they count and, when their endorsers agreed, are listed. How many changed."""
    return _moderate(endorsement_ids, editor, Status.APPROVED)


def reject(endorsement_ids: Iterable[int], editor) -> int:
    """Reject them: not counted, not listed (an approved one leaves the page)."""
    return _moderate(endorsement_ids, editor, Status.REJECTED)


def _moderate(endorsement_ids: Iterable[int], editor, status: str) -> int:
    with transaction.atomic():
        changing = (
            Endorsement.objects.confirmed()
            .filter(pk__in=list(endorsement_ids))
            .exclude(status=status)
            .select_for_update()
        )
        rows = list(changing.values_list("pk", "drive_id", "status"))
        Endorsement.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(
            status=status, moderated_at=timezone.now(), moderated_by=editor
        )
        # The public list changes when something enters it or leaves it.
        touched = {drive_id for _, drive_id, before in rows if Status.APPROVED in (before, status)}
        if touched:
            _public_list_changed(touched)
    return len(rows)


# --- The public list, cached --------------------------------------------------------

ENDORSERS_SECONDS = 60 * 60


def _generation_key(drive_id: int) -> str:
    return f"blog.endorsers:{drive_id}:generation"


def endorsers_cache_key(drive_id: int) -> str:
    """Where a drive's rendered list of endorsers is kept, in the active language (its
    headings and counts are worded): under its generation (:mod:`network.generations`),
    which :func:`_public_list_changed` bumps, so a list rendered from before a change is
    never served after it."""
    generation = generations.current([_generation_key(drive_id)])
    return f"blog.endorsers:{drive_id}:{generation}:{get_language()}"


def _public_list_changed(drive_ids: Iterable[int]) -> None:
    generations.bump(*(_generation_key(drive_id) for drive_id in drive_ids))
    # A closed drive's page (no form on it) may be in the anonymous page cache.
    transaction.on_commit(page_cache.invalidate, robust=True)
