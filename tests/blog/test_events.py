"""A reader finds the network's events: each event's page says when (on the event's own
clock, and the site's when that differs), where, whether it moved or was cancelled, how
to take part and what was written about it; the index lists what is coming soonest
first and what is past latest first, by region; the home page shows the next three."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from blog.event_index import EVENTS_PER_PAGE
from blog.events import EventPage
from network.models import Region
from tests.event_factories import events_index, make_event, republish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUMMER_SATURDAY = datetime.date(2030, 7, 13)
WINTER_SATURDAY = datetime.date(2030, 1, 12)


def region(slug: str) -> Region:
    return Region.objects.get(slug=slug)


def text_of(html: str) -> str:
    """The page's text, tags and runs of spaces aside, as a reader reads it."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def event_titles(events_page) -> list[str]:
    return [event.title for event in events_page.object_list]


# --- An event's page -----------------------------------------------------------------


def test_an_event_in_chicago_is_shown_on_chicagos_clock_and_the_sites(client, settings):
    settings.TIME_ZONE = "America/New_York"
    event = make_event(
        "Second conference of the network",
        start_date=SUMMER_SATURDAY,
        start_time=datetime.time(10),
        end_time=datetime.time(16, 30),
        time_zone="America/Chicago",
        venue_name="Union hall",
        venue_city="Memphis",
        venue_region=region("tennessee"),
    )

    response = client.get(event.url)

    assert response.status_code == 200
    page = text_of(response.text)
    assert "Saturday, July 13, 2030, 10 a.m. – 4:30 p.m. CDT" in page
    assert "That is 11 a.m. – 5:30 p.m. EDT." in page
    assert '<time datetime="2030-07-13T10:00:00-05:00">' in response.text
    assert '<time datetime="2030-07-13T16:30:00-05:00">' in response.text
    assert "Union hall" in page
    assert "Memphis, Tennessee" in page


def test_the_moments_kept_are_the_ones_the_events_clock_names(settings):
    settings.TIME_ZONE = "America/New_York"
    summer = make_event("Summer", start_date=SUMMER_SATURDAY, time_zone="America/Chicago")
    winter = make_event("Winter", start_date=WINTER_SATURDAY, time_zone="America/Chicago")

    assert summer.start == datetime.datetime(2030, 7, 13, 15, 0, tzinfo=datetime.UTC)
    assert winter.start == datetime.datetime(2030, 1, 12, 16, 0, tzinfo=datetime.UTC)
    assert winter.end == datetime.datetime(2030, 1, 12, 22, 0, tzinfo=datetime.UTC)


def test_an_event_on_the_sites_clock_is_not_told_twice(client, settings):
    settings.TIME_ZONE = "America/New_York"
    event = make_event("Atlanta meeting", start_date=SUMMER_SATURDAY, time_zone="America/New_York")

    page = text_of(client.get(event.url).text)

    assert "Saturday, July 13, 2030, 10 a.m. – 4 p.m. EDT" in page
    assert "That is" not in page


def test_an_event_over_several_days_names_both_days(client, settings):
    settings.TIME_ZONE = "America/New_York"
    event = make_event(
        "Weekend school",
        start_date=SUMMER_SATURDAY,
        end_date=SUMMER_SATURDAY + datetime.timedelta(days=1),
        start_time=datetime.time(9),
        end_time=datetime.time(13),
        time_zone="America/Chicago",
    )

    page = text_of(client.get(event.url).text)

    assert "Saturday, July 13, 2030, 9 a.m. – Sunday, July 14, 2030, 1 p.m. CDT" in page
    assert "That is Saturday, July 13, 2030, 10 a.m. – Sunday, July 14, 2030, 2 p.m. EDT." in page


def test_a_scheduled_event_has_no_banner(client):
    event = make_event("On as planned")
    page = client.get(event.url).text
    assert "event-status" not in page
    assert "cancelled" not in page.lower()


