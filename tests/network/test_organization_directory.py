"""The organization directory and each organization's page, as visitors and members see
them: only what editors listed, filtered by region and kind from a plain GET form, one
page at a time; and the members an organization's page names, only those who chose to
be named and whose profile the reader may see."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from network.directory.models import Organization
from network.directory.views import MEMBERS_PER_PAGE, ORGANIZATIONS_PER_PAGE
from network.models import Region
from tests.factories import UserFactory, make_profile
from tests.network.directory_data import make_organization, name_on_page

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("organizations:list")


def listed_names(response) -> list[str]:
    soup = BeautifulSoup(response.text, "html.parser")
    return [link.get_text() for link in soup.select(".directory-card__name a")]


def errors_beside(response, field: str) -> str:
    """The error shown in the filter field ``field``'s own box."""
    soup = BeautifulSoup(response.text, "html.parser")
    box = soup.select_one(f"#filter-{field}").find_parent(class_="field")
    return box.select_one(".errorlist").get_text() if box.select_one(".errorlist") else ""


# --- The directory ------------------------------------------------------------------


def test_the_directory_lists_only_what_editors_listed_in_name_order(client):
    make_organization("tenants of Peachtree", kind="tenant_union")
    make_organization("Atlanta DSA")
    make_organization("Proposed Org", status=Organization.Status.PENDING)
    make_organization("Declined Org", status=Organization.Status.DECLINED)
    make_organization("A name a member typed", status=Organization.Status.UNLISTED)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert listed_names(response) == ["Atlanta DSA", "tenants of Peachtree"]
    for hidden in ("Proposed Org", "Declined Org", "A name a member typed"):
        assert hidden not in response.text
    assert "2 organizations" in response.text


def test_a_visitor_filters_the_directory_by_region_kind_and_affiliation(client):
    make_organization("Georgia Tenants Union", kind="tenant_union", regions=["georgia"])
    make_organization("Atlanta DSA", regions=["georgia"], affiliate=True)
    make_organization("Southern Worker Press", kind="media", regions=["georgia", "alabama"])
    make_organization("Houston Workers Center", kind="collective", regions=["texas"])

    by_region = client.get(DIRECTORY, {"region": "georgia"})
    by_both = client.get(DIRECTORY, {"region": "georgia", "kind": "tenant_union"})
    affiliates = client.get(DIRECTORY, {"affiliates": "on"})
    alabama_media = client.get(DIRECTORY, {"region": "alabama", "kind": "media"})

    assert listed_names(by_region) == [
        "Atlanta DSA",
        "Georgia Tenants Union",
        "Southern Worker Press",
    ]
    assert "Organizations in Georgia" in by_region.text
    assert listed_names(by_both) == ["Georgia Tenants Union"]
    assert listed_names(affiliates) == ["Atlanta DSA"]
    assert listed_names(alabama_media) == ["Southern Worker Press"]
    # The form shows what it filters by.
    soup = BeautifulSoup(by_both.text, "html.parser")
    assert soup.select_one("#filter-region option[selected]")["value"] == "georgia"
    assert soup.select_one("#filter-kind option[selected]")["value"] == "tenant_union"


def test_the_directory_is_paginated_and_each_page_keeps_the_filters(client):
    total = ORGANIZATIONS_PER_PAGE + 5
    for n in range(total):
        make_organization(f"Local {n:03d}", regions=["texas"])
    make_organization("Elsewhere", regions=["georgia"])

    first = client.get(DIRECTORY, {"region": "texas"})
    soup = BeautifulSoup(first.text, "html.parser")
    next_link = soup.select_one(".pagination a[rel=next]")["href"]
    second = client.get(DIRECTORY + next_link)

    assert len(listed_names(first)) == ORGANIZATIONS_PER_PAGE
    assert "region=texas" in next_link
    assert "page=2" in next_link
    assert listed_names(second) == [f"Local {n:03d}" for n in range(ORGANIZATIONS_PER_PAGE, total)]
    assert "Elsewhere" not in second.text
    assert 'content="noindex, follow"' in second.text


