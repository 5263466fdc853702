"""The contact page: a form made in Wagtail's form builder, whose submissions are kept
(the admin's Forms section shows them to editors) and emailed to the addresses the
editor sets. https://docs.wagtail.org/en/stable/reference/contrib/forms/index.html

A message is never lost to a mail server that is away: the submission and its email
are written in one transaction, and the worker sends the email after
(``network.mail.send_later``); the request never talks to a mail server. The network's
own addresses stay in the admin: the page shows none of them. A visitor is refused,
with their text kept and nothing saved, when the honeypot is filled
(``network.honeypot``) or their address has sent ``CONTACT_LIMIT`` messages this
``CONTACT_PERIOD``.
"""

from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from blog.languages import LANGUAGE_PANEL, WrittenIn, translation_panel
from blog.routing import PageRouting
from network import mail, ratelimit
from network.addresses import public_page_url
from network.honeypot import HONEYPOT_FIELD, HoneypotForm

# A long letter fits; a novel pasted to fill the editors' inboxes does not.
MESSAGE_MAX_CHARS = 10_000
# Messages one address may send in a period (seconds): a person writes once or twice.
CONTACT_LIMIT = 5
CONTACT_PERIOD = 60 * 60
SENT_PARAMETER = "sent"
INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ContactFormField(AbstractFormField):
    page = ParentalKey(
        "blog.ContactPage",
        on_delete=models.CASCADE,
        related_name="form_fields",
        verbose_name=_("page"),
    )

    class Meta(AbstractFormField.Meta):
        verbose_name = _("contact form field")
        verbose_name_plural = _("contact form fields")


class ContactForm(HoneypotForm, BaseForm):
    """What a visitor fills in: the editor's fields, then the honeypot."""


class ContactFormBuilder(FormBuilder):
    def create_multiline_field(self, field, options):
        options["max_length"] = MESSAGE_MAX_CHARS
        return super().create_multiline_field(field, options)

    def get_form_class(self):
        return type("ContactPageForm", (ContactForm,), self.formfields)


class ContactPageAdminForm(WagtailAdminFormPageForm):
    """Wagtail's form for a form page, refusing a field named as the honeypot is: it
    would take the honeypot's place, and whoever filled it in would be refused."""

    def clean(self):
        cleaned_data = super().clean()
        for form in self.formsets["form_fields"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            if (form.instance.clean_name or form.instance.get_field_clean_name()) == HONEYPOT_FIELD:
                form.add_error(
                    "label",
                    _("This name is kept for the form's spam trap: give the field another label."),
                )
        return cleaned_data


def contact_allowed(request) -> bool:
    """Count one message from the visitor's address: false past ``CONTACT_LIMIT``."""
    address = ratelimit.client_address(request)
    return ratelimit.allow("contact", address, limit=CONTACT_LIMIT, period=CONTACT_PERIOD)


class ContactPage(PageRouting, WrittenIn, AbstractEmailForm):
    """The one contact page, at the site's top level (``/contact/`` in the demo)."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("What a visitor reads once their message is sent."),
    )

    search_fields = [*AbstractEmailForm.search_fields, index.SearchField("intro")]

    content_panels = [
        *AbstractEmailForm.content_panels,
        LANGUAGE_PANEL,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
            help_text=_(
                "Each message is kept (see Forms in the menu) and emailed to these "
                "addresses. They are never shown on the page."
            ),
        ),
    ]
    promote_panels = [*AbstractEmailForm.promote_panels, translation_panel("blog.ContactPage")]

    base_form_class = ContactPageAdminForm
    form_builder = ContactFormBuilder
    parent_page_types = ["blog.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")
        # Changing the page is not enough to read what visitors wrote (Wagtail's own
        # "Moderators" group, the forums' moderators here, may change every page):
        # reading the messages takes this too (blog.wagtail_hooks).
        permissions = [("read_contact_messages", _("Can read the messages sent to the network"))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = public_page_url(self)
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.receive(request)
        if request.GET.get(SENT_PARAMETER) == "1":
            return self.render_landing_page(request)
        return super().serve(request, *args, **kwargs)

    def receive(self, request):
        """A visitor sends the form: kept and emailed, then the thank-you (after a
        redirect, so reloading it sends nothing twice); or the form again with what was
        wrong, everything typed still in it."""
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form)
        if not contact_allowed(request):
            wait = ratelimit.seconds_left(CONTACT_PERIOD)
            minutes = math.ceil(wait / 60)
            form.add_error(
                None,
                ngettext(
                    "You have sent several messages in a short while, so this one was "
                    "not sent. Your text is still here: please try again in %(minutes)d "
                    "minute.",
                    "You have sent several messages in a short while, so this one was "
                    "not sent. Your text is still here: please try again in %(minutes)d "
                    "minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = self.render_form(request, form, status=429)
            response["Retry-After"] = str(wait)
            return response
        self.process_form_submission(form)
        return HttpResponseRedirect(f"{self.get_url(request)}?{SENT_PARAMETER}=1")

    def render_form(self, request, form, status: int = 200):
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def process_form_submission(self, form):
        """The submission and its email to the editors' addresses, in one transaction:
        both kept, or neither. The worker sends the email once it commits."""
        with transaction.atomic():
            submission = self.get_submission_class().objects.create(
                form_data=form.cleaned_data, page=self
            )
            if self.to_address:
                self.send_mail(form)
        return submission

    def send_mail(self, form):
        """Into the outbox, for the worker: never to a mail server from here. A reply
        goes to the address the visitor gave."""
        message = EmailMessage(
            subject=self.email_subject(form),
            body=self.render_email(form),
            from_email=self.from_address or settings.DEFAULT_FROM_EMAIL,
            to=[address.strip() for address in self.to_address.split(",") if address.strip()],
            reply_to=[
                value
                for name, field in form.fields.items()
                if isinstance(field, forms.EmailField) and (value := form.cleaned_data.get(name))
            ][:1],
            headers={"Auto-Submitted": "auto-generated"},
        )
        mail.send_later(message)

    def email_subject(self, form) -> str:
        """The editor's subject, then the visitor's when the form asks for one (on one
        line: a header holds no line break)."""
        subject = self.subject or gettext("A message from the contact form")
        theirs = " ".join(str(form.cleaned_data.get("subject", "")).split())[:150]
        return f"{subject}: {theirs}" if theirs else subject