def test_a_cancelled_event_says_so_at_the_top(client):
    event = make_event("Picnic", status="cancelled", status_note="The park is closed for repairs.")

    response = client.get(event.url)

    page = text_of(response.text)
    banner = page.index("This event is cancelled. The park is closed for repairs.")
    assert banner < page.index("Picnic", page.index("Events"))  # above the title
    assert "Cancelled: Picnic" in response.text.split("</title>")[0]


def test_a_moved_event_says_where_it_went_at_the_top(client):
    event = make_event(
        "Assembly", status="moved", status_note="Now at the Labor Temple, same time."
    )

    page = text_of(client.get(event.url).text)

    assert "This event has moved. Now at the Labor Temple, same time." in page
    assert page.index("This event has moved.") < page.index("When")


def test_a_members_only_link_is_hidden_from_visitors_and_shown_to_members(client, member):
    event = make_event(
        "Online assembly", online_url="https://meet.example/secret-room", online_members_only=True
    )

    visitor_page = client.get(event.url).text
    assert "secret-room" not in visitor_page
    assert "Sign in for the link" in visitor_page
    assert f"/accounts/login/?next={event.url}" in visitor_page

    client.force_login(member)
    member_page = client.get(event.url).text
    assert 'href="https://meet.example/secret-room"' in member_page
    assert "Members only" in member_page


def test_a_public_online_link_is_shown_to_everyone(client):
    event = make_event(
        "Livestream", online_url="https://stream.example/live", online_members_only=False
    )
    assert 'href="https://stream.example/live"' in client.get(event.url).text


def test_an_event_without_a_place_says_it_is_to_be_announced(client):
    assert "Place to be announced." in client.get(make_event("Somewhere").url).text


def test_the_description_holds_sessions_participants_and_the_call_to_take_part(client):
    people = [{"name": "Rosa Bell", "organization": "Georgia Tenants Union"}]
    event = make_event(
        "Strategy conference",
        description=[
            ("paragraph", RichText("<p>Two days of sessions.</p>")),
            (
                "video_segment",
                {
                    "title": "Opening plenary",
                    "summary": RichText("<p>Where we stand.</p>"),
                    "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "speakers": people,
                },
            ),
            ("participants", {"heading": "Participants", "people": people}),
        ],
        call_to_action_label="Register now",
        call_to_action_url="https://forms.example/register",
        call_to_action_text="<p>Delegations of three per organization.</p>",
        related_heading="Assessments of the conference",
        related=[
            ("What the conference decided", "https://example.org/decided", "Labor Notes"),
            ("Report-back from Atlanta", "https://example.org/atlanta", ""),
        ],
    )

    response = client.get(event.url)
    page = text_of(response.text)

    assert "Segment 1 Opening plenary" in page
    assert "Speaking: Rosa Bell (Georgia Tenants Union)" in page
    assert "Organizations listed for identification purposes only." in page
    assert (
        '<a class="button button--primary" href="https://forms.example/register">Register now</a>'
        in (response.text)
    )
    assert "Delegations of three per organization." in page
    assert "Assessments of the conference" in page
    assert '<a href="https://example.org/decided">What the conference decided</a>' in response.text
    assert "(Labor Notes)" in page
    assert page.index("Opening plenary") < page.index("Assessments of the conference")


def test_a_cancelled_event_keeps_no_register_button(client):
    event = make_event(
        "Called off",
        status="cancelled",
        status_note="Postponed to spring.",
        call_to_action_url="https://forms.example/register",
    )
    assert "forms.example/register" not in client.get(event.url).text


def test_regions_link_to_the_index_filtered_and_tags_are_listed(client):
    event = make_event("Regional", regions=[region("georgia")], tags=["convention"])
    page = client.get(event.url).text
    assert f'href="{events_index().url}?region=georgia">Georgia</a>' in page
    assert "<li>convention</li>" in page


def test_the_page_links_its_calendar_file_and_google_calendar(client):
    event = make_event("Add me", start_date=SUMMER_SATURDAY, time_zone="America/Chicago")
    page = client.get(event.url).text
    assert f'href="{event.url}calendar/" download' in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Add+me" in page
    assert "dates=20300713T150000Z%2F20300713T210000Z" in page
    assert "ctz=America%2FChicago" in page


