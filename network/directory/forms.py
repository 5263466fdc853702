"""The directory's forms on the site: its filters, proposing an organization, writing to a
local project's contacts; and the logo field the admin's form shares."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from network.avatars import ACCEPTED_NAMES, ACCEPTED_TYPES, make_logo
from network.directory import actions
from network.directory.models import LocalProject, Organization, ProfileOrganization

MESSAGE_MAX_LENGTH = 5_000


class LogoField(forms.ImageField):
    """An organization's logo: what comes back is the picture made small and stripped of
    its metadata (:func:`network.avatars.make_logo`), never the uploaded file."""

    default_error_messages = {
        "too_big": _("That picture is over 5 MB; please choose a smaller one."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Logo"))
        kwargs.setdefault(
            "help_text",
            format_lazy(
                _("{accepted}, up to 5 MB. We make it small and remove its metadata."),
                accepted=ACCEPTED_NAMES,
            ),
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ACCEPTED_TYPES

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if not isinstance(value, UploadedFile):
            return value  # none sent, the one kept, or False: cleared
        if value.size > settings.AVATAR_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        return make_logo(value)


class ShownOrganizationsField(forms.ModelMultipleChoiceField):
    """On the profile form: which of the member's organizations that are in the directory
    name them on their page (:func:`network.directory.actions.show_on_pages`)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Name me on these organizations’ pages"))
        kwargs.setdefault(
            "help_text",
            _(
                "Your organizations that are in the directory. Each page names only the "
                "members who tick it here, and only to those who may see their profile."
            ),
        )
        super().__init__(queryset=Organization.objects.none(), required=False, **kwargs)

    def for_profile(self, profile) -> list[int]:
        """Offer ``profile``'s listed organizations; return those ticked now."""
        self.queryset = (
            Organization.objects.listed()
            .filter(profile_items__content_object=profile)
            .order_by("name")
        )
        return list(
            ProfileOrganization.objects.filter(
                content_object=profile, shown_on_page=True
            ).values_list("tag_id", flat=True)
        )


class WebsiteField(forms.URLField):
    """An organization's website: an address typed without its scheme is taken as https
    (the model allows only http and https)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Website"))
        super().__init__(required=False, max_length=300, assume_scheme="https", **kwargs)


def _choice(label, choices, blank_label):
    return forms.ChoiceField(label=label, choices=[("", blank_label), *choices], required=False)


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the address (GET): a value that is none of the
    choices gets its error beside its field and filters nothing."""

    region = _choice(_("Region"), [], _("All regions"))
    kind = _choice(_("Kind"), Organization.Kind.choices, _("All kinds"))
    affiliates = forms.BooleanField(required=False, label=_("Network affiliates only"))

    def __init__(self, data, *, regions):
        super().__init__(data, auto_id="filter-%s")
        self.regions = {region.slug: region for region in regions}
        self.fields["region"].choices = [
            ("", _("All regions")),
            *((region.slug, region.name) for region in regions),
        ]

    def chosen(self, name: str):
        """The valid value of filter ``name``, or None."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None

    @property
    def chosen_region(self):
        slug = self.chosen("region")
        return self.regions.get(slug) if slug else None

    def apply(self, organizations):
        if region := self.chosen_region:
            organizations = organizations.filter(regions=region)
        if kind := self.chosen("kind"):
            organizations = organizations.filter(kind=kind)
        if self.chosen("affiliates"):
            organizations = organizations.filter(affiliate=True)
        return organizations


class ProjectFilterForm(DirectoryFilterForm):
    kind = None
    affiliates = None
    status = _choice(_("Status"), LocalProject.Status.choices, _("Any status"))

    def apply(self, projects):
        if region := self.chosen_region:
            projects = projects.filter(region=region)
        if status := self.chosen("status"):
            projects = projects.filter(status=status)
        return projects


class OrganizationProposalForm(forms.ModelForm):
    """A member proposes an organization for the directory. Validated here; saved by
    :func:`network.directory.actions.propose_organization`, as pending."""

    website = WebsiteField()
    logo = LogoField()

    class Meta:
        model = Organization
        fields = ["name", "kind", "regions", "website", "description", "logo"]
        widgets = {
            "regions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"name": _("Name")}
        help_texts = {"name": _("As the organization writes it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].required = True
        self.fields["regions"].error_messages["required"] = _(
            "Choose at least one region where it organizes."
        )
        self.fields["description"].required = True
        self.fields["description"].error_messages["required"] = _(
            "Say in a sentence or two what it does."
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not slugify(name, allow_unicode=True):
            raise forms.ValidationError(_("Please write the name with letters or numbers."))
        try:
            actions.proposable(name)
        except actions.AlreadyInDirectory as taken:
            raise forms.ValidationError(self.taken_message(taken.organization)) from None
        return name

    @staticmethod
    def taken_message(organization: Organization) -> str:
        messages = {
            Organization.Status.LISTED: _("“%(name)s” is in the directory already."),
            Organization.Status.PENDING: _(
                "“%(name)s” has been proposed already and is waiting for review."
            ),
            Organization.Status.DECLINED: _("Editors decided not to list “%(name)s”."),
        }
        return messages[organization.status] % {"name": organization.name}

    def validate_unique(self):
        """A name members typed on their profiles is not taken: the proposal fills it in
        (``clean_name`` refuses the names that are)."""

    def proposal(self) -> dict:
        """The fields, as :func:`~network.directory.actions.propose_organization` takes them."""
        data = dict(self.cleaned_data)
        if not data.get("logo"):
            data.pop("logo", None)
        return data


class ProjectMessageForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Please write your message.")},
        help_text=_("Plain text. It is emailed to the project's contacts."),
    )
    share_address = forms.BooleanField(
        label=_("Let them reply to my email address"),
        required=False,
        help_text=_(
            "Off: they see your name and a link to your profile, not your address. "
            "Their addresses are never shown to you."
        ),
    )

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Please write your message."))
        return message
