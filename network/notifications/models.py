"""Events, the notifications they make for each member, and members' preferences.

An :class:`Event` is written in the same transaction as what it reports (a post, a
report), with the rows of the few members named directly (the parent post's author,
those mentioned). The worker then writes everyone else's rows (watchers) and sends the
emails. Both steps are idempotent, so a task run twice, or re-enqueued by the sweeper
after a broker outage, neither loses nor doubles anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from network.notifications.kinds import DEFAULT_DELIVERY, Delivery, Kind


class Event(models.Model):
    """Something happened that members may hear of: ``object_id`` of ``source`` (a
    name a :class:`~network.notifications.sources.Source` registered, e.g. "forums.post")."""

    source = models.CharField(_("source"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object id"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    conversation = models.CharField(_("conversation"), max_length=60, blank=True)
    # The members the event named directly (replied to, mentioned), told or not by their
    # choice for that kind alone: watching the thread too does not tell them again.
    named = models.JSONField(_("named"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Set by the worker once every watcher's row is written; the sweeper fans out again
    # events left without it (the broker was down when they happened).
    fanned_out_at = models.DateTimeField(_("fanned out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="notifications_event_once")
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="notifications_event_unfanned",
                condition=models.Q(fanned_out_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.object_id}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_inbox(self, user) -> NotificationQuerySet:
        return (
            self.filter(recipient=user)
            .select_related("event", "event__actor__profile")
            .order_by("-created_at", "-pk")
        )

    def waiting_to_send(self) -> NotificationQuerySet:
        return self.filter(email=Notification.Email.PENDING)


class Notification(models.Model):
    """One member told of one event, once: the unique constraint is what makes "never
    twice for the same post" hold, whichever path (request, worker, sweeper) writes it."""

    class Email(models.TextChoices):
        PENDING = "pending", _("To send at once")
        DAILY = "daily", _("Waiting for the daily digest")
        WEEKLY = "weekly", _("Waiting for the weekly digest")
        SENT = "sent", pgettext_lazy("notification email", "Sent")
        NONE = "none", _("Site only")
        SKIPPED = "skipped", pgettext_lazy("notification email", "Not sent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The thread (or other conversation) it belongs to: emails of one conversation are
    # grouped by mail clients and coalesced before they go out; reading it marks them read.
    conversation = models.CharField(_("conversation"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email = models.CharField(
        _("email"), max_length=10, choices=Email.choices, default=Email.PENDING
    )
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    email_note = models.CharField(_("email note"), max_length=120, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"], name="notifications_once_per_member"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notifications_inbox"),
            models.Index(
                fields=["recipient", "conversation"],
                name="notifications_unread_talk",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["email", "created_at"],
                name="notifications_waiting",
                condition=models.Q(email__in=["pending", "daily", "weekly"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"


class Preference(models.Model):
    """How a member hears of one kind; no row means the default (``DEFAULT_DELIVERY``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    # New articles only: just those about the member's own region.
    only_my_region = models.BooleanField(_("only my region"), default=False)

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.delivery}"

    @staticmethod
    def deliveries(user_ids, kind: str) -> dict[int, str]:
        """Each member's choice for ``kind``, the default for those who made none."""
        chosen = dict(
            Preference.objects.filter(user_id__in=list(user_ids), kind=kind).values_list(
                "user_id", "delivery"
            )
        )
        default = DEFAULT_DELIVERY[Kind(kind)]
        return {user_id: chosen.get(user_id, default) for user_id in user_ids}

    @staticmethod
    def only_my_region_for(user) -> bool:
        return Preference.objects.filter(
            user=user, kind=Kind.NEW_ARTICLE, only_my_region=True
        ).exists()

    @staticmethod
    def for_member(user) -> dict[str, str]:
        chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
        return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in Kind.values}


@register_setting(icon="mail")
class NotificationSettings(BaseGenericSetting):
    """Site-wide switches for notification email.
    https://docs.wagtail.org/en/stable/reference/contrib/settings.html"""

    pause_email = models.BooleanField(
        _("pause email"),
        default=False,
        help_text=_(
            "Send no notification email. Notifications still appear on the site; what "
            "would have been emailed at once waits for the daily digest, which is also held "
            "while this is on."
        ),
    )

    panels = [FieldPanel("pause_email")]

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