def test_a_draft_event_is_not_served(client):
    event = make_event("Not yet", publish=False)
    assert client.get(f"{events_index().url}not-yet/").status_code == 404
    assert not EventPage.objects.live().filter(pk=event.pk).exists()


def test_event_page_query_budget(client, django_assert_max_num_queries):
    event = make_event(
        "Busy page",
        regions=[region("georgia"), region("texas")],
        tags=["one", "two"],
        related=[("A", "https://example.org/a", "X"), ("B", "https://example.org/b", "")],
        venue_region=region("georgia"),
    )
    client.get(event.url)
    # The site, the home page, the index, the event with its venue's region (one query
    # each, blog.routing), the view restrictions above it. Its related links, regions,
    # tags and endorsement drive (none here) are kept from the first view (blog.page_parts).
    with django_assert_max_num_queries(5):
        assert client.get(event.url).status_code == 200


# --- The index -----------------------------------------------------------------------


def test_the_index_lists_upcoming_soonest_first_and_past_latest_first(client):
    make_event("Next month", days_from_now=30)
    make_event("Tomorrow", days_from_now=1)
    make_event("Last year", days_from_now=-365)
    make_event("Last week", days_from_now=-7)

    response = client.get(events_index().url)

    assert event_titles(response.context["upcoming"]) == ["Tomorrow", "Next month"]
    assert event_titles(response.context["past"]) == ["Last week", "Last year"]


def test_an_event_under_way_is_still_upcoming(client):
    today = timezone.localtime()
    make_event(
        "Under way",
        start_date=today.date() - datetime.timedelta(days=1),
        end_date=today.date() + datetime.timedelta(days=1),
        time_zone=str(timezone.get_default_timezone()),
    )
    response = client.get(events_index().url)
    assert event_titles(response.context["upcoming"]) == ["Under way"]


def test_each_list_is_paginated_on_its_own(client):
    for n in range(EVENTS_PER_PAGE + 2):
        make_event(f"Coming {n:02}", days_from_now=n + 1)
        make_event(f"Gone {n:02}", days_from_now=-(n + 1))
    url = events_index().url

    response = client.get(url, {"upcoming": 2})
    assert event_titles(response.context["upcoming"]) == ["Coming 10", "Coming 11"]
    assert event_titles(response.context["past"])[0] == "Gone 00"

    response = client.get(url, {"upcoming": 2, "past": 2})
    assert event_titles(response.context["past"]) == ["Gone 10", "Gone 11"]
    assert event_titles(response.context["upcoming"]) == ["Coming 10", "Coming 11"]
    # Each list's links keep the other's page.
    assert 'href="?upcoming=2&amp;past=1"' in response.text
    assert 'href="?upcoming=1&amp;past=2"' in response.text


def test_the_region_filter_lists_events_filed_under_or_held_in_the_region(client):
    make_event("Filed under Georgia", regions=[region("georgia"), region("alabama")])
    make_event("Held in Atlanta", venue_city="Atlanta", venue_region=region("georgia"))
    make_event("Both", regions=[region("georgia")], venue_region=region("georgia"), days_from_now=3)
    make_event("In Texas", regions=[region("texas")])
    make_event("Past in Georgia", regions=[region("georgia")], days_from_now=-3)

    response = client.get(events_index().url, {"region": "georgia"})

    assert sorted(event_titles(response.context["upcoming"])) == [
        "Both",
        "Filed under Georgia",
        "Held in Atlanta",
    ]
    assert event_titles(response.context["past"]) == ["Past in Georgia"]
    assert "<h1>Events in Georgia</h1>" in response.text
    assert '<option value="georgia" selected>Georgia</option>' in response.text
    assert '<meta name="robots" content="noindex, follow">' in response.text


def test_the_region_filter_is_a_form_that_works_without_javascript(client):
    page = client.get(events_index().url).text
    start = page.index('<form class="filter-bar"')
    form = page[start : page.index("</form>", start)]
    assert 'method="get"' in form
    assert f'action="{events_index().url}"' in form
    assert '<label for="id_region">Region</label>' in form
    assert '<button type="submit"' in form


