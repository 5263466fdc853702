from django import forms
from django.utils.translation import gettext as _

from network.notifications.kinds import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of notification the member may get (``kinds``), and which
    new articles. Kinds not offered are not in the form, so saving it leaves their
    stored choices as they are."""

    ALL_ARTICLES = "all"
    MY_REGION = "region"

    def __init__(
        self,
        *args,
        kinds: list[Kind],
        initial_choices: dict[str, str],
        only_my_region=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=initial_choices[kind.value],
                widget=forms.Select,
            )
            if kind == Kind.NEW_ARTICLE:  # right after it, since it narrows it
                self.fields["article_scope"] = forms.ChoiceField(
                    label=_("Which new articles"),
                    choices=[
                        (self.ALL_ARTICLES, _("All of them")),
                        (self.MY_REGION, _("Only those about my region (set on your profile)")),
                    ],
                    initial=self.MY_REGION if only_my_region else self.ALL_ARTICLES,
                    required=False,
                )

    def full_clean(self):
        """A choice that is none of the list's (a forged or stale form) cannot be shown as
        chosen: the field shows the member's saved choice beside its error, not the
        list's first, which saving again would quietly take."""
        super().full_clean()
        invalid = [name for name in self._errors if name in self.fields]
        if self.is_bound and invalid:
            data = self.data.copy()
            for name in invalid:
                data[name] = self.fields[name].initial
            self.data = data

    def choices(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in self.kinds}

    @property
    def only_my_region(self) -> bool:
        return self.cleaned_data["article_scope"] == self.MY_REGION
