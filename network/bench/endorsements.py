"""The endorsement drive of ``make bench`` (issue #12): an event page whose drive has
1,000 approved endorsers, a quarter of them organizations, some with a comment. The page
is loaded with the others, signed out and signed in; its server time is also timed in
this process, with the list of endorsers from the cache (as it is between two
approvals), signed out and signed in, and rendered afresh (the first view after one).
Target: under ``TARGET_MS`` of server time."""

from __future__ import annotations

from datetime import time, timedelta

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from blog import endorsing
from blog.endorsements import Endorsement, EndorsementDrive
from blog.models import EventIndexPage, EventPage
from network import bench
from network.models import Region

ENDORSERS = 1_000
SLUG = "endorse-the-bench-conference"
TARGET_MS = 15
STATEMENT = (
    "<p>We endorse the <b>second conference</b> of the network and encourage our members "
    "to attend: three days of report-backs, strategy sessions and trainings.</p>"
)


def build_drive(data: bench.DataSet, say: bench.Say) -> None:
    regions = list(Region.objects.all())
    start = timezone.localdate() + timedelta(days=60)
    page = EventPage(
        title="Endorse the bench conference!",
        slug=SLUG,
        introduction="Delegations from across the South, and the organizations behind them.",
        start_date=start,
        end_date=start + timedelta(days=2),
        start_time=time(9, 30),
        end_time=time(17),
        time_zone="America/Chicago",
        venue_name="Labor Temple",
        venue_city="Memphis",
        venue_region=regions[0],
        call_to_action_url="https://forms.example.org/register",
        live=False,
    )
    page.endorsement_drives.add(EndorsementDrive(statement=STATEMENT))
    EventIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    drive = EndorsementDrive.objects.get(page=page)
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
    data.pages.append(bench.Page(f"event, {ENDORSERS:,} endorsers", page.url, None, as_member=True))


def rendering(timer: bench.Timer, data: bench.DataSet) -> None:
    page = EventPage.objects.get(slug=SLUG)
    drive = EndorsementDrive.objects.get(page=page)
    client = Client()
    client.get(page.url)
    timer.measure(
        f"event page, {ENDORSERS:,} endorsers, list cached",
        lambda: client.get(page.url),
        target_ms=TARGET_MS,
    )
    member = Client()
    member.force_login(data.reader)
    member.get(page.url)
    timer.measure(
        f"event page, {ENDORSERS:,} endorsers, list cached, signed in",
        lambda: member.get(page.url),
        target_ms=TARGET_MS,
    )

    def rendered_afresh():
        cache.delete(endorsing.endorsers_cache_key(drive.pk))
        return client.get(page.url)

    timer.measure(
        f"event page, {ENDORSERS:,} endorsers, list rendered",
        rendered_afresh,
        target_ms=TARGET_MS,
    )
