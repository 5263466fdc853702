"""The demo's endorsement drive for ``manage.py seed_demo``: a campaign page under the
home page, "Endorse the second conference!", open until shortly before it, with organizations
and individuals already approved, one waiting for review, and one who asked not to be
named. Idempotent: a campaign page with its slug is left alone."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from blog.endorsements import CampaignPage, Endorsement, EndorsementDrive
from blog.models import HomePage
from network.models import Region

SLUG = "endorse-the-second-conference"
INTRO = (
    "<p>The network meets again in Memphis for its second conference: two days of "
    "report-backs, strategy sessions and trainings, open to every tendency in the network. "
    "Organizations that endorse it help us reach their members and share the cost of "
    "childcare and travel grants.</p>"
)
STATEMENT = (
    "<p>We endorse the <b>Second Southern Left Conference</b> and encourage our members to "
    "attend. We share its aim: a left in the South that argues in the open, organizes "
    "together where it agrees, and builds the power of working people across the region.</p>"
)

Kind = Endorsement.Kind
Status = Endorsement.Status

# (kind, name, organization, role, city, state, status, listed, comment)
ENDORSERS = [
    (Kind.ORGANIZATION, "Rosa Bell", "Georgia Tenants Union", "Co-chair", "Atlanta", "georgia",
     Status.APPROVED, True, "Our members will be there."),
    (Kind.ORGANIZATION, "Marcus Thibodeaux", "New Orleans Mutual Aid", "Coordinator",
     "New Orleans", "louisiana", Status.APPROVED, True, ""),
    (Kind.ORGANIZATION, "Jo Alvarez", "Houston Workers Center", "Organizer", "Houston", "texas",
     Status.APPROVED, True, ""),
    (Kind.ORGANIZATION, "Deborah King", "Durham for All", "Steering committee", "Durham",
     "north-carolina", Status.APPROVED, True, "See you in Memphis."),
    (Kind.INDIVIDUAL, "Sam Whitfield", "", "Reading group convener", "Nashville", "tennessee",
     Status.APPROVED, True, ""),
    (Kind.INDIVIDUAL, "Tasha Washington", "Mississippi Free Press Review", "Reporter",
     "Jackson", "mississippi", Status.APPROVED, True, ""),
    (Kind.INDIVIDUAL, "Luis Cardenas", "UFCW Local 1995", "Steward", "Memphis", "tennessee",
     Status.APPROVED, True, "First conference changed how our local organizes."),
    (Kind.INDIVIDUAL, "A quiet supporter", "", "", "Birmingham", "alabama",
     Status.APPROVED, False, ""),
    (Kind.INDIVIDUAL, "Pat Waiting", "", "Teacher", "Richmond", "virginia",
     Status.PENDING, True, ""),
]  # fmt: skip


def seed_campaign(say: Callable[[str], None]) -> None:
    if CampaignPage.objects.filter(slug=SLUG).exists():
        return
    home = HomePage.objects.first()
    if home is None:
        return
    page = CampaignPage(
        title="Endorse the second conference!",
        slug=SLUG,
        intro=INTRO,
        show_in_menus=True,
        live=False,
    )
    page.endorsement_drives.add(
        EndorsementDrive(
            statement=STATEMENT,
            who_may_sign=EndorsementDrive.WhoMaySign.BOTH,
            # Before the demo's conference (network.demo.events: 45 days ahead).
            closing_date=timezone.localdate() + datetime.timedelta(days=40),
        )
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    drive = EndorsementDrive.objects.get(page=page)
    regions = {region.slug: region for region in Region.objects.all()}
    now = timezone.now()
    Endorsement.objects.bulk_create(
        Endorsement(
            drive=drive,
            kind=kind,
            name=name,
            organization=organization,
            role=role,
            city=city,
            region=regions[state],
            email=f"endorser{n}@example.org",
            status=status,
            listed=listed,
            comment=comment,
            confirmed_at=now - datetime.timedelta(days=len(ENDORSERS) - n),
            moderated_at=now if status == Status.APPROVED else None,
        )
        for n, (kind, name, organization, role, city, state, status, listed, comment) in enumerate(
            ENDORSERS
        )
    )
    say(f"A campaign page, {page.url}, with {len(ENDORSERS)} endorsements (one waiting for review)")
