"""Organizations and local projects for the directory's tests, made as editors and
members leave them."""

from __future__ import annotations

from io import BytesIO

from PIL import Image

from network.directory.models import LocalProject, Organization, ProfileOrganization, ProjectMember
from network.models import Region


def region(slug: str) -> Region:
    return Region.objects.get(slug=slug)


def make_organization(
    name: str,
    *,
    status: str = Organization.Status.LISTED,
    kind: str = Organization.Kind.OTHER,
    regions=(),
    **fields,
) -> Organization:
    organization = Organization.objects.create(name=name, status=status, kind=kind, **fields)
    if regions:
        organization.regions.set([region(slug) for slug in regions])
    return organization


def name_on_page(profile, organization: Organization, shown: bool = True) -> None:
    """``profile`` names ``organization`` and, when ``shown``, chose to be named back."""
    profile.organizations.add(organization)
    ProfileOrganization.objects.filter(content_object=profile, tag=organization).update(
        shown_on_page=shown
    )


def make_project(
    title: str = "Peachtree Towers tenants' association",
    *,
    region_slug: str = "georgia",
    contacts=(),
    members=(),
    **fields,
) -> LocalProject:
    from django.utils.text import slugify

    fields.setdefault("description", "Forty-seven units, **one** landlord.")
    project = LocalProject.objects.create(
        title=title, slug=fields.pop("slug", slugify(title)), region=region(region_slug), **fields
    )
    for user in contacts:
        ProjectMember.objects.create(project=project, member=user, listed_as_contact=True)
    for user in members:
        ProjectMember.objects.create(project=project, member=user)
    return project


def jpeg_with_gps(size=(1200, 800)) -> bytes:
    """A phone's picture: a JPEG carrying its camera and where it was taken."""
    image = Image.new("RGB", size, (30, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (33.0, 45.0, 0.0)}  # GPS latitude
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def fill_for_validation(member) -> dict:
    """An organization with a logo naming ``member`` (public) on its page, and a project
    with ``member`` as its contact: what the directory's pages show, for the HTML checker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from network.avatars import make_logo

    organization = make_organization(
        "Georgia Tenants Union",
        kind=Organization.Kind.TENANT_UNION,
        regions=["georgia", "alabama"],
        website="https://example.org/gtu",
        description="Tenant unions <across> Georgia & Alabama.",
        affiliate=True,
        logo=make_logo(SimpleUploadedFile("logo.jpg", jpeg_with_gps((300, 120)))),
    )
    name_on_page(member.profile, organization)
    project = make_project(
        organization=organization,
        contacts=[member],
        city="Atlanta",
        get_involved="Meet **Tuesdays**.\n\n| Day | Time |\n| --- | --- |\n| Tue | 7 |",
        get_involved_public=True,
    )
    return {"organization": organization, "project": project}
