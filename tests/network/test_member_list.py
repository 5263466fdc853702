import pytest
from django.urls import reverse

from network.models import Region
from tests.factories import make_profile

pytestmark = pytest.mark.django_db


def names(response) -> set[str]:
    return {profile.display_name for profile in response.context["page"].object_list}


def test_visitors_see_only_public_members(client):
    make_profile(display_name="Public Pat", visibility="public")
    make_profile(display_name="Members Mo", visibility="members")
    make_profile(display_name="Hidden Hal", visibility="hidden")

    assert names(client.get(reverse("members:list"))) == {"Public Pat"}


def test_members_see_public_and_members_only_profiles_but_not_hidden(client, member):
    make_profile(display_name="Public Pat", visibility="public")
    make_profile(display_name="Members Mo", visibility="members")
    make_profile(display_name="Hidden Hal", visibility="hidden")
    client.force_login(member)

    shown = names(client.get(reverse("members:list")))

    assert {"Public Pat", "Members Mo"} <= shown
    assert "Hidden Hal" not in shown


def test_directory_filters_by_region(client):
    texas = Region.objects.get(slug="texas")
    make_profile(display_name="Tex", visibility="public", region=texas)
    make_profile(
        display_name="Ginny", visibility="public", region=Region.objects.get(slug="virginia")
    )

    assert names(client.get(reverse("members:list"), {"region": "texas"})) == {"Tex"}


def test_directory_never_shows_email_addresses(client):
    profile = make_profile(visibility="public")
    assert profile.user.email not in client.get(reverse("members:list")).text


@pytest.mark.parametrize("count", [3, 40])
def test_directory_query_budget_does_not_grow_with_members(
    client, member, count, django_assert_max_num_queries
):
    for n in range(count):
        make_profile(visibility="public", organizations=[f"Org {n}"])
    client.force_login(member)
    client.get(reverse("members:list"))

    with django_assert_max_num_queries(9):
        response = client.get(reverse("members:list"))
    assert response.status_code == 200