HOSTILE = '"><script>alert(1)</script>'


@pytest.mark.parametrize(
    "query",
    [
        {"region": HOSTILE},
        {"kind": HOSTILE},
        {"region": "georgia' OR '1'='1"},
        {"kind": "x" * 10_000},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "9" * 40},
        {"page": HOSTILE},
        {"affiliates": HOSTILE},
        {"region": ["georgia", "texas", HOSTILE]},
    ],
)
def test_hostile_filter_values_answer_a_page_and_are_never_run_as_markup(client, query):
    make_organization("Georgia Tenants Union", regions=["georgia"])

    response = client.get(DIRECTORY, query)

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_a_filter_value_that_is_no_choice_is_refused_beside_its_field_and_filters_nothing(client):
    make_organization("Georgia Tenants Union", kind="tenant_union", regions=["georgia"])
    make_organization("Houston Workers Center", kind="collective", regions=["texas"])

    response = client.get(DIRECTORY, {"region": "atlantis", "kind": "collective"})

    assert "Select a valid choice" in errors_beside(response, "region")
    assert errors_beside(response, "kind") == ""
    assert listed_names(response) == ["Houston Workers Center"]


def test_the_directory_shows_each_entrys_card_escaped(client):
    make_organization(
        "<b>Bold</b> Collective",
        kind="collective",
        regions=["georgia", "alabama"],
        description="We <script>run</script> a free store.",
        affiliate=True,
    )

    response = client.get(DIRECTORY)

    assert "&lt;b&gt;Bold&lt;/b&gt; Collective" in response.text
    assert "We &lt;script&gt;run&lt;/script&gt; a free store." in response.text
    assert "Collective · Alabama · Georgia" in response.text or (
        "Collective · Georgia · Alabama" in response.text
    )
    assert "Network affiliate" in response.text


