"""What the directory tells, through the notifications like everything else: editors
hear of an organization a member proposed; the member hears of the editors' decision.
Imported by ``NetworkConfig.ready`` (the web process and the worker alike)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from network.directory.models import Organization
from network.notifications import actions as notifications
from network.notifications import kinds, sources
from network.notifications.kinds import Kind
from network.notifications.sources import Subject

REVIEW_PERMISSION = "network.change_organization"
EXCERPT_CHARS = 300
PLACE = _("Organization directory")


def reviews_organizations(user) -> bool:
    """Whether ``user`` decides on proposed organizations: who may change them in the
    admin (the Editors group, administrators)."""
    return user.is_active and user.has_perm(REVIEW_PERMISSION)


def has_proposed(user) -> bool:
    return Organization.objects.filter(proposed_by=user).exists()


def reviewers() -> list[int]:
    """The active members who review proposals, by the same permission as
    :func:`reviews_organizations`, in one query."""
    app_label, codename = REVIEW_PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    may = Q(is_superuser=True)
    if permission is not None:
        may |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    return list(
        get_user_model().objects.filter(may, is_active=True).values_list("pk", flat=True).distinct()
    )


def proposed(organization: Organization) -> None:
    """Tell the reviewers of ``organization``, just proposed (inside the transaction that
    saved it)."""
    notifications.record(
        ProposalSource.name,
        organization.pk,
        actor=organization.proposed_by,
        direct=dict.fromkeys(reviewers(), Kind.ORGANIZATION_PROPOSED),
        once=True,
    )


def reviewed(organization: Organization, editor) -> None:
    """Tell whoever proposed ``organization`` that ``editor`` listed or declined it."""
    member = organization.proposed_by
    if member is None or not member.is_active:
        return
    notifications.record(
        DecisionSource.name,
        organization.pk,
        actor=editor,
        direct={member.pk: Kind.ORGANIZATION_REVIEWED},
        once=True,
    )


def _name(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is not None:
        return profile.display_name
    return user.username if user is not None else ""


def _organizations(object_ids):
    return Organization.objects.filter(pk__in=list(object_ids)).select_related(
        "proposed_by__profile"
    )


class ProposalSource(sources.Source):
    """An organization a member proposed: its reviewers open it in the admin while it
    waits, and no longer once someone decided."""

    name = "network.organization_proposal"

    def subjects(self, object_ids, viewer=None):
        may_review = viewer is None or reviews_organizations(viewer)
        return {
            organization.pk: Subject(
                title=organization.name,
                url=reverse("directory_organizations:edit", args=[organization.pk]),
                place=PLACE,
                actor_name=_name(organization.proposed_by),
                created_at=organization.proposed_at or organization.reviewed_at,
                excerpt=Truncator(organization.description).chars(EXCERPT_CHARS),
                available=may_review and organization.status == Organization.Status.PENDING,
            )
            for organization in _organizations(object_ids)
        }


class DecisionSource(sources.Source):
    """An editor listed the organization a member proposed, or declined it."""

    name = "network.organization_decision"

    def subjects(self, object_ids, viewer=None):
        found = {}
        for organization in _organizations(object_ids):
            listed = organization.is_listed
            found[organization.pk] = Subject(
                title=organization.name,
                url=organization.get_absolute_url() if listed else reverse("organizations:list"),
                place=PLACE,
                actor_name="",
                created_at=organization.reviewed_at or organization.proposed_at,
                # Lazy: worded in the language of whoever reads it (an email is in
                # its recipient's, network.notifications.delivery).
                headline=_("{title} is now listed in the directory")
                if listed
                else _("{title} was not added to the directory"),
                available=organization.status != Organization.Status.PENDING,
            )
        return found


sources.register(ProposalSource())
sources.register(DecisionSource())
kinds.offer_only_to(Kind.ORGANIZATION_PROPOSED, reviews_organizations)
kinds.offer_only_to(Kind.ORGANIZATION_REVIEWED, has_proposed)
