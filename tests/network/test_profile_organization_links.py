"""A member's organizations are free text, as they always were; one written as the
directory names it is that organization, linked to its page, and the member chooses
whether its page names them back."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from network.directory.models import Organization, ProfileOrganization
from tests.factories import make_profile
from tests.network.directory_data import make_organization

pytestmark = pytest.mark.django_db


def edit_url(profile) -> str:
    return reverse("members:edit", args=[profile.handle])


def profile_form(profile, **changes) -> dict:
    data = {
        "display_name": profile.display_name,
        "visibility": profile.visibility,
        "organizations": ", ".join(profile.organizations.names()),
        "bio": profile.bio,
    }
    return data | changes


@pytest.fixture
def union(db):
    return make_organization("Georgia Tenants Union", regions=["georgia"])


@pytest.fixture
def rosa(union):
    return make_profile(
        display_name="Rosa Bell",
        visibility="public",
        organizations=["Georgia Tenants Union", "Tuesday Book Club"],
    )


def shown_checkboxes(response) -> dict[str, bool]:
    soup = BeautifulSoup(response.text, "html.parser")
    return {
        box.find_parent("label").get_text(strip=True): box.has_attr("checked")
        for box in soup.select('input[name="shown_organizations"]')
    }


def test_a_member_chooses_to_be_named_on_the_page_of_an_organization_in_the_directory(
    client, rosa, union
):
    client.force_login(rosa.user)

    form = client.get(edit_url(rosa))
    saved = client.post(
        edit_url(rosa), profile_form(rosa, shown_organizations=[union.pk]), follow=True
    )

    assert shown_checkboxes(form) == {"Georgia Tenants Union": False}  # not the book club
    assert "Your profile is saved." in saved.text
    assert ProfileOrganization.objects.get(content_object=rosa, tag=union).shown_on_page
    client.logout()
    assert "Rosa Bell" in client.get(union.get_absolute_url()).text


def test_unticking_takes_the_member_off_the_page(client, rosa, union):
    ProfileOrganization.objects.filter(content_object=rosa).update(shown_on_page=True)
    client.force_login(rosa.user)
    assert shown_checkboxes(client.get(edit_url(rosa))) == {"Georgia Tenants Union": True}

    client.post(edit_url(rosa), profile_form(rosa))

    assert not ProfileOrganization.objects.filter(shown_on_page=True).exists()
    assert "Rosa Bell" not in client.get(union.get_absolute_url()).text


def test_free_text_stays_free_and_a_new_name_is_not_in_the_directory(client, rosa, union):
    client.force_login(rosa.user)

    client.post(
        edit_url(rosa),
        profile_form(rosa, organizations="georgia tenants union, Savannah Food Not Bombs"),
    )

    assert sorted(rosa.organizations.names()) == [
        "Georgia Tenants Union",
        "Savannah Food Not Bombs",
    ]
    typed = Organization.objects.get(name="Savannah Food Not Bombs")
    assert typed.status == Organization.Status.UNLISTED
    assert "Savannah Food Not Bombs" not in client.get(reverse("organizations:list")).text
    assert client.get(typed.get_absolute_url()).status_code == 404
    assert shown_checkboxes(client.get(edit_url(rosa))) == {"Georgia Tenants Union": False}


def test_an_organization_not_on_the_profile_cannot_be_ticked(client, rosa):
    elsewhere = make_organization("Houston Workers Center")
    client.force_login(rosa.user)

    response = client.post(edit_url(rosa), profile_form(rosa, shown_organizations=[elsewhere.pk]))

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not ProfileOrganization.objects.filter(tag=elsewhere).exists()


def test_the_profile_links_the_organizations_in_the_directory_and_not_the_others(
    client, rosa, union
):
    page = BeautifulSoup(client.get(rosa.get_absolute_url()).text, "html.parser")
    organizations = page.select(".tag-list li")

    assert [li.get_text() for li in organizations] == [
        "Georgia Tenants Union",
        "Tuesday Book Club",
    ]
    assert organizations[0].a["href"] == union.get_absolute_url()
    assert organizations[1].a is None
