"""What the whole network shares: members and their profiles, regions, tendencies,
the site-wide settings every page shows, and the emails the site sends on its own account."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from network import addresses, markup

# The organizations members name on their profiles, which are the directory's entries too.
from network.directory.models import Organization, ProfileOrganization  # noqa: F401
from network.language import current as language_now

# A new member's progress through the welcome (network.onboarding).
from network.onboarding.models import Onboarding  # noqa: F401
from network.recruiting import codes
from network.recruiting.models import (  # noqa: F401
    Invitation,
    Recruiter,
    Recruitment,
    RegistrationMode,
)

DEFAULT_DISCLAIMER = (
    "<p>The views expressed in articles and posts are those of their authors and not "
    "necessarily those of the network. Articles from other sources are posted for "
    "educational purposes only, with a link always provided back to the source. "
    "Including a piece is not an endorsement unless the network says so explicitly.</p>"
)


# The handle a deleted account is left with (network.leaving.deleting): a hyphen, which
# no handle chosen at sign-up may hold (network.handles), so nobody can pass for one.
FORMER_MEMBER_PREFIX = "former-member-"


def is_former_member(username: str, is_active: bool) -> bool:
    """Whether the account so named was deleted by its owner: its row stays, so that
    threads and what points to it hold, but it names nobody."""
    return not is_active and username.startswith(FORMER_MEMBER_PREFIX)


class User(AbstractUser):
    """A person with an account. ``username`` is their public @handle; everything else
    they show the world lives on their :class:`Profile`."""

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def handle(self) -> str:
        return self.username

    @property
    def is_former_member(self) -> bool:
        return is_former_member(self.username, self.is_active)


class Region(models.Model):
    """A state of the U.S. Census South, D.C., or "Outside the South". Seeded by a data
    migration; the forums give each region its own forum."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    code = models.CharField(_("code"), max_length=2, blank=True, help_text=_("Postal abbreviation"))
    in_south = models.BooleanField(_("in south"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Tendency(models.Model):
    """A political tendency a member may say they belong to. Administrators edit the
    list; a member may always prefer not to say."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tendency")
        ordering = ["order", "name"]
        verbose_name_plural = _("tendencies")

    def __str__(self) -> str:
        return self.name


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProfileQuerySet:
        """Profiles ``user`` may see: public ones for anyone, members-only ones for
        signed-in members, hidden ones only for their owner and staff."""
        if user.is_authenticated and user.is_staff:
            return self
        if user.is_authenticated:
            return self.filter(
                models.Q(visibility__in=[Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS])
                | models.Q(user=user)
            )
        return self.filter(visibility=Profile.Visibility.PUBLIC)

    def active(self) -> ProfileQuerySet:
        return self.filter(user__is_active=True)

    def in_directory(self) -> ProfileQuerySet:
        """Who the member directory lists: active members who share their profile with
        the network. Never a hidden profile (not even to its owner or staff: the
        directory is what members see), and not a staff account whose profile is one in
        name only (nothing said of where they organize, their tendency, themselves, nor a
        picture: an administrator's login is not a member)."""
        in_name_only = models.Q(user__is_staff=True) & models.Q(
            bio="", region=None, tendency=None, avatar=""
        )
        return (
            self.active()
            .filter(visibility__in=[Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS])
            .exclude(in_name_only)
        )

    def matching(self, words: str) -> ProfileQuerySet:
        """Profiles whose name or @handle holds ``words`` (in any case)."""
        words = " ".join(words.split())
        handle = words.removeprefix("@")
        return self.filter(
            models.Q(display_name__icontains=words) | models.Q(user__username__icontains=handle)
        )

    def recently_active_first(self) -> ProfileQuerySet:
        return self.order_by(models.F("last_active_at").desc(nulls_last=True), "display_name", "pk")

    def by_name(self) -> ProfileQuerySet:
        return self.order_by("display_name", "pk")

    def for_display(self) -> ProfileQuerySet:
        return self.select_related("user", "region", "tendency").prefetch_related("organizations")


def avatar_upload_to(profile: Profile, filename: str) -> str:
    # A random name: the file's URL must not reveal whose picture it is.
    return f"avatars/{secrets.token_urlsafe(12)}.webp"


class Profile(models.Model):
    """What a member shows of themselves. Made with the account; never shows the email."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can see it")
        MEMBERS = "members", _("Members only: signed-in members can see it")
        HIDDEN = "hidden", _("Hidden: only you and the site's staff")

    class MessagesFrom(models.TextChoices):
        # Translators: who may send a member private messages (network.conversations).
        EVERYONE = "everyone", _("Any member")
        TALKED = "talked", _("Only members I have talked with in messages before")
        NOBODY = "nobody", _("Nobody")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=80)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        verbose_name=_("region"),
    )
    tendency = models.ForeignKey(
        Tendency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        help_text=_("Optional: leave it empty if you prefer not to say."),
        verbose_name=_("tendency"),
    )
    organizations = TaggableManager(
        through=ProfileOrganization,
        blank=True,
        verbose_name=_("organizations"),
        help_text=_("Organizations you belong to, separated by commas."),
    )
    bio = models.TextField(
        _("bio"),
        blank=True,
        max_length=5000,
        help_text=_("Markdown: *emphasis*, **bold**, [links](https://…)."),
    )
    bio_html = models.TextField(blank=True, editable=False)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by network.notifications: the header shows it on every page, and the profile
    # is loaded with the member already (network.auth_backends), so it costs no query.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)
    # When they last wrote (a post, a comment): the directory sorts by it. Kept by
    # network.members.mark_active, which the forums call with every post.
    last_active_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When they were last seen on the site (at most every SESSION_SEEN_EVERY_SECONDS),
    # and when their visit before this one ended: the forums' "New" starts there. Kept by
    # network.members.note_visit.
    last_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    previous_visit_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The members they blocked, beside the Block rows (network.blocking keeps both): a
    # thread page folds those members' posts, and the profile comes with the member.
    blocked_member_ids = models.JSONField(default=list, blank=True, editable=False)
    # The language they read the site and their emails in (network.language): the one
    # they signed up in, then the switcher's.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=language_now,
        help_text=_("The site and every email it sends you use it."),
    )
    # Who may start a private conversation with them (network.conversations.rules).
    messages_from = models.CharField(
        _("private messages from"),
        max_length=10,
        choices=MessagesFrom.choices,
        default=MessagesFrom.EVERYONE,
        help_text=_("Visitors can never send messages; a member you block never can."),
    )
    # Kept by network.conversations, like unread_notifications: the header shows it.
    unread_conversations = models.PositiveIntegerField(default=0, editable=False)

    objects = ProfileQuerySet.as_manager()

    # Written by their own functions (the worker's recount, blocking, posting), never
    # back from a profile loaded earlier and saved by a form.
    KEPT_ELSEWHERE = frozenset(
        {
            "unread_notifications",
            "unread_conversations",
            "last_active_at",
            "last_seen_at",
            "previous_visit_at",
            "blocked_member_ids",
        }
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [models.Index(fields=["visibility", "display_name"])]

    def __str__(self) -> str:
        return f"{self.display_name} (@{self.user.username})"

    def save(self, *args, **kwargs):
        # Sanitized once, on the way in; templates print bio_html as it is.
        self.bio_html = markup.render_markdown(self.bio)
        if self.pk is not None and not args and not kwargs:
            # The unread count moves under the worker (network.notifications), the blocks
            # and activity under their own actions: a profile saved from a form must not
            # write back what it was loaded with.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.KEPT_ELSEWHERE
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # reverse("members:profile", args=[self.user.username]), faster, for listings
        return f"{addresses.root('members:list')}{self.user.username}/"

    @property
    def handle(self) -> str:
        return self.user.username

    @cached_property
    def initials(self) -> str:
        words = [w for w in self.display_name.split() if w[:1].isalnum()]
        letters = "".join(w[0] for w in words[:2]) or self.user.username[:1]
        return letters.upper()

    @property
    def avatar_hue(self) -> int:
        """One of eight palette slots for the initials badge, stable per handle."""
        return sum(self.user.username.encode()) % 8

    def is_visible_to(self, user) -> bool:
        if user.is_authenticated and (user.is_staff or user.pk == self.user_id):
            return True
        if self.visibility == self.Visibility.PUBLIC:
            return True
        return self.visibility == self.Visibility.MEMBERS and user.is_authenticated

    def can_be_edited_by(self, user) -> bool:
        return user.is_authenticated and (user.pk == self.user_id or user.is_staff)

    @staticmethod
    def listed_fields(via: str) -> tuple[str, ...]:
        """What a listing or a page of posts names of a member it reaches through
        ``via`` (``"author__"``), for ``values()``: enough to name them and link to their
        profile (``network.members.ListedMember``), without loading a User and a Profile."""
        return tuple(
            f"{via}{name}"
            for name in (
                "id", "username", "is_active", "profile__display_name", "profile__visibility",
                "profile__avatar",
            )
        )  # fmt: skip


class MemberBlock(models.Model):
    """A member (``blocker``) blocked another (``blocked``): the blocked member's posts
    fold for them, and nothing the blocked member does reaches them as a notification
    (a mention, a reply, a post in a watched thread). The blocked member is not told.
    ``network.blocking`` keeps these rows and the blocker's ``Profile.blocked_member_ids``
    together."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_made",
        verbose_name=_("blocker"),
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_received",
        verbose_name=_("blocked"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("member block")
        verbose_name_plural = _("member blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_oneself"
            ),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"])]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Agreement(models.TextChoices):
    """The texts a member agrees to (``network.agreements``): each is a page the network's
    settings name."""

    POINTS_OF_UNITY = "points_of_unity", _("Points of unity")
    CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct")


class AgreementVersion(models.Model):
    """A version of an agreement members must accept again: published by editors with
    "Ask members to accept it again" ticked. Numbered from 1 for each agreement; no row
    means nothing to accept again since members joined."""

    agreement = models.CharField(_("agreement"), max_length=20, choices=Agreement.choices)
    number = models.PositiveIntegerField(_("number"))
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_agreement_display()}, version {self.number}"


class Acceptance(models.Model):
    """``user`` accepted version ``number`` of ``agreement`` (0: as it was when they
    joined, before any version asked for again)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="acceptances",
        verbose_name=_("user"),
    )
    agreement = models.CharField(_("agreement"), max_length=20, choices=Agreement.choices)
    number = models.PositiveIntegerField(_("number"))
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            models.UniqueConstraint(fields=["user", "agreement", "number"], name="acceptance_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.agreement} {self.number}"


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        max_length=60, label=_("Label"), help_text=_("For example: Facebook group")
    )
    url = blocks.URLBlock(label=_("Url"))

    class Meta:
        icon = "link"


@register_setting(icon="cog")
class NetworkSettings(BaseSiteSetting):
    """Site-wide settings that every page shows. Lives in ``network`` because the base
    template's footer and the blog's articles both need the disclaimer.
    https://docs.wagtail.org/en/stable/reference/contrib/settings.html"""

    disclaimer = RichTextField(
        _("disclaimer"),
        default=DEFAULT_DISCLAIMER,
        features=["bold", "italic", "link"],
        help_text=_("Shown in the footer of every page and on every article not endorsed."),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock(label=_("Link")))],
        blank=True,
        help_text=_("Links shown in the footer, such as the network's Facebook group."),
        verbose_name=_("social links"),
    )

    registration_mode = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.OPEN,
    )
    network_passcode = models.CharField(
        _("network passcode"),
        max_length=60,
        blank=True,
        help_text=_(
            "One passcode for the whole network, for a meeting or a campaign: at least "
            "8 letters or digits, compared ignoring capitals, spaces and dashes. Empty: none."
        ),
    )
    network_passcode_expires_at = models.DateTimeField(
        _("network passcode expires at"),
        null=True,
        blank=True,
        help_text=_("Required with a network passcode: it stops working then."),
    )
    recruiter_minimum_days = models.PositiveSmallIntegerField(
        _("days of membership before recruiting"),
        default=14,
        help_text=_("A member gets a passcode and invitations once a member this long."),
    )
    weekly_invitations = models.PositiveSmallIntegerField(
        _("invitations a week"),
        default=5,
        help_text=_("How many invitations a member may send in seven days. Staff: no limit."),
    )
    points_of_unity_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("points of unity"),
        help_text=_("Newcomers agree to this page with a checkbox when they join."),
    )
    code_of_conduct_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("code of conduct"),
        help_text=_("The page new members are asked to read when they join."),
    )

    panels = [
        FieldPanel("disclaimer"),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [
                FieldPanel("registration_mode"),
                PageChooserPanel("points_of_unity_page", page_type="blog.StandardPage"),
                PageChooserPanel("code_of_conduct_page", page_type="blog.StandardPage"),
                FieldPanel("network_passcode"),
                FieldPanel("network_passcode_expires_at"),
                FieldPanel("recruiter_minimum_days"),
                FieldPanel("weekly_invitations"),
            ],
            heading=_("Joining"),
        ),
    ]

    class Meta:
        verbose_name = _("network settings")
        verbose_name_plural = _("network settings")

    def clean(self):
        super().clean()
        self.network_passcode = self.network_passcode.strip()
        if not self.network_passcode:
            return
        if len(codes.normalize(self.network_passcode)) < 8:
            raise ValidationError(
                {
                    "network_passcode": _(
                        "Use at least 8 letters or digits: it must be hard to guess."
                    )
                }
            )
        if self.network_passcode_expires_at is None:
            raise ValidationError(
                {"network_passcode_expires_at": _("Say when the network passcode stops working.")}
            )


class OutgoingEmailQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(sent_at=None, refused_at=None)


class OutgoingEmail(models.Model):
    """An email the site sends on its own account: confirming an address, resetting a
    password, Wagtail's. Written in the transaction of the request that sends it, so it
    is never only in the broker: the worker sends it and marks it sent in one
    transaction, beat's sweeper hands it over again if the broker lost it or the mail
    server was away (:mod:`network.mail`). Once sent it keeps no text, only its
    addresses and subject, and is forgotten a week later, since it holds a person's
    address."""

    message = models.JSONField(
        _("message"), help_text=_("The message as network.mail.message_to_dict gives it.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        help_text=_("When the sweeper hands it to the worker, if it is still waiting."),
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    refused_at = models.DateTimeField(
        _("refused at"),
        null=True,
        blank=True,
        help_text=_("The mail server refused every address for good."),
    )

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at=None, refused_at=None),
                name="outgoing_email_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"Email {self.pk}: {self.message.get('subject', '')}"


# A member's data exports and the deletion they asked for (issue #13).
from network.leaving.models import AccountDeletion, DataExport  # noqa: E402, F401
