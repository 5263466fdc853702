from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from network.leaving.models import AccountDeletion


class DeletionForm(forms.Form):
    """What a member chooses when they delete their account."""

    mode = forms.ChoiceField(
        label=_("What happens to your posts and comments"),
        choices=AccountDeletion.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your posts and comments.")},
    )
    understood = forms.BooleanField(
        label=_("I understand that after seven days this cannot be undone."),
        error_messages={"required": _("Tick this box to confirm.")},
    )
