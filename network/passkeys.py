"""Passkeys (allauth's WebAuthn) in the site's words: the form that adds one asks for a
name and whether it signs its owner in alone (``MFA_FORMS`` in settings)."""

from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm
from django.utils.translation import gettext_lazy as _


class AddPasskeyForm(AddWebAuthnForm):
    """allauth's, labelled for members. A passkey that signs in alone needs the device
    to check who holds it (fingerprint, face, PIN): the browser asks for that when the
    box is ticked, which it is unless the member unticks it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name")
        self.fields["name"].help_text = _("The device that keeps it, such as “my phone”.")
        if "passwordless" in self.fields:
            passwordless = self.fields["passwordless"]
            passwordless.label = _("Sign in with this passkey alone, without a password")
            passwordless.help_text = _("Otherwise it is only the second step after your password.")
            passwordless.initial = True


class EditPasskeyForm(EditWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name")
