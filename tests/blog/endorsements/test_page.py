"""The public page of a drive: its approved endorsers grouped as organizations and
individuals, counted; the same few queries whatever their number; and the drive as
editors make it, in the page editor, on any page type."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from blog import endorsing
from blog.endorsements import CampaignPage, Endorsement, EndorsementDrive
from blog.models import HomePage
from tests.blog.endorsements.helpers import (
    STATEMENT,
    georgia,
    make_campaign,
    make_endorsement,
)

pytestmark = pytest.mark.django_db

Status = Endorsement.Status
Kind = Endorsement.Kind


def listed(html: str, heading: str) -> list[str]:
    """The names listed under ``heading`` ("Organizations" or "Individuals")."""
    soup = BeautifulSoup(html, "html.parser")
    title = soup.find("h3", string=heading)
    if title is None:
        return []
    return [name.get_text() for name in title.find_next("ul").select(".endorser__name")]


def test_the_page_groups_approved_listed_endorsers_and_counts_them(client, campaign):
    page, drive = campaign
    make_endorsement(
        drive, "Rosa Bell", kind=Kind.ORGANIZATION, organization="Georgia Tenants Union"
    )
    make_endorsement(
        drive, "Jo Alvarez", kind=Kind.ORGANIZATION, organization="Houston Workers Center"
    )
    make_endorsement(
        drive, "Marcus Thibodeaux", role="Steward", organization="New Orleans Mutual Aid"
    )
    make_endorsement(drive, "deborah king")
    make_endorsement(drive, "Quiet Person", listed=False)
    make_endorsement(drive, "Pat Pending", status=Status.PENDING)
    make_endorsement(drive, "Rex Rejected", status=Status.REJECTED)
    make_endorsement(drive, "Una Unconfirmed", status=Status.UNCONFIRMED)

    html = client.get(page.url).content.decode()

    assert listed(html, "Organizations") == ["Georgia Tenants Union", "Houston Workers Center"]
    assert listed(html, "Individuals") == ["deborah king", "Marcus Thibodeaux"]
    assert "5 endorsers, 2 organizations" in html
    assert "1 endorser asked not to be named." in html
    assert "Steward, New Orleans Mutual Aid" in html
    assert "Atlanta, GA" in html
    for hidden in ("Quiet Person", "Pat Pending", "Rex Rejected", "Una Unconfirmed"):
        assert hidden not in html
    # The address is never on the page.
    assert "@example.org" not in html


def test_one_endorser_is_counted_in_the_singular(client, campaign):
    page, drive = campaign
    make_endorsement(drive, "Ana Ruiz", kind=Kind.ORGANIZATION, organization="Durham for All")

    assert "1 endorser, 1 organization" in client.get(page.url).content.decode()


def endorse_in_bulk(drive, count: int) -> None:
    region = georgia()
    Endorsement.objects.bulk_create(
        Endorsement(
            drive=drive,
            kind=Kind.ORGANIZATION if n % 4 == 0 else Kind.INDIVIDUAL,
            name=f"Endorser {n}",
            organization=f"Organization {n}" if n % 4 == 0 else "",
            city="Atlanta",
            region=region,
            email=f"endorser{n}@example.org",
            status=Status.APPROVED,
        )
        for n in range(count)
    )


# Wagtail's own serving (site, page, its ancestors' restrictions), the site's chrome, and
# the drive's four: the drive, its endorsers, their count, and the states in the form's
# menu, none of them once kept in the cache (blog.page_parts and the drive's own). The
# first view of a page also reads its type apart (blog.routing).
QUERY_BUDGET = 10


def test_a_drive_page_costs_the_same_few_queries_for_three_endorsers_or_a_thousand(
    client, count_queries, django_assert_max_num_queries
):
    small_page, small = make_campaign("Three endorsers")
    endorse_in_bulk(small, 3)
    big_page, big = make_campaign("A thousand endorsers")
    endorse_in_bulk(big, 1000)
    client.get("/")  # what a running server has warm: the site's root paths, the chrome

    cold = [
        count_queries(lambda page=page: client.get(page.url)) for page in (small_page, big_page)
    ]
    cached = [
        count_queries(lambda page=page: client.get(page.url)) for page in (small_page, big_page)
    ]

    assert cold[0] == cold[1] <= QUERY_BUDGET
    assert cached[0] == cached[1] == cold[0] - 5
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(big_page.url)
    html = response.content.decode()
    assert "1,000 endorsers, 250 organizations" in html
    assert html.count('class="endorser"') == 1000


def test_the_cached_list_changes_when_an_endorsement_is_approved(
    client, campaign, django_capture_on_commit_callbacks
):
    page, drive = campaign
    waiting = make_endorsement(drive, "Pat Pending", status=Status.PENDING)
    assert "Pat Pending" not in client.get(page.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        endorsing.approve([waiting.pk], editor=None)

    assert "Pat Pending" in client.get(page.url).content.decode()


def test_the_list_rendered_before_a_change_is_not_served_after_it(
    campaign, django_capture_on_commit_callbacks
):
    """A render that read the list before an approval committed keeps it under the
    generation of the moment, which nothing reads once the approval is committed (the
    generation moves at the change and again on commit: network.generations)."""
    _, drive = campaign
    waiting = make_endorsement(drive, "Pat Pending", status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        before = endorsing.endorsers_cache_key(drive.pk)
        endorsing.approve([waiting.pk], editor=None)
        during = endorsing.endorsers_cache_key(drive.pk)  # what another reader still sees

    assert during != before
    assert endorsing.endorsers_cache_key(drive.pk) not in (before, during)


# --- The drive in the page editor ----------------------------------------------------------


def campaign_form(**drive_fields) -> dict:
    drive = {
        "statement": rich_text(STATEMENT),
        "who_may_sign": "both",
        "closing_date": "",
        **drive_fields,
    }
    return nested_form_data(
        {
            "title": "Endorse the tenant bill",
            "slug": "endorse-the-tenant-bill",
            "language": "en",
            "intro": rich_text("<p>Why it matters.</p>"),
            "endorsement_drives": inline_formset([drive] if drive_fields is not None else []),
            "action-publish": "publish",
        }
    )


def test_an_editor_makes_a_campaign_page_with_its_drive_in_the_admin(client, editor):
    home = HomePage.objects.get()
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=("blog", "campaignpage", home.pk))
    assert client.get(add).status_code == 200

    response = client.post(add, campaign_form(who_may_sign="organizations"))

    assert response.status_code == 302, response.content.decode()[:2000]
    page = CampaignPage.objects.get(slug="endorse-the-tenant-bill")
    assert page.live
    drive = EndorsementDrive.objects.get(page=page)
    assert drive.who_may_sign == "organizations"
    assert "second conference" in client.get(page.url).content.decode()


def test_the_home_page_offers_a_campaign_page_among_its_children():
    assert CampaignPage in HomePage.allowed_subpage_models()
    assert CampaignPage.allowed_parent_page_models() == [HomePage]


def test_the_editor_refuses_to_remove_a_drive_people_signed(client, editor, campaign):
    page, drive = campaign
    make_endorsement(drive, "Rosa Bell")
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "language": "en",
            "intro": rich_text("<p>Why it matters.</p>"),
            "endorsement_drives": inline_formset(
                [
                    {
                        "id": drive.pk,
                        "statement": rich_text(STATEMENT),
                        "who_may_sign": "both",
                        "closing_date": "",
                        "DELETE": "1",
                    }
                ]
            ),
            "action-publish": "publish",
        }
    )

    response = client.post(edit, data)

    assert response.status_code == 200
    assert "cannot be removed from its page" in response.content.decode()
    assert EndorsementDrive.objects.filter(pk=drive.pk).exists()
    assert Endorsement.objects.count() == 1


def test_publishing_a_revision_without_a_signed_drive_fails_and_keeps_it(campaign):
    page, drive = campaign
    make_endorsement(drive, "Rosa Bell")
    page.endorsement_drives.clear()  # a revision from before the drive, as the admin's
    revision = page.save_revision()

    with pytest.raises(ProtectedError):
        revision.publish()

    assert Endorsement.objects.filter(drive_id=drive.pk).count() == 1


def test_deleting_the_page_takes_its_drive_and_endorsements(campaign):
    page, drive = campaign
    make_endorsement(drive, "Rosa Bell")

    Page.objects.get(pk=page.pk).delete()

    assert not EndorsementDrive.objects.exists()
    assert not Endorsement.objects.exists()


def test_a_drive_without_endorsements_may_be_removed(campaign):
    page, _drive = campaign
    page.endorsement_drives.clear()

    page.save_revision().publish()

    assert not EndorsementDrive.objects.exists()


def test_any_page_type_can_carry_a_drive(client, editor):
    """The event page will: a page type needs the panel and the template tag only."""
    home = HomePage.objects.get()
    home.endorsement_drives.add(EndorsementDrive(statement=STATEMENT))
    home.save_revision().publish()

    drive = EndorsementDrive.objects.get(page=home)

    assert drive.is_open()
    assert list(Page.objects.get(pk=home.pk).endorsement_drives.all()) == [drive]


def test_editors_may_add_pages_under_the_home_page():
    editors = Group.objects.get(name="Editors")
    home = HomePage.objects.get()

    assert editors.page_permissions.filter(page=home, permission__codename="add_page").exists()
    assert editors.permissions.filter(codename="moderate_endorsement").exists()
