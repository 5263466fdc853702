"""The endorsement drive of ``make bench`` (issue #12): a campaign page whose drive has
1,000 approved endorsers, a quarter of them organizations, some with a comment. The page
is loaded with the others; its server time is also timed in this process, with the list
of endorsers from the cache (as it is between two approvals) and rendered afresh (the
first view after one). Target: under 15 ms of server time."""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client

from blog import endorsing
from blog.endorsements import CampaignPage, Endorsement, EndorsementDrive
from blog.models import HomePage
from network import bench
from network.models import Region

ENDORSERS = 1_000
SLUG = "endorse-the-bench-conference"
TARGET_MS = 15
STATEMENT = (
    "<p>We endorse the <b>second conference</b> of the network and encourage our members "
    "to attend: three days of report-backs, strategy sessions and trainings.</p>"
)


def build_campaign(data: bench.DataSet, say: bench.Say) -> None:
    page = CampaignPage(title="Endorse the bench conference!", slug=SLUG, live=False)
    page.endorsement_drives.add(EndorsementDrive(statement=STATEMENT))
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    drive = EndorsementDrive.objects.get(page=page)
    regions = list(Region.objects.all())
    organization = Endorsement.Kind.ORGANIZATION
    Endorsement.objects.bulk_create(
        Endorsement(
            drive=drive,
            kind=organization if n % 4 == 0 else Endorsement.Kind.INDIVIDUAL,
            name=f"Endorser {n}",
            organization=f"Organization {n}" if n % 4 == 0 else ("Local 100" if n % 3 else ""),
            role="Organizer" if n % 2 else "",
            city="Birmingham",
            region=data.rng.choice(regions),
            email=f"endorser{n}@example.org",
            status=Endorsement.Status.APPROVED,
            listed=n % 25 != 0,
            comment="See you there." if n % 10 == 0 else "",
        )
        for n in range(ENDORSERS)
    )
    page.refresh_from_db()
    data.pages.append(bench.Page(f"campaign, {ENDORSERS:,} endorsers", page.url, None))


def rendering(timer: bench.Timer, data: bench.DataSet) -> None:
    page = CampaignPage.objects.get(slug=SLUG)
    drive = EndorsementDrive.objects.get(page=page)
    client = Client()
    client.get(page.url)
    timer.measure(
        f"campaign page, {ENDORSERS:,} endorsers, list cached (≤{TARGET_MS} ms)",
        lambda: client.get(page.url),
    )

    def rendered_afresh():
        cache.delete(endorsing.endorsers_cache_key(drive.pk))
        return client.get(page.url)

    timer.measure(
        f"campaign page, {ENDORSERS:,} endorsers, list rendered (≤{TARGET_MS} ms)",
        rendered_afresh,
    )
