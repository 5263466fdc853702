"""A visitor signs an endorsement drive: the form, the emailed link that makes it count
(double opt-in), signing twice, closed drives, who may sign, withdrawing, and what a
visitor can make it send."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from blog import endorsing
from blog.endorsements import Endorsement, EndorsementDrive
from blog.tasks import forget_unconfirmed_endorsements
from network.models import OutgoingEmail
from tests.blog.endorsements.helpers import (
    form_data,
    last_links,
    make_campaign,
    make_endorsement,
    path_of,
)

pytestmark = pytest.mark.django_db

Status = Endorsement.Status
SIGNED = "Almost done: we have emailed the address you gave."


def sign_url(drive) -> str:
    return reverse("endorse", args=[drive.pk])


def field_errors(response, name: str) -> str:
    """The text of the errors shown beside field ``name``."""
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find(attrs={"name": name}).find_parent(class_="field")
    return " ".join(error.get_text() for error in field.select(".errorlist li"))


def test_the_page_shows_the_statement_and_the_form(client, campaign):
    page, _ = campaign

    response = client.get(page.url)

    html = response.content.decode()
    assert "We endorse the <b>second conference</b>" in html
    assert 'action="/endorsements/' in html
    assert 'name="email"' in html
    assert "No endorsements are listed yet." in html


def test_mistakes_are_shown_beside_their_fields_and_the_text_is_kept(client, campaign):
    _page, drive = campaign

    response = client.post(
        sign_url(drive),
        form_data(
            kind="organization",
            name="   ",
            organization="",
            email="not an address",
            comment="Keep this comment, please.",
            city="Birmingham",
        ),
    )

    assert response.status_code == 200
    assert "This field is required" in field_errors(response, "name")
    assert "organization’s name" in field_errors(response, "organization")
    assert "valid email" in field_errors(response, "email")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(attrs={"name": "city"})["value"] == "Birmingham"
    assert soup.find(attrs={"name": "email"})["value"] == "not an address"
    assert soup.find("textarea", attrs={"name": "comment"}).get_text().strip() == (
        "Keep this comment, please."
    )
    assert Endorsement.objects.count() == 0
    assert mail.outbox == []


def test_signing_queues_one_email_with_a_confirmation_link(
    client, campaign, celery_backend, django_capture_on_commit_callbacks
):
    page, drive = campaign

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        response = client.post(sign_url(drive), form_data())

    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#endorse"
    # Kept in the database, for the worker, once the signature is committed.
    assert OutgoingEmail.objects.count() == 1
    assert mail.outbox == []
    for callback in after_commit:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.org"]
    assert "Confirm your endorsement" in message.subject
    assert set(last_links()) == {"confirm", "withdraw"}
    assert SIGNED in client.get(response["Location"]).content.decode()


def test_before_confirmation_it_is_neither_counted_nor_shown(client, campaign):
    page, drive = campaign
    client.post(sign_url(drive), form_data())

    endorsement = Endorsement.objects.get()
    assert endorsement.status == Status.UNCONFIRMED
    html = client.get(page.url).content.decode()
    assert "Rosa Bell" not in html
    assert "No endorsements are listed yet." in html
    assert not Endorsement.objects.counted().exists()


def test_the_emailed_link_confirms_after_a_click_on_its_button(client, campaign):
    page, drive = campaign
    client.post(sign_url(drive), form_data())
    confirm = path_of(last_links()["confirm"])

    # Opening the link (a mail program checking it does as much) confirms nothing.
    asked = client.get(confirm)
    assert asked.status_code == 200
    assert "Confirm my endorsement" in asked.content.decode()
    assert Endorsement.objects.get().status == Status.UNCONFIRMED

    response = client.post(confirm)

    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert endorsement.status == Status.PENDING
    assert endorsement.confirmed_at is not None
    assert "your endorsement is confirmed" in client.get(response["Location"]).content.decode()
    # Confirmed, it waits for an editor: still not on the page.
    assert "Rosa Bell" not in client.get(page.url).content.decode()
    # A second click changes nothing.
    client.post(confirm)
    assert Endorsement.objects.get().confirmed_at == endorsement.confirmed_at


def test_signing_twice_says_the_same_and_keeps_one_endorsement(client, campaign):
    _, drive = campaign
    first = client.post(sign_url(drive), form_data(), follow=True)
    client.post(path_of(last_links()["confirm"]))
    mail.outbox.clear()

    again = client.post(
        sign_url(drive), form_data(name="Someone Else", email="  ROSA@Example.ORG "), follow=True
    )

    assert Endorsement.objects.count() == 1
    assert Endorsement.objects.get().name == "Rosa Bell"
    assert SIGNED in first.content.decode()
    assert SIGNED in again.content.decode()
    assert first.redirect_chain == again.redirect_chain
    # The address hears that it had signed, with the way to withdraw.
    assert len(mail.outbox) == 1
    assert "already endorsed" in mail.outbox[0].subject
    assert set(last_links()) == {"withdraw"}


def test_signing_again_before_confirming_sends_the_confirmation_link_again(client, campaign):
    _, drive = campaign
    client.post(sign_url(drive), form_data())
    client.post(sign_url(drive), form_data())

    assert Endorsement.objects.count() == 1
    assert len(mail.outbox) == 2
    assert "confirm" in last_links()
    client.post(path_of(last_links()["confirm"]))
    assert Endorsement.objects.get().status == Status.PENDING


def test_the_database_holds_one_endorsement_per_address_whatever_its_case(campaign):
    from django.db import IntegrityError, transaction

    _, drive = campaign
    make_endorsement(drive, email="rosa@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_endorsement(drive, "Rosa again", email="Rosa@Example.org")


def test_a_closed_drive_takes_no_endorsement(client):
    yesterday = timezone.localdate() - timedelta(days=1)
    page, drive = make_campaign("Closed drive", closing_date=yesterday)

    html = client.get(page.url).content.decode()
    assert 'name="email"' not in html
    assert "takes no more endorsements" in html

    response = client.post(sign_url(drive), form_data(), follow=True)

    assert "closed on" in response.content.decode()
    assert Endorsement.objects.count() == 0
    assert mail.outbox == []


def test_the_closing_day_itself_is_open(client):
    _page, drive = make_campaign("Last day", closing_date=timezone.localdate())

    client.post(sign_url(drive), form_data())

    assert Endorsement.objects.count() == 1


def test_an_individuals_only_drive_refuses_an_organization(client):
    page, drive = make_campaign("People only", who_may_sign=EndorsementDrive.WhoMaySign.INDIVIDUALS)
    assert 'type="hidden" name="kind" value="individual"' in client.get(page.url).content.decode()

    response = client.post(sign_url(drive), form_data(kind="organization"))

    assert response.status_code == 200
    assert "takes endorsements from individuals only" in response.content.decode()
    assert Endorsement.objects.count() == 0


def test_an_organizations_only_drive_needs_the_organization(client):
    _, drive = make_campaign(
        "Organizations only", who_may_sign=EndorsementDrive.WhoMaySign.ORGANIZATIONS
    )

    refused = client.post(sign_url(drive), form_data(kind="individual"))
    assert "takes endorsements from organizations only" in refused.content.decode()
    missing = client.post(sign_url(drive), form_data(kind="organization", organization=""))
    assert "organization’s name" in field_errors(missing, "organization")
    assert Endorsement.objects.count() == 0

    client.post(sign_url(drive), form_data(kind="organization"))
    assert Endorsement.objects.get().kind == Endorsement.Kind.ORGANIZATION


def test_a_drive_on_an_unpublished_page_does_not_exist(client):
    _, drive = make_campaign("Draft campaign", publish=False)

    response = client.post(sign_url(drive), form_data())

    assert response.status_code == 404
    assert Endorsement.objects.count() == 0


def test_signing_only_posts(client, campaign):
    _, drive = campaign

    assert client.get(sign_url(drive)).status_code == 405


# --- Withdrawing ----------------------------------------------------------------------


def test_the_endorser_withdraws_and_leaves_the_page_and_the_count(
    client, campaign, django_capture_on_commit_callbacks
):
    page, drive = campaign
    client.post(sign_url(drive), form_data())
    links = last_links()
    client.post(path_of(links["confirm"]))
    endorsing.approve([Endorsement.objects.get().pk], editor=None)
    make_endorsement(drive, "Marcus Thibodeaux")
    assert "2 endorsers" in client.get(page.url).content.decode()

    asked = client.get(path_of(links["withdraw"]))
    assert "Withdraw my endorsement" in asked.content.decode()
    assert Endorsement.objects.filter(name="Rosa Bell").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path_of(links["withdraw"]))
    response = client.get(response["Location"])

    assert not Endorsement.objects.filter(name="Rosa Bell").exists()
    html = response.content.decode()
    assert "Your endorsement is withdrawn" in html
    assert "Rosa Bell" not in html
    assert "1 endorser" in html
    # The link has nothing left to withdraw; the address may sign again.
    assert client.get(path_of(links["withdraw"])).status_code == 400
    client.post(sign_url(drive), form_data())
    assert Endorsement.objects.filter(name="Rosa Bell", status=Status.UNCONFIRMED).exists()


def test_an_unconfirmed_endorsement_can_be_withdrawn_by_whoever_got_the_email(client, campaign):
    _, drive = campaign
    client.post(sign_url(drive), form_data())

    client.post(path_of(last_links()["withdraw"]))

    assert Endorsement.objects.count() == 0


def test_unconfirmed_endorsements_are_forgotten_after_a_week(campaign, settings):
    _, drive = campaign
    old = make_endorsement(drive, "Old", status=Status.UNCONFIRMED)
    Endorsement.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    make_endorsement(drive, "Recent", status=Status.UNCONFIRMED)
    confirmed = make_endorsement(drive, "Confirmed", status=Status.PENDING)
    Endorsement.objects.filter(pk=confirmed.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )

    # Beat runs it daily.
    task = settings.CELERY_BEAT_SCHEDULE["forget-unconfirmed-endorsements"]["task"]
    assert task == forget_unconfirmed_endorsements.name
    assert forget_unconfirmed_endorsements() == 1

    assert set(Endorsement.objects.values_list("name", flat=True)) == {"Recent", "Confirmed"}
