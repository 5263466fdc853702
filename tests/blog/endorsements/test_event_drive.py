"""An endorsement drive on an event's page ("Endorse the second conference!" on the
conference itself): the event's editor adds it with the same panel as a campaign page,
and a visitor signs, confirms and, once an editor approves, is listed there."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from blog.endorsements import Endorsement, EndorsementDrive
from tests.blog.endorsements.helpers import STATEMENT, form_data, last_links, path_of
from tests.event_factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    event = make_event("Second conference", days_from_now=30, publish=False)
    event.endorsement_drives.add(EndorsementDrive(statement=STATEMENT))
    event.save_revision().publish()
    event.refresh_from_db()
    return event, EndorsementDrive.objects.get(page=event)


def test_the_event_editor_offers_the_drive_panel(client, editor, conference):
    event, _ = conference
    client.force_login(editor)

    form = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()

    assert "endorsement_drives-TOTAL_FORMS" in form


def test_a_visitor_endorses_the_event_and_is_listed_once_approved(
    client, editor, conference, django_capture_on_commit_callbacks
):
    event, drive = conference
    page = client.get(event.url).content.decode()
    assert "We endorse the <b>second conference</b>" in page
    assert f'action="{reverse("endorse", args=[drive.pk])}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        signed = client.post(reverse("endorse", args=[drive.pk]), form_data())
    assert signed["Location"] == f"{event.url}#endorse"
    assert "Rosa Bell" not in client.get(event.url).content.decode()

    client.post(path_of(last_links()["confirm"]))
    endorsement = Endorsement.objects.get()
    assert endorsement.status == Endorsement.Status.PENDING
    assert "Rosa Bell" not in client.get(event.url).content.decode()

    client.force_login(editor)
    approve = reverse("wagtail_bulk_action", args=("blog", "endorsement", "approve"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{approve}?{urlencode([('id', endorsement.pk)])}")
    client.logout()

    listed = client.get(event.url).content.decode()
    assert "Rosa Bell" in listed
    assert "1 endorser" in listed


def test_an_event_without_a_drive_shows_no_form(client):
    event = make_event("Picnic")

    page = client.get(event.url).content.decode()

    assert "endorsement-form" not in page
