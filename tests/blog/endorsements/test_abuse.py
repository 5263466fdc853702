"""What a hostile visitor can do to an endorsement drive: fill it by program, flood an
inbox with its emails, write markup into the list, send what the database cannot hold,
and forge or reuse its links. Each is refused with nothing saved, or made harmless."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse

from blog import endorsing
from blog.endorsements import Endorsement
from tests.blog.endorsements.helpers import (
    form_data,
    last_links,
    make_endorsement,
    path_of,
)

pytestmark = pytest.mark.django_db

Status = Endorsement.Status
TOO_MANY = "Too many endorsements were sent from here or for this email address"


def sign(client, drive, **fields):
    return client.post(reverse("endorse", args=[drive.pk]), form_data(**fields))


# --- Programs and floods ----------------------------------------------------------------


def test_a_filled_honeypot_saves_and_sends_nothing(client, campaign):
    _, drive = campaign

    response = sign(client, drive, fax_number="+1 555 0100")

    assert response.status_code == 200
    assert "was not sent" in response.content.decode()
    assert Endorsement.objects.count() == 0
    assert mail.outbox == []


def test_one_visitor_may_sign_only_so_often(client, campaign, monkeypatch, clock):
    _, drive = campaign
    monkeypatch.setattr(endorsing, "PER_VISITOR_LIMIT", 2)
    sign(client, drive, email="one@example.org")
    sign(client, drive, email="two@example.org")

    refused = sign(client, drive, email="three@example.org", name="Third Person")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert TOO_MANY in html
    assert 'value="Third Person"' in html  # the text is kept for later
    assert set(Endorsement.objects.values_list("email", flat=True)) == {
        "one@example.org",
        "two@example.org",
    }
    assert len(mail.outbox) == 2

    clock.forward(endorsing.LIMIT_PERIOD)
    assert sign(client, drive, email="three@example.org").status_code == 302


def test_an_address_is_emailed_only_so_often_whoever_asks(client, campaign):
    _, drive = campaign
    for n in range(endorsing.PER_EMAIL_LIMIT):
        client.post(
            reverse("endorse", args=[drive.pk]),
            form_data(email="Target@Example.org"),
            REMOTE_ADDR=f"203.0.113.{n}",
        )
    assert len(mail.outbox) == endorsing.PER_EMAIL_LIMIT

    refused = client.post(
        reverse("endorse", args=[drive.pk]),
        form_data(email="target@example.org "),
        REMOTE_ADDR="198.51.100.9",
    )

    assert refused.status_code == 429
    assert len(mail.outbox) == endorsing.PER_EMAIL_LIMIT
    assert Endorsement.objects.count() == 1


# --- What is written --------------------------------------------------------------------


def test_markup_in_every_field_is_shown_as_text(
    client, campaign, django_capture_on_commit_callbacks
):
    page, drive = campaign
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    sign(client, drive, name=f"Rosa {script}", role=script, organization=script, comment=script)
    client.post(path_of(last_links()["confirm"]))
    with django_capture_on_commit_callbacks(execute=True):
        endorsing.approve(Endorsement.objects.values_list("pk", flat=True), editor=None)

    html = client.get(page.url).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_huge_fields_are_refused_beside_the_field_and_kept(client, campaign):
    _, drive = campaign
    name = "N" * 10_000

    response = sign(client, drive, name=name, comment="c" * 5_000)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 120 characters" in html
    assert "Ensure this value has at most 500 characters" in html
    assert name in html
    assert Endorsement.objects.count() == 0


def test_a_nul_byte_is_refused_before_anything_reads_it(client, campaign):
    _, drive = campaign

    response = sign(client, drive, name="Rosa\x00Bell")

    assert response.status_code == 400
    assert Endorsement.objects.count() == 0


def test_control_and_direction_characters_are_taken_out_of_names(client, campaign):
    _, drive = campaign

    sign(client, drive, name="Rosa\u202e lleB\x07", city="  Atlanta \u200b ")

    endorsement = Endorsement.objects.get()
    assert endorsement.name == "Rosa lleB"
    assert endorsement.city == "Atlanta"


def test_a_state_that_does_not_exist_is_refused(client, campaign):
    _, drive = campaign

    response = sign(client, drive, region="999999")

    assert "Select a valid choice" in response.content.decode()
    assert Endorsement.objects.count() == 0


# --- Links --------------------------------------------------------------------------------


@pytest.fixture
def signed(client, campaign):
    _, drive = campaign
    sign(client, drive)
    return Endorsement.objects.get(), last_links()


def test_an_altered_link_does_not_work(client, signed):
    _endorsement, links = signed
    confirm = path_of(links["confirm"])
    token = confirm.rstrip("/").rsplit("/", 1)[1]
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    for path in (
        reverse("endorsement_confirm", args=[altered]),
        reverse("endorsement_confirm", args=["x" * 2000]),
        reverse("endorsement_confirm", args=["%2e%2e"]),
    ):
        response = client.post(path)
        assert response.status_code == 400, path
        assert "This link does not work" in response.content.decode()
    assert Endorsement.objects.get().status == Status.UNCONFIRMED


def test_a_confirmation_link_does_not_withdraw_nor_a_withdrawal_link_confirm(client, signed):
    _endorsement, links = signed
    confirm_token = path_of(links["confirm"]).rstrip("/").rsplit("/", 1)[1]
    withdraw_token = path_of(links["withdraw"]).rstrip("/").rsplit("/", 1)[1]

    assert client.post(reverse("endorsement_withdraw", args=[confirm_token])).status_code == 400
    assert client.post(reverse("endorsement_confirm", args=[withdraw_token])).status_code == 400

    assert Endorsement.objects.get().status == Status.UNCONFIRMED


def test_a_link_signed_for_one_endorsement_opens_no_other(client, signed, campaign):
    _, drive = campaign
    other = make_endorsement(drive, "Someone Else", status=Status.UNCONFIRMED)
    # Properly signed, but with the first endorsement's address digest.
    _, digest = signing.loads(
        path_of(signed[1]["confirm"]).rstrip("/").rsplit("/", 1)[1],
        salt=endorsing.CONFIRM_SALT,
    )
    forged = signing.dumps([other.pk, digest], salt=endorsing.CONFIRM_SALT)

    assert client.post(reverse("endorsement_confirm", args=[forged])).status_code == 400
    assert Endorsement.objects.get(pk=other.pk).status == Status.UNCONFIRMED


def test_a_link_signed_with_another_key_does_not_work(client, signed, settings):
    endorsement, _ = signed
    settings.SECRET_KEY = "another key entirely, as an attacker would have"
    forged = endorsing.make_token(endorsement, endorsing.CONFIRM_SALT)
    settings.SECRET_KEY = "restored"  # what the site checks with differs from the forger's

    assert client.post(reverse("endorsement_confirm", args=[forged])).status_code == 400


def test_a_confirmation_link_expires_after_a_week(client, signed, clock):
    _, links = signed
    clock.forward(endorsing.CONFIRM_WITHIN.total_seconds() + timedelta(hours=1).total_seconds())

    response = client.post(path_of(links["confirm"]))

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert Endorsement.objects.get().status == Status.UNCONFIRMED
