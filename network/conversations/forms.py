from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network.conversations.actions import MAX_MESSAGE_LENGTH
from network.conversations.models import MessageReport
from network.conversations.rules import MAX_OTHERS

MARKDOWN_HELP = _(
    "Markdown: *emphasis*, **bold**, [a link](https://…), > quote, and @handle to mention a member."
)
HANDLE = re.compile(r"^[A-Za-z0-9_.+-]{1,150}$")


class MessageSourceField(forms.CharField):
    """What a member writes. Browsers send a line break as two characters (CR LF) but count
    it as one towards ``maxlength``: breaks are made single before the length is checked."""

    def __init__(self, **kwargs):
        widget = forms.Textarea(attrs={"rows": 6, "maxlength": MAX_MESSAGE_LENGTH})
        super().__init__(
            widget=widget,
            help_text=MARKDOWN_HELP,
            max_length=MAX_MESSAGE_LENGTH,
            error_messages={
                "required": _("Write something first."),
                "max_length": _("That is %(show_value)d characters; the limit is %(limit_value)d."),
            },
            **kwargs,
        )

    def to_python(self, value) -> str:
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class MessageForm(forms.Form):
    source = MessageSourceField(label=_("Your message"))


class RecipientsField(forms.CharField):
    """``@handles`` separated by commas (or spaces), as the members they name: each must be
    an active member. Who among them may be messaged is the rules' to say, after."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=2000,
            help_text=_("Their @handles, separated by commas: up to %(limit)d members.")
            % {"limit": MAX_OTHERS},
            error_messages={"required": _("Name at least one member.")},
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        handles = []
        for part in re.split(r"[,\s]+", value):
            handle = part.strip().lstrip("@").lower()
            if handle and handle not in handles:
                handles.append(handle)
        if not handles:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(handles) > MAX_OTHERS:
            raise forms.ValidationError(
                ngettext(
                    "A conversation can have at most %(limit)d other member.",
                    "A conversation can have at most %(limit)d other members.",
                    MAX_OTHERS,
                )
                % {"limit": MAX_OTHERS},
                code="too_many",
            )
        malformed = [handle for handle in handles if not HANDLE.match(handle)]
        found = {
            user.username: user
            for user in get_user_model()
            .objects.filter(username__in=[h for h in handles if h not in malformed], is_active=True)
            .select_related("profile")
        }
        unknown = [handle for handle in handles if handle not in found]
        if unknown:
            raise forms.ValidationError(
                [
                    forms.ValidationError(
                        _("No member goes by @%(handle)s."), params={"handle": handle[:40]}
                    )
                    for handle in unknown
                ]
            )
        return [found[handle] for handle in handles]


class NewConversationForm(forms.Form):
    recipients = RecipientsField(label=_("To"))
    source = MessageSourceField(label=_("Your message"))


class LeaveForm(forms.Form):
    words = forms.ChoiceField(
        label=_("Your messages in it"),
        choices=[
            ("keep", _("Keep them: the others still read what I wrote")),
            ("delete", _("Delete them: each reads “[deleted]”")),
        ],
        initial="keep",
        widget=forms.RadioSelect,
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why"),
        choices=MessageReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
