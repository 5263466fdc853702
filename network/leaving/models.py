"""What leaving keeps while it happens: a member's data exports, and a deletion they
asked for while its week of grace runs. Imported by :mod:`network.models`."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long an export's file is kept (and its link works), and how long a deletion waits.
EXPORT_KEPT_FOR = timedelta(days=7)
DELETION_GRACE = timedelta(days=7)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class DataExportQuerySet(models.QuerySet):
    def pending(self) -> DataExportQuerySet:
        return self.filter(status__in=DataExport.PENDING)

    def expired(self, now=None) -> DataExportQuerySet:
        return self.filter(expires_at__lte=now or timezone.now())


class DataExport(models.Model):
    """One ZIP of a member's data: asked for, built by the worker, downloadable by them
    alone until ``expires_at``, then deleted. Its file lives outside the public media
    (``settings.DATA_EXPORT_ROOT``); only :func:`network.leaving.views.download_export`
    serves it, to its owner."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    PENDING = (Status.QUEUED, Status.BUILDING)

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("member"),
    )
    # In the download's address: not guessable, unlike the id (the view checks the
    # member anyway).
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # The file's name in the exports' storage (network.leaving.exporting.storage).
    file_name = models.CharField(_("file name"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One export at a time, held by the database against two requests at once.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status__in=["queued", "building"]),
                name="leaving_one_pending_export_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"Export {self.pk} for {self.member_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and not self.has_expired

    @property
    def has_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class AccountDeletion(models.Model):
    """A member asked for their account to be deleted. Until ``due_at`` signing in
    cancels it (the row goes); then the worker carries it out and sets ``done_at``, and
    the row stays as the record that it was done (it names nobody any more: the account
    it points to is a former member's)."""

    class Mode(models.TextChoices):
        ANONYMIZE = "anonymize", _("Anonymize: my posts stay, shown as by “a former member”")
        DELETE_POSTS = (
            "delete",
            _("Delete my posts too: each reads “[deleted by author]”, and replies stay"),
        )

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_deletion",
        verbose_name=_("member"),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        indexes = [
            models.Index(
                fields=["due_at"], condition=models.Q(done_at=None), name="leaving_deletions_due"
            )
        ]

    def __str__(self) -> str:
        return f"Deletion of {self.member_id} ({self.mode})"

    @property
    def deletes_posts(self) -> bool:
        return self.mode == self.Mode.DELETE_POSTS
