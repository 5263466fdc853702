"""A member deletes their account, at any post count.

They choose (:class:`~network.leaving.models.AccountDeletion.Mode`) to *anonymize* (their
posts stay, shown as by "a former member") or to *delete their posts too* (each reads
"[deleted by author]" and its replies stay, as a post deleted from its thread does).
Asking (:func:`request_deletion`) signs them out and starts a week of grace: signing in
before it ends cancels it (:func:`cancel_deletion`, heard from every sign-in). Then
beat's task (:func:`carry_out_due_deletions`) erases them (:func:`erase_member`).

The account's row stays, so that threads, posts, reports and the moderation log keep
what they point to; it is left naming nobody: inactive, with an unusable password, no
email address, a handle ``former-member-…`` (which nobody can choose: handles hold no
hyphens), an empty hidden profile, no groups or permissions. Pages name it "a former
member" (``network.members``), member listings and mentions skip it (they ask for
active members), and its profile page is gone.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from network import page_cache
from network.addresses import public_url
from network.directory.models import ProjectMember
from network.leaving import exporting
from network.leaving.models import DELETION_GRACE, AccountDeletion, DataExport
from network.leaving.registry import erasers
from network.models import FORMER_MEMBER_PREFIX, Profile

logger = logging.getLogger(__name__)


@transaction.atomic
def request_deletion(member, mode: str) -> AccountDeletion:
    """Ask for ``member``'s account to be deleted in a week, the ``mode`` they chose,
    and email them how to cancel. Asking again changes the mode and starts the week
    afresh. The caller signs them out (a view: ``logout``)."""
    now = timezone.now()
    deletion, _ = AccountDeletion.objects.update_or_create(
        member=member,
        defaults={"mode": mode, "requested_at": now, "due_at": now + DELETION_GRACE},
    )
    if member.email:
        context = {
            "member": member,
            "deletion": deletion,
            "sign_in_url": public_url(reverse("account_login")),
            "SITE_NAME": settings.SITE_NAME,
        }
        subject = " ".join(
            render_to_string("network/email/deletion_requested_subject.txt", context).split()
        )
        body = render_to_string("network/email/deletion_requested.txt", context)
        EmailMessage(subject=subject, body=body, to=[member.email]).send()
    return deletion


def pending_deletion(member) -> AccountDeletion | None:
    return AccountDeletion.objects.filter(member=member, done_at=None).first()


def cancel_deletion(member) -> bool:
    """Cancel ``member``'s deletion if its grace has not ended; whether there was one."""
    deleted, _ = AccountDeletion.objects.filter(member=member, done_at=None).delete()
    return bool(deleted)


def carry_out_due_deletions(now=None) -> int:
    """Erase every member whose week of grace has ended; how many. Beat runs it hourly.
    Each in its own transaction, its row locked, so that a sign-in at that moment
    either cancels it first or finds it done."""
    now = now or timezone.now()
    due = list(
        AccountDeletion.objects.filter(done_at=None, due_at__lte=now).values_list("pk", flat=True)
    )
    done = 0
    for deletion_id in due:
        with transaction.atomic():
            deletion = (
                AccountDeletion.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=deletion_id, done_at=None, due_at__lte=now)
                .select_related("member")
                .first()
            )
            if deletion is None:
                continue  # cancelled meanwhile, or another worker has it
            erase_member(deletion.member, delete_posts=deletion.deletes_posts)
            deletion.done_at = timezone.now()
            deletion.save(update_fields=["done_at"])
            done += 1
    return done


def erase_member(member, *, delete_posts: bool) -> None:
    """Erase what the network keeps of ``member``, leaving the account's row naming
    nobody (see the module's docstring). Each app's part first (the forums' posts,
    watches and reads; the blog's bylines; invitations), then the network's own. Caller
    is in a transaction."""
    for name, erase in erasers().items():
        logger.info("Erasing member %s: %s", member.pk, name)
        erase(member, delete_posts)

    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.users.models import UserProfile

    from network.notifications.models import Notification, Preference

    ProjectMember.objects.filter(member=member).delete()
    Notification.objects.filter(recipient=member).delete()
    Preference.objects.filter(user=member).delete()
    EmailAddress.objects.filter(user=member).delete()
    Authenticator.objects.filter(user=member).delete()
    UserProfile.objects.filter(user=member).delete()
    for export in DataExport.objects.filter(member=member):
        if export.file_name:
            exporting.storage().delete(export.file_name)
    DataExport.objects.filter(member=member).delete()
    _empty_profile(member)

    member.username = f"{FORMER_MEMBER_PREFIX}{secrets.token_hex(6)}"
    member.email = ""
    member.first_name = ""
    member.last_name = ""
    member.is_active = False
    member.is_staff = False
    member.is_superuser = False
    # A new password hash also ends every session it signed, whatever keeps sessions.
    member.set_unusable_password()
    member.save()
    member.groups.clear()
    member.user_permissions.clear()
    revoke_sessions(member)
    transaction.on_commit(page_cache.invalidate, robust=True)


def _empty_profile(member) -> None:
    profile = Profile.objects.get(user=member)
    if profile.avatar:
        profile.avatar.delete(save=False)
    profile.organizations.clear()
    profile.display_name = ""
    profile.bio = ""
    profile.region = None
    profile.tendency = None
    profile.visibility = Profile.Visibility.HIDDEN
    profile.save()


def revoke_sessions(member) -> int:
    """End every session ``member`` is signed in with; how many were found. Sessions in
    the database are deleted (one pass over the live ones: deletions are rare, and done
    by the worker); whatever else keeps them, the member's new password hash fails each
    one's check on its next request."""
    ended = 0
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        user_id = str(member.pk)
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == user_id:
                session.delete()
                ended += 1
    from django.apps import apps

    if apps.is_installed("allauth.usersessions"):
        for user_session in apps.get_model("usersessions", "UserSession").objects.filter(
            user=member
        ):
            user_session.end()
            ended += 1
    return ended


def former_members():
    """Accounts their owners deleted."""
    return get_user_model().objects.filter(
        is_active=False, username__startswith=FORMER_MEMBER_PREFIX
    )
