"""Signing in during a deletion's week of grace cancels it, and says so."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from network.leaving import deleting


@receiver(user_logged_in, dispatch_uid="network.leaving.cancel_deletion")
def cancel_deletion_on_sign_in(sender, request, user, **kwargs):
    if deleting.cancel_deletion(user) and request is not None:
        messages.success(
            request,
            _("Your deletion was cancelled: your account stays, as it was. Welcome back."),
            fail_silently=True,
        )
