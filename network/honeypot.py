"""A honeypot for the forms anyone may send without an account (the contact form): one
more text field, which people never see and programs that fill in every field do.

The field is hidden by the stylesheet and from screen readers (``aria-hidden``), out of
the tab order and never autofilled; whoever still meets it (a browser without styles)
reads a label that says to leave it empty. A form sent with it filled is refused whole,
with the reason at the top: nothing in it is kept.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The name of HoneypotForm's field: tempting to a program, and not one an editor's
# form builder would make from a label of today.
HONEYPOT_FIELD = "fax_number"

# Translators: quotes the label of the honeypot field ("Leave this field empty"): keep the
# two the same.
REFUSED = _(
    "This was not sent: the field “Leave this field empty”, which catches programs that "
    "send spam, was filled in. If you are a person, empty it and send again."
)


class HoneypotField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            label=_("Leave this field empty"),
            help_text=_("It is here to catch programs that send spam: people need not fill it."),
            template_name="forms/honeypot.html",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
            **kwargs,
        )


class HoneypotForm(forms.Form):
    """A form with the honeypot as its last field. ``cleaned_data`` never holds it."""

    fax_number = HoneypotField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = self.fields.pop(HONEYPOT_FIELD)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.pop(HONEYPOT_FIELD, ""):
            raise ValidationError(REFUSED, code="honeypot")
        return cleaned_data
