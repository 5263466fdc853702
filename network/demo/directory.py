"""The demo's directory: a dozen organizations across the South, of every kind, some of
them affiliates, with the demo members who belong to them named on their pages (those
who chose to be), and four local projects with their contacts. Idempotent: an
organization listed already, or a project whose slug exists, is left alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from network.avatars import make_logo
from network.demo.blog import PALETTE
from network.directory.models import LocalProject, Organization, ProfileOrganization, ProjectMember
from network.models import Region

Kind = Organization.Kind


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    kind: str
    regions: tuple[str, ...]
    description: str
    affiliate: bool = False
    website: str = ""
    # Demo members (by handle) who name it on their profile and chose to be named back.
    shown: tuple[str, ...] = ()
    logo: bool = False


DEMO_ORGANIZATIONS = [
    DemoOrganization(
        "Georgia Tenants Union",
        Kind.TENANT_UNION,
        ("georgia",),
        "Building-by-building tenant unions in Atlanta, Savannah and Macon.",
        affiliate=True,
        website="https://example.org/georgia-tenants-union",
        shown=("rosa_b",),
        logo=True,
    ),
    DemoOrganization(
        "Atlanta DSA",
        Kind.OTHER,
        ("georgia",),
        "The Atlanta chapter of the Democratic Socialists of America.",
        shown=("rosa_b",),
    ),
    DemoOrganization(
        "New Orleans Mutual Aid",
        Kind.MUTUAL_AID,
        ("louisiana",),
        "Hurricane response, free fridges and community defense across the city.",
        affiliate=True,
        shown=("marcus_t",),
        logo=True,
    ),
    DemoOrganization(
        "Houston Workers Center",
        Kind.COLLECTIVE,
        ("texas",),
        "Wage theft clinics and workplace committees on the Gulf Coast.",
        shown=("jo_alvarez",),
    ),
    DemoOrganization(
        "SEIU 1991",
        Kind.UNION,
        ("florida",),
        "Healthcare workers in South Florida.",
        website="https://example.org/seiu-1991",
        shown=("ana_p",),
    ),
    DemoOrganization(
        "Miami DSA",
        Kind.OTHER,
        ("florida",),
        "Democratic socialists in Miami-Dade.",
    ),
    DemoOrganization(
        "Kentucky Jobs with Justice",
        Kind.OTHER,
        ("kentucky",),
        "A coalition of unions, faith groups and community organizations.",
        affiliate=True,
    ),
    DemoOrganization(
        "Jackson Water Justice",
        Kind.COLLECTIVE,
        ("mississippi",),
        "Water distribution and the fight for a working water system in Jackson.",
        shown=("tasha_w",),
    ),
    DemoOrganization(
        "DC Tenants Union",
        Kind.TENANT_UNION,
        ("district-of-columbia", "maryland"),
        "Tenant associations against displacement in Wards 7 and 8 and beyond.",
        affiliate=True,
        logo=True,
    ),
    DemoOrganization(
        "Richmond Socialist Alternative",
        Kind.PARTY,
        ("virginia",),
        "Students and workers in Richmond.",
    ),
    DemoOrganization(
        "Southern Worker Press",
        Kind.MEDIA,
        ("alabama", "georgia", "tennessee"),
        "Reporting on strikes, tenant fights and organizing across the South.",
        affiliate=True,
        logo=True,
    ),
    DemoOrganization(
        "Arkansas Educators for Democratic Schools",
        Kind.CAUCUS,
        ("arkansas",),
        "A rank-and-file caucus of teachers and school staff.",
    ),
    DemoOrganization(
        "Birmingham Freedom School",
        Kind.COLLECTIVE,
        ("alabama",),
        "Political education and youth programs in Birmingham.",
        # Her profile is hidden: the page names her to nobody but herself and staff.
        shown=("nia_j",),
    ),
]


@dataclass(frozen=True)
class DemoProject:
    title: str
    slug: str
    organization: str | None
    region: str
    city: str
    status: str
    description: str
    get_involved: str
    contacts: tuple[str, ...]
    members: tuple[str, ...] = ()
    get_involved_public: bool = False


DEMO_PROJECTS = [
    DemoProject(
        "Peachtree Towers tenants' association",
        "peachtree-towers",
        "Georgia Tenants Union",
        "georgia",
        "Atlanta",
        LocalProject.Status.ACTIVE,
        "Forty-seven units, one landlord, and a list of repairs two years long. "
        "We meet weekly and door-knock every floor.",
        "Meetings are **Tuesdays at 7 pm** in the community room. Ask a floor captain, "
        "or write to us below.",
        ("rosa_b",),
        ("sam_whitfield",),
    ),
    DemoProject(
        "Gulf Coast warehouse committee",
        "gulf-coast-warehouse-committee",
        "Houston Workers Center",
        "texas",
        "Houston",
        LocalProject.Status.FORMING,
        "Warehouse workers mapping their shifts and their grievances, one building at a time.",
        "We talk one on one first. Write to us and say which warehouse.",
        ("jo_alvarez",),
    ),
    DemoProject(
        "New Orleans transit riders' union",
        "new-orleans-transit-riders",
        None,
        "louisiana",
        "New Orleans",
        LocalProject.Status.ACTIVE,
        "Riders organizing for buses that come, and fares people can pay.",
        "Ride with us: we survey riders at the Canal Street stops on Saturday mornings.",
        ("marcus_t",),
        get_involved_public=True,
    ),
    DemoProject(
        "Jackson water distribution",
        "jackson-water-distribution",
        "Jackson Water Justice",
        "mississippi",
        "Jackson",
        LocalProject.Status.DORMANT,
        "Bottled water to the neighborhoods the city forgot, during the boil-water notices.",
        "Resting until the next notice. Write to join the call list.",
        ("tasha_w",),
    ),
]


def demo_logo(colour: tuple[int, int, int]):
    """A plain logo for the demo (a light ring and bar on a colour), made here, not
    fetched, and put through the site's own logo processing."""
    picture = Image.new("RGB", (480, 480), colour)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((90, 90, 390, 390), outline=(251, 248, 243), width=36)
    draw.rectangle((215, 60, 265, 420), fill=(251, 248, 243))
    out = BytesIO()
    picture.save(out, format="PNG")
    return make_logo(SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png"))


def seed_directory(say: Callable[[str], None]) -> None:
    regions = {region.slug: region for region in Region.objects.all()}
    members = {user.username: user for user in get_user_model().objects.select_related("profile")}
    listed = 0
    for number, spec in enumerate(DEMO_ORGANIZATIONS):
        organization = Organization.objects.named(spec.name).first() or Organization(name=spec.name)
        if organization.is_listed:
            continue
        organization.kind = spec.kind
        organization.description = spec.description
        organization.website = spec.website
        organization.affiliate = spec.affiliate
        organization.status = Organization.Status.LISTED
        if spec.logo:
            organization.logo = demo_logo(PALETTE[number % len(PALETTE)])
        organization.save()
        organization.regions.set([regions[slug] for slug in spec.regions])
        for handle in spec.shown:
            if member := members.get(handle):
                member.profile.organizations.add(organization)
                ProfileOrganization.objects.filter(
                    content_object=member.profile, tag=organization
                ).update(shown_on_page=True)
        listed += 1
    if listed:
        say(f"{listed} organizations in the directory (/organizations/)")

    made = 0
    for spec in DEMO_PROJECTS:
        if LocalProject.objects.filter(slug=spec.slug).exists():
            continue
        project = LocalProject.objects.create(
            title=spec.title,
            slug=spec.slug,
            organization=Organization.objects.named(spec.organization).first()
            if spec.organization
            else None,
            region=regions[spec.region],
            city=spec.city,
            status=spec.status,
            description=spec.description,
            get_involved=spec.get_involved,
            get_involved_public=spec.get_involved_public,
        )
        ProjectMember.objects.bulk_create(
            [
                *(
                    ProjectMember(project=project, member=members[h], listed_as_contact=True)
                    for h in spec.contacts
                    if h in members
                ),
                *(
                    ProjectMember(project=project, member=members[h])
                    for h in spec.members
                    if h in members
                ),
            ]
        )
        made += 1
    if made:
        say(f"{made} local projects (/projects/)")
