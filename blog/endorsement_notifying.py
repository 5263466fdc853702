"""What editors hear of endorsement drives: each endorsement confirmed by its endorser
waits for review, and whoever may review endorsements is told (by default in the daily
digest). The event is recorded when the endorser confirms (:func:`blog.endorsing.confirm`);
the worker writes each editor's row from :meth:`EndorsementSource.audience`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from blog import endorsing
from blog.endorsements import Endorsement
from network.notifications import kinds, sources
from network.notifications.kinds import Kind
from network.notifications.sources import Subject

MODERATE = "blog.moderate_endorsement"


def moderates_endorsements(user) -> bool:
    """Whether ``user`` may approve and reject endorsements (the Editors group may)."""
    return user.is_active and user.has_perm(MODERATE)


def endorsement_moderators():
    """The members given the permission, through a group or on their own; not every
    superuser, as Wagtail's review emails leave them out too
    (``WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS``)."""
    permission = Permission.objects.filter(
        content_type__app_label="blog", codename="moderate_endorsement"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
    )


def review_url(drive_id: int) -> str:
    """The admin's list of a drive's endorsements waiting for review."""
    return f"{reverse('endorsements:index')}?{urlencode({'status': 'pending', 'drive': drive_id})}"


class EndorsementSource(sources.Source):
    name = endorsing.NOTIFICATION_SOURCE

    def audience(self, event):
        for user_id in endorsement_moderators().values_list("pk", flat=True).iterator():
            yield user_id, Kind.ENDORSEMENT

    def subjects(self, object_ids, viewer=None):
        """An endorsement is news while it waits for review: once an editor has
        approved or rejected it (or its endorser withdrew it) nobody is told of it."""
        may_review = viewer is None or moderates_endorsements(viewer)
        endorsements = Endorsement.objects.filter(pk__in=list(object_ids)).select_related(
            "drive__page"
        )
        return {
            endorsement.pk: Subject(
                title=endorsement.drive.page.title,
                url=review_url(endorsement.drive_id),
                place=gettext_lazy("Endorsements"),
                actor_name=str(endorsement),
                created_at=endorsement.confirmed_at or endorsement.created_at,
                available=may_review and endorsement.status == Endorsement.Status.PENDING,
            )
            for endorsement in endorsements
        }

    def unreadable(self, pairs, subjects):
        """Members who may no longer review endorsements (they left the Editors group)."""
        allowed = set(
            endorsement_moderators()
            .filter(pk__in={user_id for user_id, _ in pairs})
            .values_list("pk", flat=True)
        )
        return {(user_id, object_id) for user_id, object_id in pairs if user_id not in allowed}


sources.register(EndorsementSource())
kinds.offer_only_to(Kind.ENDORSEMENT, moderates_endorsements)
