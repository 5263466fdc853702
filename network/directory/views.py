"""The directory's pages: organizations (the directory, a page each, proposing one) and
local projects (the list, a page each, joining one, writing to its contacts).

Thin views: read the input, check who may see or do it, call one function in
:mod:`network.directory.actions`, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from network import ratelimit
from network.directory import actions
from network.directory.forms import (
    DirectoryFilterForm,
    OrganizationProposalForm,
    ProjectFilterForm,
    ProjectMessageForm,
)
from network.directory.models import LocalProject, Organization, ProjectMember
from network.directory.notifying import reviews_organizations
from network.members import ListedMember
from network.models import Region

ORGANIZATIONS_PER_PAGE = 24
MEMBERS_PER_PAGE = 30
PROJECTS_PER_PAGE = 24
PROJECTS_ON_ORGANIZATION_PAGE = 30

# A member proposes a few organizations a day at most, and writes to projects' contacts
# a few times an hour: enough for anyone organizing, too few to spam editors or contacts.
PROPOSALS_PER_DAY = 5
PROPOSAL_PERIOD = 24 * 60 * 60
MESSAGES_PER_HOUR = 5
MESSAGE_PERIOD = 60 * 60
PROPOSALS_REFUSED = gettext_lazy(
    "You have proposed several organizations today; please wait until tomorrow to propose more."
)


def messages_refused(minutes: int) -> str:
    return ngettext(
        "You have sent several messages this hour; please try again in %(minutes)d minute. "
        "Your message is kept below.",
        "You have sent several messages this hour; please try again in %(minutes)d minutes. "
        "Your message is kept below.",
        minutes,
    ) % {"minutes": minutes}


# --- Organizations ------------------------------------------------------------------


@require_safe
def organization_list(request):
    regions = list(Region.objects.all())
    filters = DirectoryFilterForm(request.GET, regions=regions)
    organizations = filters.apply(Organization.objects.for_directory())
    page = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "region": filters.chosen_region}
    return render(request, "network/organization_list.html", context)


@require_safe
def organization_detail(request, slug: str):
    """An organization's page, for everyone once it is listed. Before that (proposed,
    declined, or only a name members typed) it does not exist, except to the editors
    who review it, who see it as it would be, marked so."""
    organization = get_object_or_404(Organization.objects.prefetch_related("regions"), slug=slug)
    if not organization.is_listed and not reviews_organizations(request.user):
        raise Http404("No such organization.")
    members = Paginator(organization.members_shown_to(request.user), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    projects = organization.projects.for_listing()[:PROJECTS_ON_ORGANIZATION_PAGE]
    context = {"organization": organization, "members": members, "projects": projects}
    return render(request, "network/organization_detail.html", context)


@login_required
def propose_organization(request):
    form = OrganizationProposalForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(
            "organization-proposal",
            str(request.user.pk),
            limit=PROPOSALS_PER_DAY,
            period=PROPOSAL_PERIOD,
        ):
            form.add_error(None, PROPOSALS_REFUSED)
            status = 429
        else:
            try:
                organization = actions.propose_organization(request.user, **form.proposal())
            except actions.AlreadyInDirectory as taken:
                form.add_error("name", form.taken_message(taken.organization))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Editors will review “%(name)s”; it appears in the "
                        "directory once they list it, and you will be notified."
                    )
                    % {"name": organization.name},
                )
                return redirect("organizations:list")
    return render(request, "network/organization_form.html", {"form": form}, status=status)


# --- Local projects -----------------------------------------------------------------


@require_safe
def project_list(request):
    regions = list(Region.objects.all())
    filters = ProjectFilterForm(request.GET, regions=regions)
    projects = filters.apply(LocalProject.objects.for_listing())
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "region": filters.chosen_region}
    return render(request, "network/project_list.html", context)


def _project(slug: str) -> LocalProject:
    return get_object_or_404(
        LocalProject.objects.select_related("organization", "region"), slug=slug
    )


@require_safe
def project_detail(request, slug: str):
    project = _project(slug)
    user = request.user
    # Contacts are named to those who may see their profile, and to nobody else.
    contacts = [ListedMember.of(contact, user) for contact in project.contacts()]
    membership = None
    if user.is_authenticated:
        membership = ProjectMember.objects.filter(project=project, member=user).first()
    context = {
        "project": project,
        "organization": project.organization if _shown(project.organization) else None,
        "contacts": [contact for contact in contacts if contact.link],
        "can_write": any(contact.pk != user.pk for contact in contacts),
        "member_count": project.memberships.count(),
        "membership": membership,
        "shows_get_involved": project.shows_how_to_get_involved_to(user),
    }
    return render(request, "network/project_detail.html", context)


def _shown(organization: Organization | None) -> bool:
    return organization is not None and organization.is_listed


@login_required
def project_contact(request, slug: str):
    """A member writes to the project's contacts. Their addresses are never on the page
    nor in what the member receives; the member's own goes only if they say so."""
    project = _project(slug)
    form = ProjectMessageForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(
            "project-message", str(request.user.pk), limit=MESSAGES_PER_HOUR, period=MESSAGE_PERIOD
        ):
            minutes = -(-ratelimit.seconds_left(MESSAGE_PERIOD) // 60)
            form.add_error(None, messages_refused(minutes))
            status = 429
        else:
            message = form.cleaned_data
            sent = actions.send_project_message(
                project, request.user, message["message"], message["share_address"]
            )
            if sent:
                messages.success(
                    request, _("Your message is on its way to the project's contacts.")
                )
                return redirect(project)
            form.add_error(None, _("This project has no contact to write to yet."))
    can_write = project.contacts().exclude(pk=request.user.pk).exists()
    context = {"project": project, "form": form, "can_write": can_write}
    return render(request, "network/project_contact.html", context, status=status)


@require_POST
@login_required
def join_project(request, slug: str):
    project = _project(slug)
    actions.join_project(project, request.user)
    messages.success(request, _("You joined %(project)s.") % {"project": project.title})
    return redirect(project)


@require_POST
@login_required
def leave_project(request, slug: str):
    project = _project(slug)
    actions.leave_project(project, request.user)
    messages.success(request, _("You left %(project)s.") % {"project": project.title})
    return redirect(project)
