"""Campaign pages, drives and endorsements, for the endorsement tests (and the HTML and
browser tests of the same pages)."""

from __future__ import annotations

import re

from django.core import mail
from django.utils.text import slugify

from blog.endorsements import CampaignPage, Endorsement, EndorsementDrive
from blog.models import HomePage
from network.models import Region

STATEMENT = "<p>We endorse the <b>second conference</b> of the Southern left.</p>"
LINK = re.compile(r"https?://\S+/endorsements/(confirm|withdraw)/[^/\s]+/")


def make_campaign(
    title: str = "Endorse the second conference!",
    *,
    who_may_sign: str = EndorsementDrive.WhoMaySign.BOTH,
    closing_date=None,
    publish: bool = True,
):
    """A campaign page under the home page with its drive, published through Wagtail's
    revisions as the admin publishes. Returns ``(page, drive)``."""
    page = CampaignPage(
        title=title, slug=slugify(title), intro="<p>Sign on by the first of May.</p>", live=False
    )
    page.endorsement_drives.add(
        EndorsementDrive(statement=STATEMENT, who_may_sign=who_may_sign, closing_date=closing_date)
    )
    HomePage.objects.get().add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page, EndorsementDrive.objects.get(page=page)


def georgia() -> Region:
    return Region.objects.get(slug="georgia")


def make_endorsement(
    drive,
    name: str = "Ana Ruiz",
    *,
    status: str = Endorsement.Status.APPROVED,
    kind: str = Endorsement.Kind.INDIVIDUAL,
    **fields,
) -> Endorsement:
    fields.setdefault("city", "Atlanta")
    fields.setdefault("region", georgia())
    fields.setdefault("email", f"{slugify(name) or 'someone'}@example.org")
    return Endorsement.objects.create(drive=drive, name=name, status=status, kind=kind, **fields)


def form_data(**fields) -> dict:
    """What the form posts, for an individual in Atlanta unless told otherwise."""
    data = {
        "kind": Endorsement.Kind.INDIVIDUAL,
        "name": "Rosa Bell",
        "organization": "Georgia Tenants Union",
        "role": "Organizer",
        "city": "Atlanta",
        "region": str(georgia().pk),
        "email": "rosa@example.org",
        "listed": "on",
        "comment": "See you in Birmingham.",
        "fax_number": "",  # the honeypot (network.honeypot)
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def links_in(message) -> dict[str, str]:
    """The confirm and withdraw links an email carries, by kind."""
    return {match.group(1): match.group(0) for match in LINK.finditer(message.body)}


def last_links() -> dict[str, str]:
    assert mail.outbox, "no email was sent"
    return links_in(mail.outbox[-1])


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]
