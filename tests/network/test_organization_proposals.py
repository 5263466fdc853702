"""Members propose organizations for the directory; editors list or decline them in the
Wagtail admin. Nothing proposed is public before an editor lists it; reviewers hear of
each proposal, and the member of the decision, through the notifications."""

from __future__ import annotations

from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from network.directory.models import Organization
from network.directory.views import PROPOSALS_PER_DAY
from network.models import Region
from network.notifications.kinds import Kind
from network.notifications.models import Notification
from tests.factories import UserFactory, make_profile
from tests.network.directory_data import jpeg_with_gps, make_organization

pytestmark = pytest.mark.django_db

PROPOSE = reverse("organizations:propose")
DIRECTORY = reverse("organizations:list")


@pytest.fixture
def editor(db):
    user = UserFactory(username="eddie_editor", profile__display_name="Eddie Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def proposal(**changes) -> dict:
    data = {
        "name": "Savannah Tenants Union",
        "kind": "tenant_union",
        "regions": [Region.objects.get(slug="georgia").pk],
        "website": "https://example.org/stu",
        "description": "Tenants organizing in Savannah's east side.",
    }
    return data | changes


def field_error(response, name: str) -> str:
    soup = BeautifulSoup(response.text, "html.parser")
    field = soup.find(attrs={"name": name})
    box = field.find_parent(class_="field")
    errors = box.select_one(".errorlist")
    return errors.get_text(" ") if errors else ""


def admin_data(organization: Organization, **changes) -> dict:
    data = {
        "name": organization.name,
        "slug": organization.slug,
        "status": organization.status,
        "kind": organization.kind,
        "regions": list(organization.regions.values_list("pk", flat=True)),
        "website": organization.website,
        "description": organization.description,
    }
    if organization.affiliate:
        data["affiliate"] = "on"
    return data | changes


def edit_url(organization: Organization) -> str:
    return reverse("directory_organizations:edit", args=[organization.pk])


# --- Proposing ----------------------------------------------------------------------


def test_a_member_proposing_an_organization_does_not_see_it_live_before_review(
    client, member, editor
):
    client.force_login(member)

    response = client.post(PROPOSE, proposal())

    assert response.status_code == 302
    assert response["Location"] == DIRECTORY
    organization = Organization.objects.get(name="Savannah Tenants Union")
    assert organization.status == Organization.Status.PENDING
    assert organization.proposed_by == member
    directory = client.get(DIRECTORY)
    assert "Editors will review “Savannah Tenants Union”" in directory.text
    assert "Savannah Tenants Union" not in [
        link.get_text()
        for link in BeautifulSoup(directory.text, "html.parser").select(".directory-card a")
    ]
    assert client.get(DIRECTORY, {"region": "georgia"}).text.count("Savannah") == 0
    assert client.get(organization.get_absolute_url()).status_code == 404
    client.logout()
    assert "Savannah" not in client.get(DIRECTORY).text
    assert client.get(organization.get_absolute_url()).status_code == 404


def test_reviewers_hear_of_a_proposal_and_nobody_else(client, member, editor, other_member):
    client.force_login(member)
    client.post(PROPOSE, proposal())
    organization = Organization.objects.get(name="Savannah Tenants Union")

    told = Notification.objects.filter(kind=Kind.ORGANIZATION_PROPOSED)

    assert list(told.values_list("recipient", flat=True)) == [editor.pk]
    assert told.get().event.object_id == organization.pk
    client.force_login(editor)
    inbox = client.get(reverse("notifications:inbox")).text
    assert "proposed ‘Savannah Tenants Union’ for the directory" in inbox
    assert client.get(reverse("notifications:inbox")).status_code == 200


def test_approving_in_the_admin_makes_it_live_and_tells_the_proposer(client, member, editor):
    client.force_login(member)
    client.post(PROPOSE, proposal())
    organization = Organization.objects.get(name="Savannah Tenants Union")
    client.force_login(editor)

    response = client.post(edit_url(organization), admin_data(organization, status="listed"))

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.status == Organization.Status.LISTED
    assert organization.reviewed_at is not None
    client.logout()
    assert client.get(organization.get_absolute_url()).status_code == 200
    assert "Savannah Tenants Union" in client.get(DIRECTORY, {"region": "georgia"}).text
    decision = Notification.objects.get(recipient=member, kind=Kind.ORGANIZATION_REVIEWED)
    assert decision.email == Notification.Email.PENDING  # emailed at once by default
    client.force_login(member)
    inbox = client.get(reverse("notifications:inbox")).text
    assert "‘Savannah Tenants Union’ is now listed in the directory" in inbox


def test_declining_tells_the_proposer_and_keeps_it_out_of_the_directory(client, member, editor):
    client.force_login(member)
    client.post(PROPOSE, proposal())
    organization = Organization.objects.get(name="Savannah Tenants Union")
    client.force_login(editor)

    client.post(edit_url(organization), admin_data(organization, status="declined"))

    client.force_login(member)
    assert client.get(organization.get_absolute_url()).status_code == 404
    assert "Savannah" not in client.get(DIRECTORY).text
    assert "was not added to the directory" in client.get(reverse("notifications:inbox")).text
    again = client.post(PROPOSE, proposal())
    assert "Editors decided not to list “Savannah Tenants Union”." in field_error(again, "name")


def test_editing_a_listed_organization_tells_nobody_again(client, member, editor):
    client.force_login(member)
    client.post(PROPOSE, proposal())
    organization = Organization.objects.get(name="Savannah Tenants Union")
    client.force_login(editor)
    client.post(edit_url(organization), admin_data(organization, status="listed"))
    organization.refresh_from_db()

    client.post(edit_url(organization), admin_data(organization, description="Now citywide."))

    assert Notification.objects.filter(kind=Kind.ORGANIZATION_REVIEWED).count() == 1


def test_a_proposal_fills_in_the_name_members_typed_and_keeps_their_spelling(client, member):
    typed = make_profile(organizations=["Savannah tenants union"])
    client.force_login(member)

    client.post(PROPOSE, proposal(name="  SAVANNAH   Tenants Union "))

    organization = Organization.objects.get()
    assert organization.name == "Savannah tenants union"
    assert organization.status == Organization.Status.PENDING
    assert list(typed.organizations.all()) == [organization]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Organization.Status.LISTED, "“Savannah Tenants Union” is in the directory already."),
        (Organization.Status.PENDING, "has been proposed already and is waiting for review."),
    ],
)
def test_a_name_listed_or_waiting_is_refused_beside_the_field_with_the_text_kept(
    client, member, status, message
):
    make_organization("Savannah Tenants Union", status=status)
    client.force_login(member)

    response = client.post(PROPOSE, proposal(name="savannah tenants union"))

    assert response.status_code == 200
    assert message in field_error(response, "name")
    assert 'value="savannah tenants union"' in response.text
    assert "Tenants organizing in Savannah&#x27;s east side." in response.text
    assert Organization.objects.count() == 1


