from django import forms
from django.utils.translation import gettext_lazy as _


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_(
            "They get a link to join, valid for 14 days, once. Nobody else sees the address."
        ),
        error_messages={
            "required": _("Whom should we send the invitation to?"),
            "invalid": _("That does not look like an email address."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
