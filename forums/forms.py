from datetime import timedelta

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forums import actions, reminding
from forums.models import Bookmark, Poll, Report
from forums.models.polls import MAX_OPTION_LENGTH, MAX_OPTIONS, MIN_OPTIONS, NewPoll

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


POLL_LONGEST_AHEAD = timedelta(days=366)


class PollForm(forms.Form):
    """The poll a new thread may open with (the form's "Add a poll" part, prefix
    ``poll``): none while its options are left empty. Times are the site's
    (``TIME_ZONE``): members keep no time zone of their own."""

    options = forms.CharField(
        label=_("Options, one per line"),
        required=False,
        # Twenty options at their longest, and their line breaks: enough, and no more.
        max_length=MAX_OPTIONS * (MAX_OPTION_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("From 2 to 20 options, each at most 200 characters. Leave empty for no poll."),
    )
    # Not required: a form sent without them (the radios untouched by a script, say)
    # means what their first choice means.
    kind = forms.ChoiceField(
        label=_("Voters choose"),
        required=False,
        choices=Poll.Kind.choices,
        initial=Poll.Kind.SINGLE,
        widget=forms.RadioSelect,
    )
    max_choices = forms.IntegerField(
        label=_("Most options a voter may choose"),
        required=False,
        min_value=2,
        max_value=MAX_OPTIONS,
        help_text=_("For multiple choice only. Leave empty to allow every option."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    results = forms.ChoiceField(
        label=_("Show the results"),
        required=False,
        choices=Poll.Results.choices,
        initial=Poll.Results.ALWAYS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "poll")
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name().replace("_", " ")
        self.fields["closes_at"].help_text = _(
            "Optional, within a year, in the site's time zone (%(zone)s). Without one, the "
            "poll stays open until you or a moderator close it."
        ) % {"zone": zone}

    @property
    def is_added(self) -> bool:
        """Whether the member wrote a poll (or tried to): the form's part opens to show it."""
        return bool(self.data.get(self.add_prefix("options"), "").strip())

    def full_clean(self) -> None:
        """Without options there is no poll, whatever the rest of the part says (a
        closing time chosen and then left): nothing to check."""
        if self.is_bound and not self.is_added:
            self._errors, self.cleaned_data = ErrorDict(), {"options": []}
            return
        super().full_clean()

    def clean_options(self) -> list[str]:
        lines = self.cleaned_data["options"].replace("\r\n", "\n").replace("\r", "\n")
        options = [" ".join(line.split()) for line in lines.split("\n")]
        options = [option for option in options if option]
        if not options:
            return []
        problems = []
        for number, option in enumerate(options, start=1):
            if len(option) > MAX_OPTION_LENGTH:
                problems.append(
                    _("Option %(number)d is %(count)d characters long; the limit is %(limit)d.")
                    % {"number": number, "count": len(option), "limit": MAX_OPTION_LENGTH}
                )
        seen = set()
        for option in options:
            key = option.casefold()
            if key in seen:
                problems.append(_("“%(option)s” is there twice.") % {"option": option})
            seen.add(key)
        if len(options) < MIN_OPTIONS:
            problems.append(_("Give the poll at least two options, one per line."))
        if len(options) > MAX_OPTIONS:
            problems.append(
                _("That is %(count)d options; a poll has at most %(limit)d.")
                % {"count": len(options), "limit": MAX_OPTIONS}
            )
        if problems:
            raise forms.ValidationError(problems)
        return options

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or Poll.Kind.SINGLE

    def clean_results(self) -> str:
        return self.cleaned_data["results"] or Poll.Results.ALWAYS

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at is None:
            return None
        now = timezone.now()
        if closes_at <= now:
            raise forms.ValidationError(_("Choose a closing time in the future."))
        if closes_at > now + POLL_LONGEST_AHEAD:
            raise forms.ValidationError(_("Choose a closing time within a year."))
        return closes_at

    def clean(self):
        cleaned = super().clean()
        options, most = cleaned.get("options"), cleaned.get("max_choices")
        multiple = cleaned.get("kind") == Poll.Kind.MULTIPLE
        if options and multiple and most is not None and most > len(options):
            self.add_error(
                "max_choices",
                ngettext(
                    "The poll has only %(count)d option.",
                    "The poll has only %(count)d options.",
                    len(options),
                )
                % {"count": len(options)},
            )
        return cleaned

    def new_poll(self) -> NewPoll | None:
        """The poll written, once the form is valid; None when it has no options."""
        data = self.cleaned_data
        if not data["options"]:
            return None
        multiple = data["kind"] == Poll.Kind.MULTIPLE
        return NewPoll(
            options=data["options"],
            kind=data["kind"],
            max_choices=data["max_choices"] if multiple else None,
            closes_at=data["closes_at"],
            results=data["results"],
        )


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
