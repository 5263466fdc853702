"""The rows of recruitment: a member's recruiting (their passcode, and whether they may
still recruit), the invitations they send, and the record written on each new member of
how they came in. Imported by :mod:`network.models`; nothing here imports it back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.recruiting import codes


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("Open: anyone can sign up")
    RECRUITMENT = (
        "recruitment",
        _("Recruitment: sign-up needs a passcode (a member's or the network's) or an invitation"),
    )
    CLOSED = "closed", _("Closed: no sign-up, except with an invitation from staff")


class Recruiter(models.Model):
    """A member's recruiting: their personal passcode, made the first time they look at
    it (only members in good standing may), and whether they lost the right to recruit
    (their recruits were suspended for spam)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recruiter",
        verbose_name=_("user"),
    )
    passcode = models.CharField(_("passcode"), max_length=32, unique=True)
    passcode_made_at = models.DateTimeField(_("passcode made at"), default=timezone.now)
    stopped_at = models.DateTimeField(
        _("stopped recruiting at"),
        null=True,
        blank=True,
        help_text=_("Set when a recruit is suspended for spam: no passcode, no invitations."),
    )
    stopped_because = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("recruiter")
        verbose_name_plural = _("recruiters")

    def __str__(self) -> str:
        return f"@{self.user.username}"

    @property
    def shown_passcode(self) -> str:
        return codes.shown(self.passcode)


class InvitationQuerySet(models.QuerySet):
    def usable(self) -> InvitationQuerySet:
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=timezone.now())

    def sent_since(self, moment) -> InvitationQuerySet:
        return self.filter(created_at__gte=moment)


class Invitation(models.Model):
    """A link one member sends to one email address: single use, expiring, revocable."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        USED = "used", _("Used")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(_("code"), max_length=32, unique=True)
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations_sent",
        verbose_name=_("inviter"),
    )
    email = models.EmailField(_("email address"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("used by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["inviter", "-created_at"], name="invitation_by_inviter")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return _("Invitation %(number)s by %(inviter)s") % {
            "number": self.pk,
            "inviter": self.inviter_id,
        }

    @property
    def state(self) -> str:
        if self.used_at:
            return self.State.USED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.WAITING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def shown_code(self) -> str:
        return codes.shown(self.code)


class Recruitment(models.Model):
    """How a member came in, written when they sign up: which way, who recruited them
    (and through which invitation), and the project they told about. Moderators read
    it; other members never see it."""

    class Way(models.TextChoices):
        OPEN = "open", _("Open sign-up")
        PASSCODE = "passcode", _("A member's passcode")
        NETWORK_PASSCODE = "network-passcode", _("The network's passcode")
        INVITATION = "invitation", _("An invitation")

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recruitment",
        verbose_name=_("member"),
    )
    way = models.CharField(_("came in by"), max_length=20, choices=Way.choices)
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recruits",
        verbose_name=_("recruiter"),
    )
    invitation = models.OneToOneField(
        Invitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recruitment",
        verbose_name=_("invitation"),
    )
    project = models.TextField(_("project"), blank=True, max_length=2000)
    agreed_to_points_of_unity_at = models.DateTimeField(
        _("agreed to points of unity at"), null=True, blank=True
    )
    points_of_unity_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The version of the points of unity the member agreed to."),
        verbose_name=_("points of unity revision"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recruitment")
        verbose_name_plural = _("recruitments")

    def __str__(self) -> str:
        return _("Recruitment of %(member)s (%(way)s)") % {
            "member": self.member_id,
            "way": self.way,
        }