def test_each_mistake_is_told_beside_its_field_and_everything_typed_is_kept(client, member):
    client.force_login(member)

    response = client.post(
        PROPOSE,
        proposal(
            name="★ ★ ★",
            regions=[],
            website="javascript:alert(1)",
            description="",
            kind="not-a-kind",
        ),
    )

    assert response.status_code == 200
    assert "letters or numbers" in field_error(response, "name")
    assert "at least one region" in field_error(response, "regions")
    assert "Enter a valid URL" in field_error(response, "website")
    assert "what it does" in field_error(response, "description")
    assert "Select a valid choice" in field_error(response, "kind")
    assert 'value="★ ★ ★"' in response.text
    assert 'value="javascript:alert(1)"' in response.text
    assert 'href="javascript' not in response.text
    assert not Organization.objects.exists()


def test_what_a_proposer_writes_is_shown_escaped_once_listed(client, member, editor):
    client.force_login(member)
    client.post(
        PROPOSE,
        proposal(name="<img src=x onerror=alert(1)> Union", description="<script>x()</script>"),
    )
    organization = Organization.objects.get()
    client.force_login(editor)
    client.post(edit_url(organization), admin_data(organization, status="listed"))
    client.logout()

    page = client.get(Organization.objects.get().get_absolute_url()).text

    assert "<img src=x" not in page
    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page


