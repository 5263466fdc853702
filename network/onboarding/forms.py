"""The welcome's two forms that change the profile."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Profile, Region, Tendency


class PlaceForm(forms.Form):
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        required=False,
        label=_("Where you organize"),
        empty_label=_("Choose a state"),
    )
    tendency = forms.ModelChoiceField(
        queryset=Tendency.objects.all(),
        required=False,
        label=_("Your tendency"),
        empty_label=_("I prefer not to say"),
        help_text=_("Optional. Other members see it on your profile, as you choose below."),
    )


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        choices=[
            (Profile.Visibility.PUBLIC, _("Anyone, even people who are not members")),
            (Profile.Visibility.MEMBERS, _("Only members who are signed in")),
            (Profile.Visibility.HIDDEN, _("Nobody but you and the site's staff")),
        ],
        widget=forms.RadioSelect,
        label=_("Who sees your profile"),
    )
