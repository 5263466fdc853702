from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from network import agreements, blocking
from network.avatars import ACCEPTED_NAMES, ACCEPTED_TYPES, make_avatar
from network.directory import actions as directory
from network.directory.forms import ShownOrganizationsField
from network.models import Agreement, Organization, Profile, Region, Tendency
from network.recruiting import actions as recruiting

NAME_REQUIRED = _("Please enter the name others will see.")


class LoginForm(AllauthLoginForm):
    """allauth's sign-in, labelled in the site's words: people sign in with their email
    address or their @handle."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email or handle")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the display name the profile starts from, and what the
    registration mode asks of a newcomer (:mod:`network.recruiting`): a passcode or an
    invitation code, agreeing to the points of unity, and the project they organize.

    allauth's sign-up view makes it; the site's (``network.recruiting.views.JoinView``)
    passes the request, for the site's settings and the wrong-passcode limit per address.
    """

    passcode = forms.CharField(
        label=_("Passcode or invitation code"),
        max_length=64,
        required=False,
        help_text=_(
            "From the member who recruits you, or filled in from your invitation link. "
            "Capitals, spaces and dashes do not matter."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    display_name = forms.CharField(
        max_length=80,
        label=_("Display name"),
        error_messages={"required": NAME_REQUIRED},
        help_text=_("How your name appears beside what you write. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    project = forms.CharField(
        label=_("A project you are organizing, or want to"),
        required=False,
        max_length=2000,
        help_text=_("Optional. Only the network's moderators read it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agree_to_points_of_unity = forms.BooleanField(
        label=_("I have read the points of unity and agree to them"),
        error_messages={"required": _("Joining means agreeing to the points of unity.")},
        template_name="network/includes/points_of_unity_field.html",
    )

    field_order = [
        "passcode", "email", "username", "display_name", "password1", "password2", "project",
        "agree_to_points_of_unity",
    ]  # fmt: skip

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.network = recruiting.network_settings(request)
        self.admission = None
        handle = self.fields["username"]
        handle.label = _("Handle")
        handle.help_text = _(
            "Your @handle, for mentions and your profile's address: 3 to 30 letters, "
            "digits or underscores."
        )
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["email"].help_text = _("Never shown to anyone. We send a link to confirm it.")
        self.fields["passcode"].required = recruiting.code_needed(self.network)
        if not self.fields["passcode"].required:
            self.fields["passcode"].label = _("Passcode or invitation code (optional)")
            self.fields["passcode"].help_text = _(
                "If a member gave you one, they are recorded as the one who brought you in."
            )
        self.fields["passcode"].error_messages["required"] = _(
            "Joining needs a passcode from a member, or an invitation."
        )
        if not self.network.points_of_unity_page_id:
            del self.fields["agree_to_points_of_unity"]

    @cached_property
    def points_of_unity(self):
        """The live page newcomers agree to, or None (then nothing is asked)."""
        page_id = self.network.points_of_unity_page_id
        if not page_id:
            return None
        from wagtail.models import Page

        return Page.objects.live().filter(pk=page_id).first()

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(NAME_REQUIRED)
        return name

    def clean_passcode(self) -> str:
        typed = self.cleaned_data["passcode"].strip()
        if not typed:
            return typed
        if self.request is not None and (refusal := recruiting.wrong_codes_refusal(self.request)):
            raise forms.ValidationError(refusal)
        try:
            self.admission = recruiting.admission_for(typed, self.network)
        except recruiting.CodeRefused as refusal:
            if self.request is not None:
                recruiting.count_wrong_code(self.request)
            raise forms.ValidationError(str(refusal.args[0])) from None
        return typed

    def try_save(self, request):
        """allauth answers a sign-up with a registered address by emailing its owner,
        without hashing the password or saving anything: that answer came in a tenth of the
        time, telling anyone who timed it that the address was registered. The password is
        hashed here too, for nothing, so both answers cost the same."""
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    @transaction.atomic
    def save(self, request):
        """The account, its display name and how the member came in, together or not at
        all: an account never exists without its recruitment record."""
        user = super().save(request)
        user.profile.display_name = self.cleaned_data["display_name"]
        user.profile.save()
        agreed = self.cleaned_data.get("agree_to_points_of_unity") and self.points_of_unity
        recruiting.record_recruitment(
            user,
            self.admission,
            project=self.cleaned_data.get("project", ""),
            points_of_unity_revision=agreed.live_revision if agreed else None,
        )
        if agreed:
            # The version of the day: a newcomer is not asked again for what they agreed to.
            agreements.accept(user, [Agreement.POINTS_OF_UNITY])
        return user


class ProfileForm(forms.ModelForm):
    avatar = forms.ImageField(
        required=False,
        label=_("Picture"),
        help_text=format_lazy(
            _("{accepted}, up to 5 MB. We crop it square and remove its metadata."),
            accepted=ACCEPTED_NAMES,
        ),
        widget=forms.FileInput(attrs={"accept": ACCEPTED_TYPES}),
    )
    remove_avatar = forms.BooleanField(required=False, label=_("Remove my picture"))
    shown_organizations = ShownOrganizationsField()

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "region",
            "tendency",
            "organizations",
            "bio",
            "visibility",
            "language",
            "messages_from",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 8}),
            "visibility": forms.RadioSelect,
            "language": forms.RadioSelect,
            "messages_from": forms.RadioSelect,
        }
        # The model's own names for these are not translated: the labels are written here.
        labels = {
            "display_name": _("Display name"),
            "region": _("Region"),
            "tendency": _("Tendency"),
            "organizations": _("Organizations"),
            "bio": _("About you"),
            "visibility": _("Visibility"),
            "language": _("Language"),
            "messages_from": _("Who may start a private conversation with you"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].error_messages["required"] = NAME_REQUIRED
        self.fields["region"].empty_label = _("Choose your region")
        self.fields["tendency"].empty_label = _("Prefer not to say")
        self.fields["region"].help_text = _("Your state, or “Outside the South”.")
        self.fields["organizations"].help_text = _(
            "Organizations you belong to, separated by commas. One written as the "
            "directory names it links to its page there."
        )
        self.initial["shown_organizations"] = self.fields["shown_organizations"].for_profile(
            self.instance
        )
        # Left out, the language stays as it was (the switcher changes it too).
        self.fields["language"].required = False
        # The same for who may message them (a form saved before the choice existed).
        self.fields["messages_from"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or self.instance.language

    def clean_messages_from(self) -> str:
        return self.cleaned_data["messages_from"] or self.instance.messages_from

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(NAME_REQUIRED)
        return name

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        if upload.size > settings.AVATAR_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("That picture is over 5 MB; please choose a smaller one.")
            )
        return make_avatar(upload)

    def save(self, commit: bool = True) -> Profile:
        profile = super().save(commit=False)
        old_avatar = profile.avatar.name if profile.avatar else ""
        new_avatar = self.cleaned_data.get("avatar")
        if new_avatar:
            profile.avatar.save(new_avatar.name, new_avatar, save=False)
        elif self.cleaned_data.get("remove_avatar"):
            profile.avatar = ""
        if commit:
            profile.save()
            self.save_m2m()
            directory.show_on_pages(profile, self.cleaned_data["shown_organizations"])
            if old_avatar and old_avatar != profile.avatar.name:
                storage = profile.avatar.storage
                transaction.on_commit(lambda: storage.delete(old_avatar), robust=True)
        return profile


class DirectorySearchForm(forms.Form):
    """The member directory's search: every field optional and combinable, sent by GET
    so a search is a link a member can share."""

    class Order(models.TextChoices):
        NAME = "name", _("Name")
        ACTIVE = "active", _("Recently active")

    q = forms.CharField(
        label=_("Name or handle"),
        required=False,
        max_length=80,
        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )
    tendency = forms.ModelChoiceField(
        label=_("Tendency"),
        queryset=Tendency.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All tendencies"),
        error_messages={"invalid_choice": _("Choose a tendency from the list.")},
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),  # see __init__
        to_field_name="slug",
        required=False,
        empty_label=_("All organizations"),
        error_messages={"invalid_choice": _("Choose an organization from the list.")},
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=Order.choices,
        required=False,
        error_messages={"invalid_choice": _("Order by name or by recent activity.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The directory's listed organizations, and any other a member named when it is
        # the one asked for: a profile links its unlisted organizations here.
        chosen = (self.data.get("organization") or "")[:100]
        self.fields["organization"].queryset = Organization.objects.filter(
            models.Q(status=Organization.Status.LISTED) | models.Q(slug=chosen)
        ).order_by("name")
        for name in ("region", "tendency", "organization"):
            # Read once, as a list, in one query each: the field's iterator has a length
            # (a COUNT query) that list() and the template's loop would ask for first.
            self.fields[name].choices = list(iter(self.fields[name].choices))

    def filter(self, profiles):
        """``profiles`` as the search asks, or as they were when it is not valid."""
        if not self.is_valid():
            return profiles.by_name()
        data = self.cleaned_data
        if data["q"].strip():
            profiles = profiles.matching(data["q"])
        for name in ("region", "tendency"):
            if data[name] is not None:
                profiles = profiles.filter(**{name: data[name]})
        if data["organization"] is not None:
            profiles = profiles.filter(organizations=data["organization"])
        if data["sort"] == self.Order.ACTIVE:
            return profiles.recently_active_first()
        return profiles.by_name()

    @property
    def narrowed(self) -> bool:
        """Whether the search leaves anyone out."""
        return self.is_valid() and any(
            self.cleaned_data[name] for name in ("q", "region", "tendency", "organization")
        )


class BlockByHandleForm(forms.Form):
    handle = forms.CharField(
        label=_("Block a member by handle"),
        max_length=151,
        help_text=_("Their @handle, as their posts show it."),
        error_messages={"required": _("Enter the @handle of the member to block.")},
    )

    def __init__(self, *args, blocker, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocker = blocker

    def clean_handle(self):
        handle = self.cleaned_data["handle"].strip().removeprefix("@").lower()
        member = get_user_model().objects.filter(username=handle, is_active=True).first()
        if member is None:
            raise forms.ValidationError(
                _("No member has the handle @%(handle)s.") % {"handle": handle}
            )
        reason = blocking.refusal(self.blocker, member)
        if reason:
            raise forms.ValidationError(reason)
        return member


# One whole sentence for each text (a label put into one sentence would read wrong in
# Spanish, whose articles follow the noun).
ACCEPT_LABELS = {
    Agreement.POINTS_OF_UNITY: _("I have read the updated points of unity and accept them."),
    Agreement.CODE_OF_CONDUCT: _("I have read the updated code of conduct and accept it."),
}


class AcceptAgreementsForm(forms.Form):
    """A box to tick for each agreement version the member is asked to accept."""

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions
        for version in versions:
            self.fields[version.agreement] = forms.BooleanField(
                label=ACCEPT_LABELS[version.agreement],
                error_messages={"required": _("Tick the box to accept it, or come back later.")},
            )