def test_visitors_are_sent_to_sign_in_to_propose(client):
    for response in (client.get(PROPOSE), client.post(PROPOSE, proposal())):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not Organization.objects.exists()


def test_proposals_are_limited_a_day_and_the_text_kept(client, member, clock):
    client.force_login(member)
    for n in range(PROPOSALS_PER_DAY):
        assert client.post(PROPOSE, proposal(name=f"Union {n}")).status_code == 302

    refused = client.post(PROPOSE, proposal(name="One Too Many"))

    assert refused.status_code == 429
    assert "wait until tomorrow" in refused.text
    assert 'value="One Too Many"' in refused.text
    assert not Organization.objects.filter(name="One Too Many").exists()
    clock.forward(24 * 60 * 60)
    assert client.post(PROPOSE, proposal(name="One Too Many")).status_code == 302


def test_a_proposed_logo_is_made_small_and_stripped_of_its_metadata(client, member):
    original = jpeg_with_gps(size=(1200, 800))
    assert Image.open(BytesIO(original)).getexif()  # the upload carries where it was taken
    client.force_login(member)

    response = client.post(
        PROPOSE,
        proposal(logo=SimpleUploadedFile("logo.jpg", original, content_type="image/jpeg")),
    )

    assert response.status_code == 302
    logo = Organization.objects.get().logo
    assert logo.name.startswith("logos/")
    assert logo.name.endswith(".webp")
    with logo.open("rb") as stored, Image.open(stored) as picture:
        assert picture.format == "WEBP"
        assert picture.size == (320, 213)  # fits in 320 pixels, its shape kept
        assert not picture.getexif()
        assert "exif" not in picture.info


