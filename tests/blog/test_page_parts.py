"""What a page keeps of its parts from one view to the next (blog.page_parts): an event's
related reading, regions and tags, a page's endorsement drive. A reader sees each change
on the next view, whatever was changed and however; an editor's preview shows the draft."""

import datetime

import pytest
from django.utils import timezone
from taggit.models import Tag

from blog import page_parts
from blog.events import EventPage, EventRelatedLink
from network.models import Region
from tests.blog.endorsements.helpers import make_campaign
from tests.event_factories import make_event

pytestmark = pytest.mark.django_db


def region(slug: str) -> Region:
    return Region.objects.get(slug=slug)


def shown(html: str, *texts: str) -> list[str]:
    return [text for text in texts if text in html]


def make_conference():
    return make_event(
        "Regional conference",
        regions=[region("georgia")],
        tags=["housing"],
        related=[("Report-back", "https://example.org/report", "The Piedmont Organizer")],
    )


def test_a_republished_event_shows_its_new_reading_regions_and_tags(client):
    event = make_conference()
    before = client.get(event.url).text
    assert shown(before, "Report-back", "housing", "Georgia") == [
        "Report-back",
        "housing",
        "Georgia",
    ]

    page = EventPage.objects.get(pk=event.pk)
    page.related_links = [
        EventRelatedLink(title="Assessment", url="https://example.org/assessment", sort_order=0)
    ]
    page.regions.set([region("texas")])
    page.tags.set(["labor"])
    page.save_revision().publish()
    after = client.get(event.url).text

    assert shown(after, "Assessment", "labor", "Texas", "Report-back", "housing", "Georgia") == [
        "Assessment",
        "labor",
        "Texas",
    ]


def test_a_renamed_region_or_tag_shows_on_the_next_view(client):
    event = make_conference()
    client.get(event.url)

    georgia = region("georgia")
    georgia.name = "Georgia (the state)"
    georgia.save()
    tag = Tag.objects.get(name="housing")
    tag.name = "tenant organizing"
    tag.save()
    html = client.get(event.url).text

    assert "Georgia (the state)" in html
    assert "tenant organizing" in html


def test_a_drive_closed_after_a_view_takes_no_more_endorsements_on_the_next(client):
    page, drive = make_campaign()
    assert 'class="form endorsement-form"' in client.get(page.url).text

    drive.closing_date = timezone.localdate() - datetime.timedelta(days=1)
    drive.save()
    html = client.get(page.url).text

    assert 'class="form endorsement-form"' not in html
    assert "This drive takes no more endorsements." in html


def test_an_editor_previews_the_draft_of_a_page_whose_parts_are_kept(client, admin_client):
    event = make_conference()
    client.get(event.url)

    draft = EventPage.objects.get(pk=event.pk)
    draft.tags.set(["draft-only tag"])
    draft.related_links = [
        EventRelatedLink(title="Draft reading", url="https://example.org/draft", sort_order=0)
    ]
    draft.save_revision()
    preview = admin_client.get(f"/admin/pages/{event.pk}/view_draft/").text
    live = client.get(event.url).text

    assert shown(preview, "draft-only tag", "Draft reading", "housing", "Report-back") == [
        "draft-only tag",
        "Draft reading",
    ]
    assert shown(live, "draft-only tag", "Draft reading", "housing", "Report-back") == [
        "housing",
        "Report-back",
    ]


def test_parts_read_before_a_change_committed_are_not_served_after_it(
    rf, django_capture_on_commit_callbacks
):
    """A reader elsewhere may read the parts while a change is saved but not committed:
    what it keeps must not outlive the commit."""
    event = make_event("Regional conference")
    request = rf.get(event.url)
    with django_capture_on_commit_callbacks(execute=True):
        page_parts.page_changed(event.pk)
        reader_elsewhere = EventPage.objects.get(pk=event.pk)
        page_parts.kept(reader_elsewhere, request, "event", lambda: "as before the change")

    next_reader = EventPage.objects.get(pk=event.pk)
    assert page_parts.kept(next_reader, request, "event", lambda: "as changed") == "as changed"
