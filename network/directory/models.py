"""The directory's rows: organizations (the tag members' profiles name, with the entry
editors list), which members show on an organization's page, and local projects with
the members who joined them. Imported by :mod:`network.models` before ``Profile``, which
names its organizations through :class:`ProfileOrganization`; so nothing here imports
``network.models`` at load time."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from network import addresses, markup

WEB_ADDRESS = URLValidator(schemes=["http", "https"])
# Addresses under /organizations/ that are not an organization's page.
RESERVED_SLUGS = {"propose"}


def logo_upload_to(organization: Organization, filename: str) -> str:
    # A random name, as avatars have: the address says nothing, and a new logo never
    # meets a browser's cached copy of the old one.
    return f"logos/{secrets.token_urlsafe(12)}.webp"


class OrganizationQuerySet(models.QuerySet):
    def listed(self) -> OrganizationQuerySet:
        """What the public sees: organizations editors have listed in the directory."""
        return self.filter(status=Organization.Status.LISTED)

    def for_directory(self) -> OrganizationQuerySet:
        """The directory's listing, in name order, with what each card shows: its
        regions as a list (``region_list``), which a card reads without making a
        related manager each time."""
        regions = models.Prefetch("regions", to_attr="region_list")
        return self.listed().prefetch_related(regions).order_by(Lower("name"), "pk")

    def named(self, name: str) -> OrganizationQuerySet:
        """Rows spelled ``name`` in any case: taggit matches members' tags so
        (``TAGGIT_CASE_INSENSITIVE``), and so does a proposal."""
        return self.filter(name__iexact=" ".join(name.split()))


class Organization(TagBase):
    """An organization members belong to: the name a member types among their profile's
    organizations (a tag, kept apart from article tags) and, once editors list it, its
    entry in the directory. See :mod:`network.directory` for why one row is both."""

    class Kind(models.TextChoices):
        PARTY = "party", _("Party")
        UNION = "union", _("Union")
        TENANT_UNION = "tenant_union", _("Tenant union")
        CAUCUS = "caucus", _("Caucus")
        COLLECTIVE = "collective", _("Collective")
        MUTUAL_AID = "mutual_aid", _("Mutual-aid network")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        UNLISTED = "unlisted", _("Not in the directory (a name members typed)")
        PENDING = "pending", _("Proposed, waiting for review")
        LISTED = "listed", _("Listed in the directory")
        DECLINED = "declined", _("Proposed and declined")

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.UNLISTED,
        help_text=_("Only listed organizations have a public page and appear in the directory."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    regions = models.ManyToManyField(
        "network.Region",
        blank=True,
        related_name="organizations",
        verbose_name=_("regions"),
        help_text=_("Where it organizes."),
    )
    website = models.URLField(_("website"), max_length=300, blank=True, validators=[WEB_ADDRESS])
    description = models.TextField(
        _("short description"),
        max_length=500,
        blank=True,
        help_text=_("A sentence or two: what it does and where. Plain text, up to 500 characters."),
    )
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    affiliate = models.BooleanField(
        _("network affiliate"),
        default=False,
        help_text=_("The organization is affiliated with the network itself."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = NaturalKeyManager.from_queryset(OrganizationQuerySet)()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["status", "kind"], name="organization_directory")]

    def get_absolute_url(self) -> str:
        # reverse("organizations:detail", args=[self.slug]), faster, for the directory
        return f"{addresses.root('organizations:list')}{iri_to_uri(self.slug)}/"

    def slugify(self, tag, i=None):
        """taggit's slug, kept clear of the directory's own addresses."""
        slug = super().slugify(tag, i)
        return f"{slug}-1" if slug in RESERVED_SLUGS else slug

    @property
    def is_listed(self) -> bool:
        return self.status == self.Status.LISTED

    @property
    def kind_label(self) -> str:
        # get_kind_display() hashes every choice's lazy label, translating each: eight
        # translations a card, where this is one.
        return self.Kind(self.kind).label

    def members_shown_to(self, viewer):
        """The profiles of the members who chose to be named on this organization's page
        and whom ``viewer`` may see (:meth:`ProfileQuerySet.visible_to`), in name order."""
        # network.models imports this module: Profile is reached through the link's field.
        profiles = ProfileOrganization._meta.get_field("content_object").related_model
        return (
            profiles.objects.visible_to(viewer)
            .active()
            .filter(organization_items__tag=self, organization_items__shown_on_page=True)
            .select_related("user")
            .order_by("display_name", "pk")
        )


class ProfileOrganization(TaggedItemBase):
    """A profile naming an organization; whether that organization's page names the
    member back is theirs to choose, and off until they do."""

    content_object = models.ForeignKey(
        "network.Profile",
        on_delete=models.CASCADE,
        related_name="organization_items",
        verbose_name=_("content object"),
    )
    tag = models.ForeignKey(
        Organization, related_name="profile_items", on_delete=models.CASCADE, verbose_name=_("tag")
    )
    shown_on_page = models.BooleanField(
        _("shown on the organization's page"),
        default=False,
        help_text=_("The member chose to be named on the organization's page in the directory."),
    )

    class Meta:
        verbose_name = _("profile organization")
        verbose_name_plural = _("profile organizations")


class LocalProjectQuerySet(models.QuerySet):
    def for_listing(self) -> LocalProjectQuerySet:
        return self.select_related("organization", "region").order_by(Lower("title"), "pk")


class LocalProject(models.Model):
    """Organizing that members take on where they live: a tenant union, a workplace
    committee, a transit riders' union. Editors keep them in the admin; members join
    them on the site, and the members editors list as contacts receive the messages
    members send through the project's page (never showing anyone's address)."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("organization"),
        help_text=_("Optional: the organization in the directory it belongs to."),
    )
    region = models.ForeignKey(
        "network.Region",
        on_delete=models.PROTECT,
        related_name="local_projects",
        verbose_name=_("region"),
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FORMING
    )
    description = models.TextField(
        _("description"),
        max_length=10_000,
        help_text=_("Markdown: *emphasis*, **bold**, [links](https://…)."),
    )
    description_html = models.TextField(blank=True, editable=False)
    get_involved = models.TextField(
        _("how to get involved"),
        max_length=5_000,
        blank=True,
        help_text=_("Meetings, next steps, who to ask. Markdown. Members only, unless public."),
    )
    get_involved_html = models.TextField(blank=True, editable=False)
    get_involved_public = models.BooleanField(
        _("show how to get involved to visitors"),
        default=False,
        help_text=_("Off: only signed-in members read how to get involved."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProjectMember",
        related_name="local_projects",
        blank=True,
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocalProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("local project")
        verbose_name_plural = _("local projects")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Sanitized once, on the way in; the page prints the HTML as it is.
        self.description_html = markup.render_markdown(self.description)
        self.get_involved_html = markup.render_markdown(self.get_involved)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])

    @property
    def status_label(self) -> str:
        # As Organization.kind_label, for lists of projects.
        return self.Status(self.status).label

    def shows_how_to_get_involved_to(self, user) -> bool:
        """Members read how to get involved; visitors only when editors made it public."""
        return self.get_involved_public or user.is_authenticated

    def contacts(self):
        """The active members listed as this project's contacts, with their profiles:
        who a message sent through its page reaches."""
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(
                is_active=True,
                project_memberships__project=self,
                project_memberships__listed_as_contact=True,
            )
            .select_related("profile")
            .order_by("profile__display_name", "pk")
        )


class ProjectMember(models.Model):
    """A member who joined a local project; editors list some of them as its contacts."""

    project = models.ForeignKey(
        LocalProject,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("project"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_memberships",
        verbose_name=_("member"),
    )
    listed_as_contact = models.BooleanField(
        _("listed as a contact"),
        default=False,
        help_text=_("Receives the messages members send through the project's page."),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(fields=["project", "member"], name="project_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.project_id}"
