"""Endorsement drives: a statement an editor attaches to a page (a campaign page, an event
page), which organizations and people sign through a form, confirm through an emailed
link, and see listed once an editor approves them.

A drive is a child object of the page it belongs to (a ``ParentalKey`` to Wagtail's own
``Page``, as Wagtail's comments are), so any page type carries one with a panel
(:class:`EndorsementDrivePanel`) and a template tag (``{% endorsement_drive page %}``,
in ``blog.templatetags.endorsement_tags``); it is edited, previewed and published with
its page. What happens to an endorsement (signing, confirming, moderating, withdrawing)
is in :mod:`blog.endorsing`; its admin screens in :mod:`blog.endorsement_admin`.
https://docs.wagtail.org/en/stable/reference/panels.html#inlinepanel
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError, QuerySet
from django.db.models.functions import Lower
from django.db.models.signals import pre_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from blog.languages import LANGUAGE_PANEL, WrittenIn, translation_panel
from blog.routing import PageRouting
from network.addresses import public_page_url
from network.models import Region

STATEMENT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]

DRIVE_HOLDS_ENDORSEMENTS = _(
    "This endorsement drive has endorsements: it cannot be removed from its page. To stop "
    "taking endorsements, give it a closing date."
)


def normalized_email(address: str) -> str:
    """The one form an address is kept and compared in: ``Rosa@Example.org `` and
    ``rosa@example.org`` sign a drive once. The whole address is lowercased: mail
    servers that tell case apart in the local part are too rare to let them sign twice."""
    return address.strip().lower()


class EndorsementDrive(models.Model):
    """The statement a page asks people to sign, who may sign it, and until when."""

    class WhoMaySign(models.TextChoices):
        BOTH = "both", _("Organizations and individuals")
        ORGANIZATIONS = "organizations", _("Organizations only")
        INDIVIDUALS = "individuals", _("Individuals only")

    page = ParentalKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="endorsement_drives",
        verbose_name=_("page"),
    )
    statement = RichTextField(
        _("statement to endorse"),
        features=STATEMENT_FEATURES,
        help_text=_("What endorsers sign, shown above the form."),
    )
    who_may_sign = models.CharField(
        _("who may sign"), max_length=13, choices=WhoMaySign.choices, default=WhoMaySign.BOTH
    )
    closing_date = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_(
            "The last day to sign (in the site's time zone). Empty: open until you set one."
        ),
    )

    panels = [
        FieldPanel("statement"),
        FieldPanel("who_may_sign"),
        FieldPanel("closing_date"),
    ]

    class Meta:
        verbose_name = _("endorsement drive")
        verbose_name_plural = _("endorsement drives")
        constraints = [models.UniqueConstraint(fields=["page"], name="blog_one_drive_per_page")]

    def __str__(self) -> str:
        return self.page.title if self.page_id else str(_("New endorsement drive"))

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.closing_date is None or today <= self.closing_date

    @property
    def kinds(self) -> list[str]:
        """The kinds of endorser this drive takes (``Endorsement.Kind`` values)."""
        return {
            self.WhoMaySign.ORGANIZATIONS: [Endorsement.Kind.ORGANIZATION],
            self.WhoMaySign.INDIVIDUALS: [Endorsement.Kind.INDIVIDUAL],
        }.get(self.who_may_sign, [Endorsement.Kind.ORGANIZATION, Endorsement.Kind.INDIVIDUAL])


def dropped_drives_refusal(page_id: int | None, kept_drive_ids: set[int]) -> str | None:
    """Why ``page_id``'s drives other than ``kept_drive_ids`` may not go (their
    endorsements would go with them), or None when they may."""
    if page_id is None:
        return None
    dropped = EndorsementDrive.objects.filter(page_id=page_id).exclude(pk__in=kept_drive_ids)
    if Endorsement.objects.filter(drive__in=dropped).exists():
        return DRIVE_HOLDS_ENDORSEMENTS
    return None


class EndorsementDriveFormSet(BaseChildFormSet):
    """The page editor refuses to remove a drive that has endorsements (the delete
    button, or a revision from before the drive, published again), with the reason
    above the panel."""

    def clean(self):
        super().clean()
        deleted = self.deleted_forms
        kept = {form.instance.pk for form in self.forms if form.instance.pk and form not in deleted}
        refusal = dropped_drives_refusal(self.instance.pk, kept)
        if refusal:
            raise ValidationError(refusal)


class EndorsementDrivePanel(InlinePanel):
    """The one panel a page type adds to carry an endorsement drive: at most one per
    page, which cannot be removed once people have signed it."""

    def __init__(self, relation_name="endorsement_drives", **kwargs):
        kwargs.setdefault("heading", _("Endorsement drive"))
        kwargs.setdefault("label", _("endorsement drive"))
        kwargs.setdefault("max_num", 1)
        kwargs.setdefault(
            "help_text",
            _(
                "Add one to ask organizations and people to sign a statement on this page. "
                "Signatures count once confirmed by email; you approve them under "
                "“Endorsements” before they are listed."
            ),
        )
        super().__init__(relation_name, **kwargs)

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = EndorsementDriveFormSet
        return options


def keep_signed_drives(sender, instance, origin=None, **kwargs) -> None:
    """The last line behind the panel: publishing a revision that lacks a signed drive
    by a way that skips the editor (the explorer's bulk publish) fails instead of
    deleting people's endorsements. Deleting the page itself takes its drive with it."""
    deleting_page = isinstance(origin, Page) or (
        isinstance(origin, QuerySet) and issubclass(origin.model, Page)
    )
    if not deleting_page and instance.pk and instance.endorsements.exists():
        raise ProtectedError(str(DRIVE_HOLDS_ENDORSEMENTS), set(instance.endorsements.all()[:1]))


pre_delete.connect(
    keep_signed_drives, sender=EndorsementDrive, dispatch_uid="blog.endorsements.keep_signed"
)


class EndorsementQuerySet(models.QuerySet):
    def confirmed(self) -> EndorsementQuerySet:
        """Those whose email link was followed: the only ones editors see."""
        return self.exclude(status=Endorsement.Status.UNCONFIRMED)

    def counted(self) -> EndorsementQuerySet:
        """Approved: they count, listed or not."""
        return self.filter(status=Endorsement.Status.APPROVED)

    def listed(self) -> EndorsementQuerySet:
        """What a drive's page names: approved, and the endorser agreed to be listed."""
        return self.counted().filter(listed=True)

    def for_email(self, drive, email: str) -> EndorsementQuerySet:
        """``email``'s endorsement of ``drive``, through the unique index on the
        lowercased address."""
        return (
            self.filter(drive=drive)
            .alias(address=Lower("email"))
            .filter(address=normalized_email(email))
        )


class Endorsement(models.Model):
    """One organization or person signing a drive. The email address is kept to send
    the links and is never shown on the site; it signs a drive once."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("An organization")
        INDIVIDUAL = "individual", _("An individual")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the email link")
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    drive = models.ForeignKey(
        EndorsementDrive,
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=_("drive"),
    )
    kind = models.CharField(_("signing as"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("state")
    )
    email = models.EmailField(_("email"), max_length=254)
    listed = models.BooleanField(_("listed publicly"), default=True)
    comment = models.TextField(_("comment"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        # Nobody adds or edits an endorsement in the admin: the public writes them, and
        # editors approve or reject them (blog.endorsement_admin).
        default_permissions = ("view", "delete")
        permissions = [("moderate_endorsement", _("Can approve or reject endorsements"))]
        constraints = [
            models.UniqueConstraint(Lower("email"), "drive", name="blog_endorsement_once_per_email")
        ]
        indexes = [models.Index(fields=["drive", "status"], name="blog_endorsement_drive_idx")]

    def __str__(self) -> str:
        if self.kind == self.Kind.ORGANIZATION and self.organization:
            return f"{self.organization} ({self.name})"
        return self.name

    @property
    def place(self) -> str:
        return endorser_place(self.city, self.region.code, self.region.name)


def endorser_place(city: str, region_code: str, region_name: str) -> str:
    """Where an endorser is, as the list of endorsers says it: "Atlanta, GA"."""
    return f"{city}, {region_code or region_name}"


class CampaignPage(PageRouting, WrittenIn, Page):
    """A page of its own for an endorsement drive ("Endorse the second conference!"):
    an introduction, then the statement, the form and the endorsers."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=STATEMENT_FEATURES,
        help_text=_("Why this matters, above the statement."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [
        *Page.content_panels,
        LANGUAGE_PANEL,
        FieldPanel("intro"),
        EndorsementDrivePanel(),
    ]
    promote_panels = [*Page.promote_panels, translation_panel("blog.CampaignPage")]

    parent_page_types = ["blog.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("campaign page")
        verbose_name_plural = _("campaign pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = public_page_url(self)
        return context
