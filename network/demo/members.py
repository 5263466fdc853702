"""Demo members, and the site's administrator: the people who write the demo's articles,
threads and comments. Idempotent: a member whose handle exists is left alone."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from network.models import Profile, Region, Tendency

MEMBERS_FOR = timedelta(days=90)


@dataclass(frozen=True)
class DemoMember:
    handle: str
    name: str
    region: str
    tendency: str | None
    organizations: tuple[str, ...]
    bio: str
    visibility: str = Profile.Visibility.MEMBERS


DEMO_MEMBERS = [
    DemoMember(
        "rosa_b",
        "Rosa Bell",
        "georgia",
        "democratic-socialist",
        ("Atlanta DSA", "Georgia Tenants Union"),
        "Tenant organizer in **Atlanta**. Ask me about building a tenants' association.",
        "public",
    ),
    DemoMember(
        "marcus_t",
        "Marcus Thibodeaux",
        "louisiana",
        "anarchist",
        ("New Orleans Mutual Aid",),
        "Mutual aid, hurricane response and community defense in New Orleans.",
    ),
    DemoMember(
        "jo_alvarez",
        "Jo Alvarez",
        "texas",
        "marxist-leninist",
        ("Houston Workers Center",),
        "Workplace organizing on the Gulf Coast.",
        "public",
    ),
    DemoMember(
        "deb_k",
        "Deborah King",
        "north-carolina",
        "progressive-democrat",
        ("Durham for All",),
        "Electoral work and city council campaigns in Durham.",
    ),
    DemoMember(
        "sam_whitfield",
        "Sam Whitfield",
        "tennessee",
        "left-communist",
        (),
        "Reading group host. Theory is a tool, not a badge.",
    ),
    DemoMember(
        "ana_p",
        "Ana Pereira",
        "florida",
        "democratic-socialist",
        ("Miami DSA", "SEIU 1991"),
        "Healthcare worker and union steward in Miami.",
        "public",
    ),
    DemoMember(
        "lee_h",
        "Lee Harmon",
        "kentucky",
        "social-democrat",
        ("Kentucky Jobs with Justice",),
        "Coalition building across eastern Kentucky.",
    ),
    DemoMember(
        "tasha_w",
        "Tasha Washington",
        "mississippi",
        None,
        ("Jackson Water Justice",),
        "Water justice in Jackson. Prefer to keep my politics off the label.",
    ),
    DemoMember(
        "ben_o",
        "Ben Okafor",
        "virginia",
        "trotskyist",
        ("Richmond Socialist Alternative",),
        "Student organizer at VCU.",
    ),
    DemoMember(
        "carla_m",
        "Carla Mendez",
        "district-of-columbia",
        "libertarian-socialist",
        ("DC Tenants Union",),
        "Housing and anti-displacement work in Ward 8.",
    ),
    DemoMember(
        "will_r",
        "Will Reyes",
        "outside-the-south",
        "non-aligned-independent",
        ("Chicago Teachers Union",),
        "Former Texan, now in Chicago. Here to help and to learn.",
    ),
    DemoMember(
        "nia_j",
        "Nia Johnson",
        "alabama",
        "maoist",
        ("Birmingham Freedom School",),
        "Political education and youth programs in Birmingham.",
        "hidden",
    ),
]


def _verified(user, email: str) -> None:
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )


def seed_members(say: Callable[[str], None]) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        password = secrets.token_urlsafe(12)
        admin = User.objects.create_superuser("admin", "admin@example.org", password)
        admin.profile.display_name = "Site Administrator"
        admin.profile.save()
        _verified(admin, admin.email)
        say(f"Administrator: sign in as 'admin' with password {password} (shown only this once)")

    regions = {region.slug: region for region in Region.objects.all()}
    tendencies = {tendency.slug: tendency for tendency in Tendency.objects.all()}
    new_members = [m for m in DEMO_MEMBERS if not User.objects.filter(username=m.handle).exists()]
    if not new_members:
        return
    password = secrets.token_urlsafe(12)
    joined = timezone.now() - MEMBERS_FOR
    for member in new_members:
        email = f"{member.handle}@example.org"
        # Members of some standing: old enough to recruit (network.recruiting).
        user = User.objects.create_user(member.handle, email, password, date_joined=joined)
        _verified(user, email)
        profile = user.profile
        profile.display_name = member.name
        profile.region = regions.get(member.region)
        profile.tendency = tendencies.get(member.tendency) if member.tendency else None
        profile.bio = member.bio
        profile.visibility = member.visibility
        profile.save()
        profile.organizations.set(member.organizations)
    say(
        f"{len(new_members)} demo members (rosa_b, marcus_t, …): each signs in with password "
        f"{password} (shown only this once)"
    )