@pytest.mark.parametrize(
    "query",
    [
        {"region": "<script>alert(1)</script>"},
        {"region": "georgia' OR 1=1 --"},
        {"region": "x" * 5000},
        {"upcoming": "<b>2</b>", "past": "-1"},
        {"upcoming": "99999999999999999999999", "past": "1e9"},
        {"upcoming": "", "past": "0"},
    ],
    ids=["script", "sql", "long", "markup-pages", "huge-pages", "empty-pages"],
)
def test_hostile_filters_and_page_numbers_list_events_without_harm(client, query):
    for n in range(EVENTS_PER_PAGE + 1):
        make_event(f"Coming {n:02}", days_from_now=n + 1, regions=[region("georgia")])
    make_event("Gone", days_from_now=-1)

    response = client.get(events_index().url, query)

    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert len(response.context["upcoming"].object_list) in (1, EVENTS_PER_PAGE)
    assert event_titles(response.context["past"]) == ["Gone"]


def test_an_unknown_region_is_said_beside_the_filter_and_every_event_is_listed(client):
    make_event("Anywhere")

    response = client.get(events_index().url, {"region": "atlantis"})

    assert event_titles(response.context["upcoming"]) == ["Anywhere"]
    assert response.context["region"] is None
    errors = response.text[response.text.index('<div class="filter-bar__errors">') :]
    assert "Select a valid choice. atlantis is not one of the available choices." in errors[:400]
    assert 'aria-invalid="true"' in response.text


def test_the_index_leaves_out_drafts_and_members_only_events(client):
    make_event("Public")
    make_event("Draft", publish=False)
    private = make_event("Members meeting")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(events_index().url)

    assert event_titles(response.context["upcoming"]) == ["Public"]