def test_a_file_that_is_not_a_picture_is_refused_beside_the_logo_field(client, member):
    client.force_login(member)

    response = client.post(
        PROPOSE,
        proposal(logo=SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")),
    )

    assert response.status_code == 200
    assert "Upload a valid image" in field_error(response, "logo")
    assert not Organization.objects.exists()


def test_the_decisions_kind_is_offered_to_those_who_proposed(client, member, editor):
    client.force_login(member)
    settings_page = reverse("notifications:settings")
    assert 'name="proposed"' not in client.get(settings_page).text
    client.post(PROPOSE, proposal())
    assert 'name="proposed"' in client.get(settings_page).text
    client.force_login(editor)
    assert 'name="proposal"' in client.get(settings_page).text


# --- The admin ----------------------------------------------------------------------

ADMIN_PAGES = ["/admin/organizations/", "/admin/organizations/new/", "/admin/projects/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_visitors_are_sent_to_sign_in_for_the_directory_admin(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_members_without_admin_access_are_refused(client, member, url):
    client.force_login(member)
    response = client.get(url, follow=True)
    assert "You do not have permission to access the admin" in response.text


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_contributors_with_admin_access_but_not_the_directory_are_refused(client, url):
    contributor = UserFactory()
    contributor.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(contributor)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_contributors_cannot_list_a_proposal(client):
    pending = make_organization("Waiting Union", status=Organization.Status.PENDING)
    contributor = UserFactory()
    contributor.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(contributor)

    client.post(edit_url(pending), admin_data(pending, status="listed"))

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING


def test_editors_find_proposals_waiting_for_review(client, editor):
    make_organization("Waiting Union", status=Organization.Status.PENDING)
    make_organization("Listed Union")
    client.force_login(editor)

    waiting = client.get("/admin/organizations/", {"status": "pending"})

    assert waiting.status_code == 200
    assert "Waiting Union" in waiting.text
    assert "Listed Union" not in waiting.text


def test_editors_add_an_organization_listed_with_a_slug_made_for_them(client, editor):
    client.force_login(editor)
    form = client.get("/admin/organizations/new/").text
    status = BeautifulSoup(form, "html.parser").select_one('select[name="status"]')
    assert status.select_one("option[selected]")["value"] == "listed"

    response = client.post(
        "/admin/organizations/new/",
        {
            "name": "Propose",
            "slug": "",
            "status": "listed",
            "kind": "party",
            "regions": [Region.objects.get(slug="texas").pk],
            "website": "example.org/party",
            "description": "A party.",
            "affiliate": "on",
            "logo": SimpleUploadedFile("l.jpg", jpeg_with_gps((200, 400)), "image/jpeg"),
        },
    )

    assert response.status_code == 302
    organization = Organization.objects.get(name="Propose")
    assert organization.slug == "propose-1"  # /organizations/propose/ is the form
    assert organization.website == "https://example.org/party"
    assert organization.affiliate
    with organization.logo.open("rb") as stored, Image.open(stored) as picture:
        assert picture.size == (160, 320)
        assert not picture.getexif()
    assert client.get(organization.get_absolute_url()).status_code == 200


def test_an_organization_profiles_name_is_not_deleted_but_taken_out(client, editor):
    named = make_organization("Named Union")
    make_profile(organizations=["Named Union"])
    spam = make_organization("Spam Union", status=Organization.Status.PENDING)
    client.force_login(editor)

    refused = client.post(f"/admin/organizations/delete/{named.pk}/", follow=True)
    deleted = client.post(f"/admin/organizations/delete/{spam.pk}/")

    assert Organization.objects.filter(pk=named.pk).exists()
    assert "instead of deleting it" in refused.text
    assert deleted.status_code == 302
    assert not Organization.objects.filter(pk=spam.pk).exists()


def test_the_daily_digest_tells_reviewers_and_the_decision_is_emailed_at_once(
    client, member, editor, celery_backend
):
    from django.core import mail

    from network.notifications import delivery

    client.force_login(member)
    client.post(PROPOSE, proposal())
    organization = Organization.objects.get()

    delivery.send_digests("daily")
    client.force_login(editor)
    client.post(edit_url(organization), admin_data(organization, status="listed"))
    delivery.send_at_once([Notification.objects.get(kind=Kind.ORGANIZATION_REVIEWED).pk])

    digest, told = mail.outbox
    assert digest.to == [editor.email]
    assert "proposed “Savannah Tenants Union” for the directory" in digest.body
    assert f"/admin/organizations/edit/{organization.pk}/" in digest.body
    assert told.to == [member.email]
    assert "“Savannah Tenants Union” is now listed in the directory" in told.subject
    assert organization.get_absolute_url() in told.body


def test_a_proposal_decided_before_the_digest_is_not_in_it(client, member, editor, celery_backend):
    from django.core import mail

    from network.notifications import delivery

    client.force_login(member)
    client.post(PROPOSE, proposal())
    organization = Organization.objects.get()
    client.force_login(editor)
    client.post(edit_url(organization), admin_data(organization, status="declined"))

    delivery.send_digests("daily")

    assert [message.to for message in mail.outbox] == []


def test_editors_cannot_make_a_second_organization_differing_only_in_case(client, editor):
    make_organization("Atlanta DSA", status=Organization.Status.UNLISTED)
    client.force_login(editor)

    response = client.post(
        "/admin/organizations/new/",
        {"name": "ATLANTA  dsa", "slug": "", "status": "listed", "kind": "other"},
    )

    assert response.status_code == 200
    assert "“Atlanta DSA” is here already" in response.text
    assert Organization.objects.count() == 1
    member = make_profile(organizations=["atlanta dsa"])  # taggit still finds the one
    assert list(member.organizations.names()) == ["Atlanta DSA"]
