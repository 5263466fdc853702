"""The member directory at /members/: for members only, finding people by name or
handle, region, tendency and organization, in name order or by recent activity."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network import members
from network.models import Organization, Region, Tendency
from tests.factories import UserFactory, make_profile

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [profile.display_name for profile in response.context["page"].object_list]


def directory(client, **query):
    return client.get(reverse("members:list"), query)


def test_visitors_are_sent_to_sign_in(client):
    make_profile(display_name="Public Pat", visibility="public")

    response = directory(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_members_see_public_and_members_only_profiles_but_never_hidden_ones(
    client, member, staff_member
):
    make_profile(display_name="Public Pat", visibility="public")
    make_profile(display_name="Members Mo", visibility="members")
    hidden = make_profile(display_name="Hidden Hal", visibility="hidden")

    client.force_login(member)
    shown = names(directory(client))
    assert {"Public Pat", "Members Mo"} <= set(shown)
    assert "Hidden Hal" not in shown
    # Not even to themselves or to staff: the directory is what members see.
    client.force_login(hidden.user)
    assert "Hidden Hal" not in names(directory(client))
    client.force_login(staff_member)
    assert "Hidden Hal" not in names(directory(client))


def test_staff_accounts_with_a_profile_in_name_only_are_not_listed(client, member):
    UserFactory(username="admin", is_staff=True, profile__display_name="Site Administrator")
    UserFactory(
        username="eddie",
        is_staff=True,
        profile__display_name="Eddie Editor",
        profile__region=Region.objects.get(slug="texas"),
    )
    client.force_login(member)

    shown = names(directory(client))

    assert "Site Administrator" not in shown
    assert "Eddie Editor" in shown


def test_inactive_members_are_not_listed(client, member):
    gone = make_profile(display_name="Gone Gus", visibility="public")
    gone.user.is_active = False
    gone.user.save()
    client.force_login(member)

    assert "Gone Gus" not in names(directory(client))


def test_search_by_name_or_handle_in_any_case(client, member):
    make_profile(display_name="Rosa Parks Fan", visibility="members")
    UserFactory(username="organizer_jo", profile__display_name="Jo", profile__visibility="members")
    make_profile(display_name="Somebody Else", visibility="members")
    client.force_login(member)

    assert names(directory(client, q="rosa")) == ["Rosa Parks Fan"]
    assert names(directory(client, q="@ORGANIZER_j")) == ["Jo"]


def test_filters_combine(client, member):
    texas = Region.objects.get(slug="texas")
    virginia = Region.objects.get(slug="virginia")
    tendency = Tendency.objects.order_by("pk").first()
    make_profile(display_name="Tex Union", region=texas, tendency=tendency, organizations=["IWW"])
    make_profile(display_name="Tex Other", region=texas, organizations=["IWW"])
    make_profile(
        display_name="Ginny Union", region=virginia, tendency=tendency, organizations=["IWW"]
    )
    make_profile(
        display_name="Tex Tenant", region=texas, tendency=tendency, organizations=["KC Tenants"]
    )
    iww = Organization.objects.get(name="IWW")
    client.force_login(member)

    found = names(directory(client, region="texas", tendency=tendency.slug, organization=iww.slug))

    assert found == ["Tex Union"]
    assert names(directory(client, region="texas", q="tex t")) == ["Tex Tenant"]


def test_sorted_by_name_or_by_recent_activity(client, member):
    now = timezone.now()
    for name, days_ago in [("Ann", 9), ("Bea", 1), ("Cal", None), ("Dee", 3)]:
        profile = make_profile(display_name=name, visibility="members")
        if days_ago is not None:
            members.mark_active(profile.user_id, now - timedelta(days=days_ago))
    client.force_login(member)

    by_name = [n for n in names(directory(client)) if n in {"Ann", "Bea", "Cal", "Dee"}]
    by_activity = [
        n for n in names(directory(client, sort="active")) if n in {"Ann", "Bea", "Cal", "Dee"}
    ]

    assert by_name == ["Ann", "Bea", "Cal", "Dee"]
    assert by_activity == ["Bea", "Dee", "Ann", "Cal"]  # never active last


def test_an_unknown_filter_says_so_beside_the_field_and_keeps_the_search(client, member):
    client.force_login(member)

    response = directory(client, q="rosa", region="atlantis", sort="loudest")

    assert response.status_code == 200
    form = response.context["form"]
    assert "Choose a region from the list." in form.errors["region"]
    assert "sort" in form.errors
    assert 'value="rosa"' in response.text


def test_a_search_too_long_is_refused_beside_the_field(client, member):
    client.force_login(member)

    response = directory(client, q="x" * 500)

    assert "at most 80 characters" in response.text
    assert response.context["form"].errors["q"]


def test_hostile_searches_are_escaped_and_match_nothing(client, member):
    client.force_login(member)

    response = directory(client, q="<script>alert(1)</script>%_\\")

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert names(response) == []


def test_directory_never_shows_email_addresses(client, member):
    profile = make_profile(visibility="public")
    client.force_login(member)
    assert profile.user.email not in directory(client).text


def test_pages_of_members(client, member):
    for n in range(35):
        make_profile(display_name=f"Member {n:02}", visibility="members")
    client.force_login(member)

    second = directory(client, page=2)

    assert second.context["page"].number == 2
    assert 'rel="prev"' in second.text


def test_an_unlisted_organization_on_a_profile_links_to_the_directory_for_members(client, member):
    profile = make_profile(display_name="Una", visibility="public", organizations=["Quiet Club"])
    quiet = Organization.objects.get(name="Quiet Club")
    client.force_login(member)

    page = client.get(profile.get_absolute_url()).text
    found = names(directory(client, organization=quiet.slug))

    assert f"?organization={quiet.slug}" in page
    assert found == ["Una"]


@pytest.mark.parametrize("count", [3, 40])
def test_directory_query_budget_does_not_grow_with_members(
    client, member, count, django_assert_max_num_queries
):
    for n in range(count):
        make_profile(visibility="public", organizations=[f"Org {n}"])
    client.force_login(member)
    client.get(reverse("members:list"))

    with django_assert_max_num_queries(9):
        response = directory(client, q="member", region="texas", sort="active")
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        response = directory(client)
    assert response.status_code == 200