def make_past_events_fast(count: int, *, first: int = 0) -> None:
    """``count`` live past events, added to the tree without revisions (publishing each
    through Wagtail would take minutes): what the listing reads of them is the same.
    Every other one is held in Georgia."""
    index = events_index()
    now = timezone.now()
    georgia = region("georgia")
    for n in range(first, first + count):
        index.add_child(
            instance=EventPage(
                title=f"Old meeting {n}",
                slug=f"old-meeting-{n}",
                introduction="A meeting.",
                start_date=timezone.localdate() - datetime.timedelta(days=n + 2),
                start_time=datetime.time(18),
                end_time=datetime.time(20),
                venue_city="Atlanta",
                venue_region=georgia if n % 2 else None,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )


@pytest.mark.parametrize("query", [{}, {"region": "georgia", "past": "3"}], ids=["all", "region"])
def test_index_queries_do_not_grow_with_500_past_events(
    client, django_assert_max_num_queries, django_assert_num_queries, query
):
    for n in range(3):
        make_event(f"Soon {n}", days_from_now=n + 1, regions=[region("georgia")])
    make_past_events_fast(3)
    url = events_index().url
    client.get(url, query)

    # Wagtail finding the page (the site, the path, its ancestors' privacy), the regions,
    # the private sections the lists leave out, each list's count and its page of rows.
    with django_assert_max_num_queries(12) as few:
        client.get(url, query)
    budget = len(few.captured_queries)
    make_past_events_fast(497, first=3)
    client.get(url, query)  # the header and footer, kept a minute, expired while building
    with django_assert_num_queries(budget):
        response = client.get(url, query)

    assert response.context["past"].paginator.count >= 250
    assert len(response.context["past"].object_list) == EVENTS_PER_PAGE


# --- The home page -------------------------------------------------------------------


def test_the_home_page_shows_the_next_three_events(client):
    make_event("Fourth", days_from_now=40)
    make_event("Second", days_from_now=10)
    make_event("First", days_from_now=2)
    make_event("Third", days_from_now=20)
    make_event("Gone", days_from_now=-2)

    response = client.get("/")

    assert [event.title for event in response.context["upcoming_events"]] == [
        "First",
        "Second",
        "Third",
    ]
    page = text_of(response.text)
    assert "Upcoming events" in page
    assert page.index("First") < page.index("Second") < page.index("Third")
    assert "Fourth" not in page
    assert f'href="{events_index().url}">All events →</a>' in response.text


def test_the_home_page_has_no_events_section_without_upcoming_events(client):
    make_event("Gone", days_from_now=-2)
    response = client.get("/")
    assert "Upcoming events" not in response.text
    assert "events.css" not in response.text


# --- Editors, and nobody else ----------------------------------------------------------


def offered_page_types(client, parent) -> set[str]:
    """The page types the admin's "Add child page" offers under ``parent``: its list, or
    the one type it goes straight to the form of."""
    response = client.get(f"/admin/pages/{parent.pk}/add_subpage/")
    if response.status_code == 302:
        match = re.search(r"/admin/pages/add/(\w+)/(\w+)/", response["Location"])
        return {f"{match[1]}.{match[2]}"}
    assert response.status_code == 200
    return {f"{app}.{model}" for _name, app, model, _help in response.context["page_types"]}


def test_the_admin_offers_one_events_index_under_home_and_only_events_under_it(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    index = events_index()
    home = index.get_parent()

    assert "blog.eventindexpage" not in offered_page_types(client, home)  # there is one
    assert "blog.eventpage" not in offered_page_types(client, home)
    assert offered_page_types(client, index) == {"blog.eventpage"}
    index.delete()
    assert "blog.eventindexpage" in offered_page_types(client, home)


def edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def test_editors_may_edit_events(client, editor):
    event = make_event("Editable")
    client.force_login(editor)
    assert client.get(edit_url(event)).status_code == 200
    assert offered_page_types(client, events_index()) == {"blog.eventpage"}


@pytest.mark.parametrize("group", [None, "Contributors", "Moderators"])
def test_people_who_are_not_editors_may_not_edit_events(group):
    event = make_event("Not yours")
    user = UserFactory()
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)

    response = client.get(edit_url(event))
    posted = client.post(edit_url(event), {"title": "Defaced", "action-publish": "publish"})

    assert response.status_code in (302, 403)
    assert posted.status_code in (302, 403)
    event.refresh_from_db()
    assert event.title == "Not yours"
    assert event.revisions.count() == 1
    assert event.get_latest_revision().content["title"] == "Not yours"


def test_an_event_page_slug_may_not_hide_the_indexs_calendar():
    from django.core.exceptions import ValidationError

    event = make_event("Fine", publish=False)
    event.slug = "calendar"
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "slug" in refused.value.message_dict


def test_an_edit_that_moves_the_time_keeps_the_page_and_moves_the_listing(client):
    early = make_event("Early", days_from_now=5)
    make_event("Middle", days_from_now=10)
    republish(early, start_date=early.start_date + datetime.timedelta(days=10))

    response = client.get(events_index().url)

    assert event_titles(response.context["upcoming"]) == ["Middle", "Early"]


def test_home_page_queries_do_not_grow_with_events(client, count_queries):
    from tests.factories import make_article

    make_article("An article", tags=["one"])
    make_event("Soon", days_from_now=2)
    client.get("/")
    few = count_queries(lambda: client.get("/"))
    for n in range(6):
        make_event(f"Later {n}", days_from_now=n + 3, regions=[region("georgia")])
    client.get("/")
    many = count_queries(lambda: client.get("/"))
    assert few == many
    # The articles' budget (tests/blog/test_home_page.py), and the events' index.
    assert many <= 14


def test_forum_moderators_edit_no_page_at_all():
    """Wagtail's own "Moderators" group, which the forums took for their moderators,
    came with every page's editing and publishing (blog migration 0009 takes it back)."""
    from tests.factories import make_article

    article = make_article("An article")
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))

    for page in (article, events_index(), events_index().get_parent()):
        permissions = page.permissions_for_user(moderator)
        assert not permissions.can_edit(), page
        assert not permissions.can_publish(), page
        assert not permissions.can_add_subpage(), page
