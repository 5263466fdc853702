"""The site search's filters: plain GET parameters beside ``q``, each checked, so that a
hand-made link gets a message beside the filter, never an error page.

``in``: where to search (everything, articles, forums, events, the network's pages);
``forum``: one forum the reader may read (its slug); ``region``: a region's slug;
``author``: a member's @handle; ``from`` and ``to``: dates (YYYY-MM-DD), both included.
A forum or an author narrows the search to what has one (forum posts; posts and
articles); a region to forum posts, articles and events filed under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from forums.models import Forum
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from network.models import Region

WHERE = [
    ("all", _("Everything")),
    ("articles", _("Articles")),
    ("forums", _("Forums")),
    ("events", _("Events")),
    ("pages", _("Pages")),
]
# What each filter leaves in: a forum holds only posts; an author writes posts and
# articles; a region files posts (its forums), articles and events.
KINDS_WITH = {
    "forum": {"forums"},
    "author": {"forums", "articles"},
    "region": {"forums", "articles", "events"},
    "from": {"forums", "articles", "events"},
    "to": {"forums", "articles", "events"},
}


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str]
    forum: Forum | None = None
    region: Region | None = None
    author: object | None = None
    since: date | None = None
    until: date | None = None


class SearchFilterForm(forms.Form):
    """Bound to ``request.GET``; its fields render in the search form's "Filters" group.
    Named ``in``/``from``/``to`` in the address (``where``/``since``/``until`` here, as
    ``in`` and ``from`` are Python's), see :meth:`add_prefix`."""

    where = forms.ChoiceField(
        label=_("Search in"),
        choices=WHERE,
        required=False,
        error_messages={"invalid_choice": _("Choose where to search from the list.")},
    )
    forum = forms.ModelChoiceField(
        label=_("Forum"),
        queryset=Forum.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any forum"),
        error_messages={"invalid_choice": _("There is no such forum to search.")},
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("order", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any region"),
        error_messages={"invalid_choice": _("There is no such region.")},
    )
    author = forms.CharField(
        label=_("Author"),
        required=False,
        max_length=150,
        help_text=_("A member's @handle."),
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )

    ADDRESS_NAMES = {"where": "in", "since": "from", "until": "to"}

    def __init__(self, data, user, **kwargs):
        super().__init__(data, **kwargs)
        # Only the forums the reader may read: another's is "no such forum", not refused.
        self.fields["forum"].queryset = (
            Forum.objects.visible_to(user).exclude(slug=ARTICLE_DISCUSSIONS_SLUG).order_by("name")
        )

    def add_prefix(self, field_name: str) -> str:
        return self.ADDRESS_NAMES.get(field_name, field_name)

    def clean_author(self):
        handle = self.cleaned_data["author"].strip().removeprefix("@")
        if not handle:
            return None
        member = get_user_model().objects.filter(username__iexact=handle, is_active=True).first()
        if member is None:
            raise forms.ValidationError(_("There is no member with that handle."))
        return member

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return data

    def filters(self) -> Filters:
        """What the valid form asks for."""
        data = self.cleaned_data
        kinds = {key for key, _label in WHERE if key != "all"}
        where = data.get("where") or "all"
        if where != "all":
            kinds = {where}
        for name, keeps in KINDS_WITH.items():
            if data.get({"from": "since", "to": "until"}.get(name, name)):
                kinds &= keeps
        return Filters(
            kinds=frozenset(kinds),
            forum=data.get("forum"),
            region=data.get("region"),
            author=data.get("author"),
            since=data.get("since"),
            until=data.get("until"),
        )

    @property
    def narrowed(self) -> bool:
        """Whether any filter but "where" is set: the filters start open."""
        return any(
            self.data.get(self.add_prefix(name))
            for name in ("forum", "region", "author", "since", "until")
        )