def _fill_directory(count: int, start: int = 0) -> None:
    """``count`` more listed organizations, each in three regions."""
    regions = list(Region.objects.filter(slug__in=["texas", "georgia", "alabama"]))
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Organization {n}",
            slug=f"organization-{n}",
            status=Organization.Status.LISTED,
            description="Tenants organizing building by building.",
            affiliate=n % 3 == 0,
        )
        for n in range(start, start + count)
    )
    through = Organization.regions.through
    through.objects.bulk_create(
        through(organization_id=organization.pk, region_id=region.pk)
        for organization in organizations
        for region in regions
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_directory_queries_do_not_grow_with_500_entries(
    client, member, count_queries, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(member)
    _fill_directory(5)
    client.get(DIRECTORY)  # what a running server has warm
    few = count_queries(lambda: client.get(DIRECTORY, {"region": "texas"}))
    _fill_directory(495, start=5)

    with django_assert_max_num_queries(6 if signed_in else 4):
        response = client.get(DIRECTORY)
    many = count_queries(lambda: client.get(DIRECTORY, {"region": "texas", "page": "3"}))

    assert response.status_code == 200
    assert "500 organizations" in response.text
    assert many == few


# --- An organization's page ---------------------------------------------------------


def test_an_organizations_page_shows_its_entry(client):
    georgia = make_organization(
        "Georgia Tenants Union",
        kind="tenant_union",
        regions=["georgia"],
        website="https://example.org/gtu",
        description="Tenant unions across Georgia.",
        affiliate=True,
    )

    response = client.get(georgia.get_absolute_url())

    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.h1.get_text() == "Georgia Tenants Union"
    assert "Tenant union" in response.text
    assert "Network affiliate" in response.text
    assert "Tenant unions across Georgia." in response.text
    website = soup.select_one('a[href="https://example.org/gtu"]')
    assert website["rel"] == ["nofollow", "noopener"]
    assert soup.select_one(f'a[href="{DIRECTORY}?region=georgia"]').get_text() == "Georgia"


@pytest.mark.parametrize(
    "status",
    [Organization.Status.UNLISTED, Organization.Status.PENDING, Organization.Status.DECLINED],
)
def test_an_organization_not_listed_has_no_page_but_for_its_reviewers(client, member, status):
    organization = make_organization("Not Yet", status=status)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))

    assert client.get(organization.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(organization.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(organization.get_absolute_url())
    assert response.status_code == 200
    assert "Not public: only editors see this page." in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_an_unknown_or_hostile_address_is_not_found(client):
    assert client.get(f"{DIRECTORY}no-such-organization/").status_code == 404
    assert client.get(f"{DIRECTORY}%3Cscript%3E/").status_code == 404


@pytest.fixture
def named_members():
    """Members of the Georgia Tenants Union: who chose to be named on its page, with
    each visibility, and some who did not choose it, or have left the site."""
    union = make_organization("Georgia Tenants Union", regions=["georgia"])
    people = {
        "public": make_profile(display_name="Pat Public", visibility="public"),
        "members": make_profile(display_name="Mel Members", visibility="members"),
        "hidden": make_profile(display_name="Hal Hidden", visibility="hidden"),
        "not shown": make_profile(display_name="Nat Notshown", visibility="public"),
        "gone": make_profile(display_name="Gil Gone", visibility="public"),
    }
    for key, profile in people.items():
        name_on_page(profile, union, shown=key != "not shown")
    people["gone"].user.is_active = False
    people["gone"].user.save()
    return union, people


def shown_members(response) -> set[str]:
    soup = BeautifulSoup(response.text, "html.parser")
    return {link.get_text() for link in soup.select(".member-card__name")}


def test_a_visitor_sees_only_the_public_profiles_of_members_who_chose_to_be_named(
    client, named_members
):
    union, people = named_members

    response = client.get(union.get_absolute_url())

    assert shown_members(response) == {"Pat Public"}
    for name in ("Mel Members", "Hal Hidden", "Nat Notshown", "Gil Gone"):
        assert name not in response.text
    for profile in people.values():
        assert f"@{profile.handle}" not in response.text or profile is people["public"]
        assert profile.user.email not in response.text


def test_a_member_also_sees_members_only_profiles_and_never_a_hidden_one(
    client, member, named_members
):
    union, _people = named_members
    client.force_login(member)

    response = client.get(union.get_absolute_url())

    assert shown_members(response) == {"Pat Public", "Mel Members"}
    assert "Hal Hidden" not in response.text


def test_a_hidden_member_sees_themselves_named_and_staff_see_everyone_who_chose(
    client, staff_member, named_members
):
    union, people = named_members
    client.force_login(people["hidden"].user)
    assert shown_members(client.get(union.get_absolute_url())) == {
        "Pat Public",
        "Mel Members",
        "Hal Hidden",
    }
    client.force_login(staff_member)
    assert shown_members(client.get(union.get_absolute_url())) == {
        "Pat Public",
        "Mel Members",
        "Hal Hidden",
    }


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_organizations_page_queries_do_not_grow_with_its_members(
    client, member, count_queries, django_assert_max_num_queries, signed_in
):
    union = make_organization("Georgia Tenants Union", regions=["georgia", "alabama"])
    if signed_in:
        client.force_login(member)
    url = union.get_absolute_url()
    name_on_page(make_profile(visibility="public"), union)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for n in range(MEMBERS_PER_PAGE + 10):
        name_on_page(make_profile(visibility="public", display_name=f"Member {n}"), union)

    with django_assert_max_num_queries(7 if signed_in else 5):
        response = client.get(url)

    assert len(shown_members(response)) == MEMBERS_PER_PAGE
    assert count_queries(lambda: client.get(url)) == few
    assert re.search(r"Page 1 of 2", response.text)


def test_an_organization_named_in_any_alphabet_has_its_page(client):
    organization = make_organization("Niños Unidos de Texas", regions=["texas"])

    response = client.get(organization.get_absolute_url())

    assert organization.slug == "niños-unidos-de-texas"
    assert response.status_code == 200
    assert organization.get_absolute_url() in client.get(DIRECTORY).text
