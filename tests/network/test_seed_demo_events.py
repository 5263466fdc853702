"""``seed_demo`` gives the demo an Events index with the network's second conference
ahead, a past conference with what was written about it and a cancelled picnic; run
again, it adds nothing."""

import pytest
from django.core.management import call_command

from blog.models import EventIndexPage, EventPage

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_demo_events_once(client, capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    events = set(EventPage.objects.values_list("slug", flat=True))
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert "demo events" in first
    assert "demo events" not in second
    assert set(EventPage.objects.values_list("slug", flat=True)) == events
    assert EventIndexPage.objects.count() == 1

    conference = EventPage.objects.live().get(slug="second-conference-of-the-network")
    assert conference in EventPage.objects.upcoming()
    assert conference.time_zone == "America/Chicago"
    blocks = [block.block_type for block in conference.description]
    assert blocks.count("video_segment") == 3
    assert "participants" in blocks
    past = EventPage.objects.past().get()
    assert past.related_links.count() == 3
    assert EventPage.objects.filter(status=EventPage.Status.CANCELLED).count() == 1

    page = client.get("/").text
    assert "Second conference of the network" in page
    assert "Cancelled" in client.get(EventIndexPage.objects.get().url).text
    assert client.get(conference.url).status_code == 200


def test_seed_demo_makes_the_events_index_again_if_it_was_deleted(capsys):
    EventIndexPage.objects.get().delete()

    call_command("seed_demo")

    index = EventIndexPage.objects.get()
    assert index.live
    assert index.show_in_menus
    assert EventPage.objects.child_of(index).count() == 4
