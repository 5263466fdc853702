from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forums import actions, reminding
from forums.models import Bookmark, Report

MAX_TAGS = 5
MARKDOWN_HELP = _(
    "Markdown: *emphasis*, **bold**, [a link](https://…), > quote, and @handle to mention a member."
)


class PostSourceField(forms.CharField):
    """What a member writes. Browsers count a line break as one character towards the
    textarea's ``maxlength`` but send it as two (CR LF): line breaks are made single
    before the length is checked, so text the browser accepted is not refused here."""

    def __init__(self, *, rows: int, **kwargs):
        widget = forms.Textarea(attrs={"rows": rows, "maxlength": actions.MAX_POST_LENGTH})
        super().__init__(widget=widget, help_text=MARKDOWN_HELP, **kwargs)

    def to_python(self, value) -> str:
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value) -> None:
        super().validate(value)
        try:
            actions.check_length(value)
        except actions.PostingRefused as refusal:
            raise forms.ValidationError(refusal.message, code="max_length") from None


class PostForm(forms.Form):
    source = PostSourceField(
        label=_("Your reply"), rows=6, error_messages={"required": _("Write something first.")}
    )


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the thread a title.")},
    )
    source = PostSourceField(
        label=_("Opening post"), rows=10, error_messages={"required": _("Write the opening post.")}
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Optional, separated by commas: for example “rent strike, Atlanta”."),
    )
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        # Left out (an older form, a script): the author's own language.
        required=False,
        help_text=_("The search finds the thread's words in this language's forms."),
    )

    def clean_tags(self) -> list[str]:
        from network.tags import parse_tags

        tags = parse_tags(self.cleaned_data["tags"])
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                ngettext("Use at most %(limit)d tag.", "Use at most %(limit)d tags.", MAX_TAGS)
                % {"limit": MAX_TAGS}
            )
        return tags


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anything moderators should know. Only moderators see this."),
    )


REMIND_CHOICES = [
    ("", _("No reminder")),
    ("hours", _("In three hours")),
    ("tomorrow", _("Tomorrow morning")),
    ("week", _("In a week")),
]


class BookmarkForm(forms.ModelForm):
    """The note, and when to be reminded (forums.reminding); a reminder already set is
    kept unless another is chosen."""

    remind = forms.ChoiceField(label=_("Remind me"), required=False, choices=REMIND_CHOICES)

    class Meta:
        model = Bookmark
        fields = ["note"]
        labels = {"note": _("Note")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pending = self.instance.remind_at if self.instance.reminded_at is None else None
        if pending is not None:
            kept = _("Keep the reminder: %(when)s") % {
                "when": date_format(timezone.localtime(pending), "DATETIME_FORMAT")
            }
            self.fields["remind"].choices = [("keep", kept), *REMIND_CHOICES]
            self.initial["remind"] = "keep"

    def save(self, commit=True):
        choice = self.cleaned_data.get("remind") or ""
        if choice != "keep":
            self.instance.remind_at = reminding.remind_time(choice)
            self.instance.reminded_at = None
        return super().save(commit)
