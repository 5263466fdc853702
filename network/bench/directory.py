"""The directory of ``make bench`` (issue #12): 500 listed organizations across the
regions, one of them naming the bench's members on its page (those who chose to be,
half of them members-only), and a local project with contacts and members; then the
pages worth loading: the directory, the directory filtered, that organization's page,
the project's page."""

from __future__ import annotations

from django.db.models import Count

from network import bench
from network.directory.models import (
    LocalProject,
    Organization,
    ProfileOrganization,
    ProjectMember,
)
from network.models import Region

ORGANIZATIONS = 500
KINDS = Organization.Kind.values
DESCRIPTION = "Tenants organizing building by building, with a list that outlives the fight."


def build_directory(data: bench.DataSet, say: bench.Say) -> None:
    regions = list(Region.objects.order_by("pk"))
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Bench Organization {n:03d}",
            slug=f"bench-organization-{n:03d}",
            status=Organization.Status.LISTED,
            kind=KINDS[n % len(KINDS)],
            description=DESCRIPTION,
            website=f"https://example.org/{n}",
            affiliate=n % 5 == 0,
        )
        for n in range(ORGANIZATIONS)
    )
    through = Organization.regions.through
    through.objects.bulk_create(
        through(organization_id=organization.pk, region_id=regions[(n + k) % len(regions)].pk)
        for n, organization in enumerate(organizations)
        for k in range(1 + n % 3)
    )
    union = organizations[0]
    ProfileOrganization.objects.bulk_create(
        ProfileOrganization(content_object=member.profile, tag=union, shown_on_page=True)
        for member in data.members
    )
    project = LocalProject.objects.create(
        title="Bench riders' union",
        slug="bench-riders-union",
        organization=union,
        region=regions[0],
        city="Atlanta",
        status=LocalProject.Status.ACTIVE,
        description=DESCRIPTION,
        get_involved="Meet **Tuesdays** at 7.",
    )
    ProjectMember.objects.bulk_create(
        ProjectMember(project=project, member=member, listed_as_contact=n < 5)
        for n, member in enumerate(data.members)
    )
    busiest = (
        Region.objects.annotate(listed=Count("organizations"))
        .order_by("-listed", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    data.pages += [
        bench.Page("organization directory", "/organizations/", None, as_member=True),
        bench.Page("directory, region, p. 2", f"/organizations/?region={busiest}&page=2", None),
        bench.Page("organization page", union.get_absolute_url(), None, as_member=True),
        bench.Page("local project page", project.get_absolute_url(), None, as_member=True),
    ]
