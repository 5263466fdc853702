"""The form that signs an endorsement drive, as the public fills it in."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from blog.endorsements import Endorsement, EndorsementDrive
from network.honeypot import HONEYPOT_FIELD, HoneypotForm
from network.models import Region

Kind = Endorsement.Kind

# Control characters (a NUL never gets this far: network.middleware refuses it), and
# the invisible marks that reorder or hide text, in a name listed on a public page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

ORGANIZATION_REQUIRED = _("Give the organization’s name: it is what the page lists.")


def plain_line(value: str) -> str:
    """One line of plain text: control characters out, runs of spaces made one."""
    return " ".join(_CONTROL.sub("", value).split())


def plain_text(value: str) -> str:
    """Plain text of a few paragraphs: control characters out, lines kept."""
    lines = [" ".join(line.split()) for line in _CONTROL.sub("", value).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class EndorsementForm(HoneypotForm):
    """Everything is plain text, escaped where it is shown. The last field is the site's
    honeypot (``network.honeypot``), as on the contact form."""

    kind = forms.ChoiceField(label=_("Signing as"), choices=Kind.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organization = forms.CharField(
        label=_("Organization"),
        max_length=200,
        required=False,
        help_text=_("Required when signing for an organization. Individuals: optional."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.CharField(
        label=_("Role"),
        max_length=120,
        required=False,
        help_text=_("Optional: your role in the organization, or what you do."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    city = forms.CharField(
        label=_("City or town"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    region = forms.ModelChoiceField(
        label=_("State"), queryset=Region.objects.all(), empty_label=_("Choose your state")
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_(
            "Never shown. We email you a link: your endorsement counts once you follow it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    listed = forms.BooleanField(label=_("List my name on this page"), required=False, initial=True)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        help_text=_("Up to 500 characters, shown with your name once approved."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, drive: EndorsementDrive, **kwargs):
        super().__init__(*args, **kwargs)
        self.drive = drive
        kinds = drive.kinds
        field = self.fields["kind"]
        field.choices = [(value, label) for value, label in Kind.choices if value in kinds]
        field.error_messages["invalid_choice"] = (
            _("This drive takes endorsements from organizations only.")
            if kinds == [Kind.ORGANIZATION]
            else _("This drive takes endorsements from individuals only.")
        )
        if len(kinds) == 1:
            field.initial = kinds[0]
            field.widget = forms.HiddenInput()
            if kinds == [Kind.ORGANIZATION]:
                self.fields["organization"].required = True
                self.fields["organization"].help_text = ""
                self.fields["name"].label = _("Your name (the person signing)")
            else:
                self.fields["organization"].help_text = _(
                    "Optional, for identification purposes only."
                )
        self.fields["organization"].error_messages["required"] = ORGANIZATION_REQUIRED
        self.fields["region"].help_text = _("Or “Outside the South”.")

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    @property
    def fields_shown(self):
        """Every field but the honeypot, which the template puts apart."""
        return [field for field in self.visible_fields() if field.name != HONEYPOT_FIELD]

    def clean_name(self) -> str:
        return self._required_line("name")

    def clean_city(self) -> str:
        return self._required_line("city")

    def clean_organization(self) -> str:
        return plain_line(self.cleaned_data["organization"])

    def clean_role(self) -> str:
        return plain_line(self.cleaned_data["role"])

    def clean_comment(self) -> str:
        return plain_text(self.cleaned_data["comment"])

    def _required_line(self, name: str) -> str:
        value = plain_line(self.cleaned_data[name])
        if not value:
            raise forms.ValidationError(self.fields[name].error_messages["required"])
        return value

    def clean(self):
        cleaned_data = super().clean()  # refuses the whole form when the honeypot is filled
        if (
            cleaned_data.get("kind") == Kind.ORGANIZATION
            and not cleaned_data.get("organization")
            and "organization" not in self.errors
        ):
            self.add_error("organization", ORGANIZATION_REQUIRED)
        return cleaned_data
