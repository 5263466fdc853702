"""What members and editors do to the directory, as plain functions a view, the admin,
a command or a test calls alike."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from network import language
from network.addresses import public_url
from network.directory import notifying
from network.directory.models import LocalProject, Organization, ProfileOrganization, ProjectMember

# --- Organizations ------------------------------------------------------------------


class AlreadyInDirectory(Exception):
    """The name is listed, proposed already, or was declined: a proposal adds nothing."""

    def __init__(self, organization: Organization):
        super().__init__(organization.name)
        self.organization = organization


def proposable(name: str) -> Organization | None:
    """The row a proposal of ``name`` would fill in (members typed it, nobody proposed
    it), or None when there is none yet. Raises :class:`AlreadyInDirectory` when the
    directory has it already, or has it waiting, or declined it."""
    existing = Organization.objects.named(name).first()
    if existing is not None and existing.status != Organization.Status.UNLISTED:
        raise AlreadyInDirectory(existing)
    return existing


@transaction.atomic
def propose_organization(member, name: str, regions=(), **fields) -> Organization:
    """``member`` proposes an organization for the directory: saved as pending (nobody but
    editors sees it until one lists it) and its reviewers told. A name members already
    typed on their profiles is that row, filled in; its name is kept as it is spelled
    there, since every profile naming it shows that spelling. ``fields`` are the
    directory's own (kind, website, description, logo)."""
    organization = proposable(name)
    if organization is None:
        organization = Organization(name=" ".join(name.split()))
    else:
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.status != Organization.Status.UNLISTED:
            raise AlreadyInDirectory(organization)
    for field, value in fields.items():
        setattr(organization, field, value)
    organization.status = Organization.Status.PENDING
    organization.proposed_by = member
    organization.proposed_at = timezone.now()
    organization.affiliate = False  # the network says so, not the proposer
    organization.save()
    organization.regions.set(regions)
    notifying.proposed(organization)
    return organization


def status_changed(organization: Organization, before: str, editor) -> None:
    """An editor saved ``organization`` (in the admin, inside its transaction), whose
    status was ``before``: a proposal listed or declined is a decision, dated and told
    to whoever proposed it."""
    decided = (Organization.Status.LISTED, Organization.Status.DECLINED)
    if before != Organization.Status.PENDING or organization.status not in decided:
        return
    organization.reviewed_at = timezone.now()
    Organization.objects.filter(pk=organization.pk).update(reviewed_at=organization.reviewed_at)
    notifying.reviewed(organization, editor)


def show_on_pages(profile, organizations) -> None:
    """``profile``'s member is named on the pages of ``organizations`` (among those their
    profile names), and on no other's."""
    chosen = [organization.pk for organization in organizations]
    items = ProfileOrganization.objects.filter(content_object=profile)
    items.filter(tag_id__in=chosen).update(shown_on_page=True)
    items.exclude(tag_id__in=chosen).update(shown_on_page=False)


# --- Local projects -----------------------------------------------------------------


def join_project(project: LocalProject, member) -> ProjectMember:
    membership, _ = ProjectMember.objects.get_or_create(project=project, member=member)
    return membership


def leave_project(project: LocalProject, member) -> None:
    """``member`` leaves ``project``, and stops being one of its contacts if they were."""
    ProjectMember.objects.filter(project=project, member=member).delete()


@transaction.atomic
def set_contacts(project: LocalProject, members) -> None:
    """Editors list ``members`` as ``project``'s contacts (they join it if they had not)
    and no one else; those taken off the list stay members of it."""
    wanted = {member.pk for member in members}
    memberships = ProjectMember.objects.filter(project=project)
    memberships.exclude(member_id__in=wanted).update(listed_as_contact=False)
    memberships.filter(member_id__in=wanted).update(listed_as_contact=True)
    present = set(memberships.values_list("member_id", flat=True))
    ProjectMember.objects.bulk_create(
        ProjectMember(project=project, member_id=member_id, listed_as_contact=True)
        for member_id in wanted - present
    )


@transaction.atomic
def send_project_message(project: LocalProject, sender, text: str, share_address: bool) -> int:
    """Email ``text`` from ``sender`` to each of ``project``'s contacts (not to the sender,
    if they are one), one message each, addressed to that contact alone: nobody learns
    another's address, and the contacts learn the sender's only when ``share_address``
    (it is then the Reply-To). Sent as every email is, through the worker
    (:mod:`network.mail`), once this transaction commits. Returns how many."""
    recipients = [c for c in project.contacts() if c.pk != sender.pk and c.email]
    context = {
        "project": project,
        "project_url": public_url(project.get_absolute_url()),
        "sender": sender,
        "sender_profile_url": public_url(sender.profile.get_absolute_url()),
        "text": text,
        "share_address": share_address,
        "SITE_NAME": settings.SITE_NAME,
    }
    messages = []
    for contact in recipients:
        # In each contact's language, not the sender's.
        with language.for_member(contact):
            subject = " ".join(
                render_to_string("network/email/project_message_subject.txt", context).split()
            )
            body = render_to_string(
                "network/email/project_message.txt", {**context, "contact": contact}
            )
        messages.append(
            EmailMessage(
                subject=subject,
                body=body,
                to=[contact.email],
                reply_to=[sender.email] if share_address else [],
            )
        )
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
