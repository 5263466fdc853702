"""Editors review endorsements in the Wagtail admin: the list of confirmed ones and its
filters, approving and rejecting (one, or many at once), the export, the notification
that one is waiting; and everyone else kept out."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.http import urlencode

from blog import endorsing
from blog.endorsements import Endorsement
from network.notifications import rows
from network.notifications.kinds import Kind
from network.notifications.models import Event, Notification
from tests.blog.endorsements.helpers import (
    make_campaign,
    make_endorsement,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = Endorsement.Status
INDEX = "endorsements:index"


def bulk_url(action: str, *ids) -> str:
    url = reverse("wagtail_bulk_action", args=("blog", "endorsement", action))
    return f"{url}?{urlencode([('id', pk) for pk in ids] + [('next', reverse(INDEX))])}"


@pytest.fixture
def endorsements(campaign):
    _, drive = campaign
    return {
        "pending": make_endorsement(drive, "Pat Pending", status=Status.PENDING),
        "approved": make_endorsement(drive, "Alma Approved", status=Status.APPROVED),
        "rejected": make_endorsement(drive, "Rex Rejected", status=Status.REJECTED),
        "unconfirmed": make_endorsement(drive, "Una Unconfirmed", status=Status.UNCONFIRMED),
    }


def test_editors_see_confirmed_endorsements_and_never_unconfirmed_ones(
    client, editor, endorsements
):
    client.force_login(editor)

    html = client.get(reverse(INDEX)).content.decode()

    for name in ("Pat Pending", "Alma Approved", "Rex Rejected"):
        assert name in html
    assert "Una Unconfirmed" not in html
    unconfirmed = endorsements["unconfirmed"]
    assert client.get(reverse("endorsements:inspect", args=[unconfirmed.pk])).status_code == 404


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [
        ("pending", "Pat Pending", "Alma Approved"),
        ("approved", "Alma Approved", "Rex Rejected"),
        ("rejected", "Rex Rejected", "Pat Pending"),
    ],
)
def test_editors_filter_by_status(client, editor, endorsements, status, shown, hidden):
    client.force_login(editor)

    html = client.get(reverse(INDEX), {"status": status}).content.decode()

    assert shown in html
    assert hidden not in html


def test_editors_filter_by_drive(client, editor, endorsements):
    _, other_drive = make_campaign("Endorse the tenant bill")
    make_endorsement(other_drive, "Tess Tenant", status=Status.PENDING)
    client.force_login(editor)

    html = client.get(reverse(INDEX), {"drive": other_drive.pk}).content.decode()

    assert "Tess Tenant" in html
    assert "Pat Pending" not in html


def test_an_editor_approves_one_and_it_appears_on_the_page(
    client, editor, campaign, endorsements, django_capture_on_commit_callbacks
):
    page, _ = campaign
    pending = endorsements["pending"]
    client.force_login(editor)
    assert "Pat Pending" not in client.get(page.url).content.decode()

    asked = client.get(bulk_url("approve", pending.pk))
    assert "Pat Pending" in asked.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url("approve", pending.pk))

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED
    assert pending.moderated_by == editor
    assert "Pat Pending" in client.get(page.url).content.decode()


def test_an_editor_approves_many_at_once_but_never_an_unconfirmed_one(
    client, editor, campaign, endorsements, django_capture_on_commit_callbacks
):
    _, drive = campaign
    more = make_endorsement(drive, "Moe More", status=Status.PENDING)
    ids = [endorsements["pending"].pk, more.pk, endorsements["unconfirmed"].pk]
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("approve", *ids))

    statuses = dict(Endorsement.objects.values_list("name", "status"))
    assert statuses["Pat Pending"] == statuses["Moe More"] == Status.APPROVED
    assert statuses["Una Unconfirmed"] == Status.UNCONFIRMED


def test_select_all_approves_what_waits_for_review_and_nothing_rejected(
    client, editor, endorsements
):
    client.force_login(editor)

    client.post(bulk_url("approve", "all"))

    statuses = dict(Endorsement.objects.values_list("name", "status"))
    assert statuses["Pat Pending"] == Status.APPROVED
    assert statuses["Rex Rejected"] == Status.REJECTED
    assert statuses["Una Unconfirmed"] == Status.UNCONFIRMED


def test_an_editor_rejects_and_an_approved_endorsement_leaves_the_page(
    client, editor, campaign, endorsements, django_capture_on_commit_callbacks
):
    page, _ = campaign
    approved = endorsements["approved"]
    client.force_login(editor)
    assert "Alma Approved" in client.get(page.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("reject", approved.pk, endorsements["pending"].pk))

    approved.refresh_from_db()
    assert approved.status == Status.REJECTED
    assert Endorsement.objects.get(name="Pat Pending").status == Status.REJECTED
    html = client.get(page.url).content.decode()
    assert "Alma Approved" not in html
    assert "No endorsements are listed yet." in html


def test_the_list_offers_approve_and_reject_beside_each_endorsement(client, editor, endorsements):
    client.force_login(editor)

    html = client.get(reverse(INDEX), {"status": "pending"}).content.decode()

    assert bulk_url("approve", endorsements["pending"].pk).split("&next")[0] in html
    assert bulk_url("reject", endorsements["pending"].pk).split("&next")[0] in html
    assert "data-bulk-action-checkbox" in html


def test_the_export_has_the_confirmed_endorsements_and_defuses_formulas(
    client, editor, campaign, endorsements
):
    _, drive = campaign
    make_endorsement(
        drive, '=HYPERLINK("https://evil.example")', status=Status.PENDING, email="x@example.org"
    )
    client.force_login(editor)

    response = client.get(reverse(INDEX), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="endorsements.csv"'
    table = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    names = {row["Name"] for row in table}
    assert {"Pat Pending", "Alma Approved", "Rex Rejected"} <= names
    assert "Una Unconfirmed" not in names
    assert '\'=HYPERLINK("https://evil.example")' in names
    row = next(row for row in table if row["Name"] == "Pat Pending")
    assert row["Email"] == "pat-pending@example.org"
    assert row["Status"] == "Pending review"
    assert row["Drive"] == "Endorse the second conference!"


def test_the_export_follows_the_filters(client, editor, endorsements):
    client.force_login(editor)

    response = client.get(reverse(INDEX), {"export": "csv", "status": "approved"})

    names = {
        row["Name"]
        for row in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    }
    assert names == {"Alma Approved"}


# --- Everyone else ---------------------------------------------------------------------


@pytest.fixture
def outsiders(site_moderator):
    member = UserFactory(username="mo_member")
    staff = UserFactory(username="stan_staff", is_staff=True)
    contributor = UserFactory(username="cora_contributes")
    contributor.groups.add(Group.objects.get(name="Contributors"))
    return [member, site_moderator, staff, contributor]


def test_non_editors_are_kept_out_of_the_endorsements_admin(client, outsiders, endorsements):
    pending = endorsements["pending"]
    for person in [None, *outsiders]:
        client.logout()
        if person:
            client.force_login(person)
        for url in (
            reverse(INDEX),
            reverse(INDEX) + "?export=csv",
            reverse("endorsements:inspect", args=[pending.pk]),
        ):
            response = client.get(url)
            assert response.status_code in (302, 403), (person, url)
            assert b"Pat Pending" not in b"".join(
                getattr(response, "streaming_content", [response.content])
            )
        client.post(bulk_url("approve", pending.pk))
        client.post(reverse("endorsements:delete", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_nobody_adds_or_edits_an_endorsement_in_the_admin_not_even_a_superuser(
    client, endorsements
):
    admin = UserFactory(username="ada_admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    pending = endorsements["pending"]

    assert client.get(reverse("endorsements:add")).status_code in (302, 403)
    response = client.post(reverse("endorsements:edit", args=[pending.pk]), {"name": "Changed"})
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.name == "Pat Pending"
    # An administrator may delete one (a request to be forgotten).
    client.post(reverse("endorsements:delete", args=[pending.pk]))
    assert not Endorsement.objects.filter(pk=pending.pk).exists()


# --- Notifications ----------------------------------------------------------------------


def test_editors_hear_of_a_confirmed_endorsement_in_their_daily_digest(
    client, editor, campaign, django_capture_on_commit_callbacks
):
    _, drive = campaign
    member = UserFactory(username="mo_member")
    endorsement = make_endorsement(drive, "Pat Pending", status=Status.UNCONFIRMED)

    endorsing.confirm(endorsement)
    rows.fan_out(Event.objects.get(source=endorsing.NOTIFICATION_SOURCE).pk)

    told = Notification.objects.get()
    assert told.recipient == editor
    assert told.kind == Kind.ENDORSEMENT
    assert told.email == Notification.Email.DAILY
    assert not Notification.objects.filter(recipient=member).exists()
    # The inbox names who endorsed what, and leads to the review.
    client.force_login(editor)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Pat Pending endorsed ‘Endorse the second conference!’" in inbox
    # Reviewing the endorsements reads the news of them.
    client.get(reverse(INDEX))
    told.refresh_from_db()
    assert told.read_at is not None


def test_a_confirmation_clicked_twice_tells_editors_once(editor, campaign):
    _, drive = campaign
    endorsement = make_endorsement(drive, "Pat Pending", status=Status.UNCONFIRMED)

    assert endorsing.confirm(endorsement) is True
    assert endorsing.confirm(endorsement) is False

    assert Event.objects.filter(source=endorsing.NOTIFICATION_SOURCE).count() == 1


def test_editors_are_offered_the_choice_of_how_to_hear_of_endorsements(client, editor):
    member = UserFactory(username="mo_member")

    client.force_login(editor)
    assert (
        "Endorsements waiting for your review"
        in client.get(reverse("notifications:settings")).content.decode()
    )
    client.force_login(member)
    assert (
        "Endorsements waiting for your review"
        not in client.get(reverse("notifications:settings")).content.decode()
    )
