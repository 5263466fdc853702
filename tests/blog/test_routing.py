"""A reader reaches each page at its address as Wagtail would route it, in fewer queries
(blog.routing): private sections stay private however they are reached, aliases follow
the page they copy, redirects still answer for old addresses, drafts stay hidden."""

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from blog.models import EventPage, StandardPage
from tests.blog.own_pages import home_page, make_standard_page
from tests.event_factories import events_index, make_event

pytestmark = pytest.mark.django_db


def members_only(page) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_a_page_below_a_members_only_page_is_members_only(client, member):
    section = make_standard_page("Internal procedures")
    make_standard_page("Phone tree", parent=section)
    members_only(section)

    response = client.get("/internal-procedures/phone-tree/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(member)
    assert client.get("/internal-procedures/phone-tree/").status_code == 200


def test_an_alias_of_a_members_only_section_keeps_it_members_only(client, member):
    section = make_standard_page("Internal procedures")
    make_standard_page("Phone tree", parent=section)
    members_only(section)
    section.create_alias(parent=home_page(), update_slug="procedures", recursive=True)

    assert client.get("/procedures/").status_code == 302
    assert client.get("/procedures/phone-tree/").status_code == 302
    client.force_login(member)
    assert client.get("/procedures/").status_code == 200
    assert client.get("/procedures/phone-tree/").status_code == 200


def test_a_page_below_an_alias_is_restricted_as_its_original_is_not_as_the_alias(client, member):
    """An alias cannot hold restrictions of its own: Wagtail reads its original's."""
    original = make_standard_page("Working groups")
    make_standard_page("Housing", parent=original)
    alias = original.create_alias(parent=home_page(), update_slug="groups", recursive=True)
    PageViewRestriction.objects.create(
        page=original, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(Group.objects.get(name="Editors"))
    client.force_login(member)

    assert client.get("/working-groups/housing/").status_code == 302
    assert client.get("/groups/housing/").status_code == 302
    PageViewRestriction.objects.filter(page=original).delete()
    members_only(alias)  # not what Wagtail's admin allows; Wagtail's own rule ignores it
    client.logout()
    assert client.get("/groups/housing/").status_code == 200


def test_a_missing_or_unpublished_page_is_not_found_and_an_old_address_redirects(client):
    event = make_event("Renamed conference")
    make_event("Draft conference", publish=False)
    Redirect.add_redirect("/events/old-conference", redirect_to=event)

    assert client.get("/events/no-such-event/").status_code == 404
    assert client.get("/events/draft-conference/").status_code == 404
    assert client.get("/events/renamed-conference/nothing-below/").status_code == 404
    response = client.get("/events/old-conference/")
    assert (response.status_code, response["Location"]) == (301, event.url)


def test_a_page_of_a_type_no_longer_allowed_below_its_parent_is_still_served(client):
    """Page-type rules bind the admin, not pages already in the tree."""
    stray = StandardPage(title="Travel to the conference", slug="travel", introduction="Buses.")
    events_index().add_child(instance=stray)
    stray.save_revision().publish()

    response = client.get("/events/travel/")

    assert response.status_code == 200
    assert response.context["page"] == stray
    assert type(response.context["page"]) is StandardPage


def test_an_event_is_read_with_its_type_its_state_and_its_index_in_one_query(
    rf, django_assert_num_queries
):
    event = make_event("Regional conference", venue_city="Memphis", venue_region_id=1)
    index = events_index().specific
    index.route(rf.get(event.url), [event.slug])  # Django's content types, kept from then on

    with django_assert_num_queries(1):
        page, _, _ = index.route(rf.get(event.url), [event.slug])
        assert type(page) is EventPage
        assert page.venue_region.pk == 1
        assert page.routed_from is index
