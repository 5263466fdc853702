"""The join page (/join/): the editors' words on why the network recruits as it does,
above allauth's sign-up form with what the registration mode asks."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from network.recruiting import actions as recruiting
from network.recruiting.models import Recruitment
from tests.blog.own_pages import make_standard_page
from tests.factories import (
    SIGNUP,
    UserFactory,
    established_member,
    make_invitation,
    make_join_page,
    registration,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def join_page(db):
    return make_join_page(
        intro="<p>We grow through people who know each other.</p>",
        invitation_only_text="<p>We are not growing just now.</p>",
    )


@pytest.fixture
def points_of_unity(db):
    page = make_standard_page("Points of unity")
    registration(points_of_unity_page=page)
    return page


def test_the_join_page_shows_why_and_the_sign_up_form(
    client, join_page, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get("/join/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "We grow through people who know each other." in html
    assert 'name="username"' in html
    assert 'name="project"' in html
    assert f'action="{join_page.url}"' in html


def test_the_header_s_join_leads_to_the_join_page(client, join_page):
    assert 'href="/join/">Join the network<' in client.get("/").content.decode()


def test_sign_up_addresses_lead_to_the_join_page_with_the_invitation_code(client, join_page):
    response = client.get(f"{reverse('account_signup')}?code=abcd-efgh")

    assert response.status_code == 302
    assert response["Location"] == "/join/?code=abcd-efgh"
    assert 'value="abcd-efgh"' in client.get(response["Location"]).content.decode()


def test_a_wrong_passcode_comes_back_on_the_join_page_with_what_was_typed(client, join_page):
    registration(registration_mode="recruitment")

    response = client.post(
        "/join/", {**SIGNUP, "passcode": "nope-nope-nope", "project": "Rent strike"}
    )

    html = response.content.decode()
    assert "We grow through people who know each other." in html
    assert 'id="id_passcode_error"' in html
    assert 'value="nope-nope-nope"' in html
    assert "Rent strike" in html
    assert 'value="dana_k"' in html
    assert not get_user_model().objects.filter(username="dana_k").exists()


def test_a_form_posted_to_the_sign_up_address_is_answered_by_the_join_page(client, join_page):
    registration(registration_mode="recruitment")

    response = client.post(reverse("account_signup"), SIGNUP)

    assert "We grow through people who know each other." in response.content.decode()
    assert 'id="id_passcode_error"' in response.content.decode()


def test_a_newcomer_joins_with_a_passcode_on_the_join_page(client, join_page, mailoutbox):
    registration(registration_mode="recruitment")
    rosa = established_member("rosa_b")
    code = recruiting.passcode_for(rosa, recruiting.network_settings()).shown_passcode

    response = client.post("/join/", {**SIGNUP, "passcode": code, "project": "A tenants' union"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1  # allauth's confirmation
    recruitment = Recruitment.objects.get(member__username="dana_k")
    assert recruitment.recruiter == rosa
    assert recruitment.project == "A tenants' union"


def test_joining_means_agreeing_to_the_points_of_unity(client, join_page, points_of_unity):
    page = client.get("/join/").content.decode()
    refused = client.post("/join/", SIGNUP)

    assert f'href="{points_of_unity.url}"' in page
    assert 'name="agree_to_points_of_unity"' in page
    assert "Joining means agreeing to the points of unity." in refused.content.decode()
    assert not get_user_model().objects.filter(username="dana_k").exists()

    client.post("/join/", {**SIGNUP, "agree_to_points_of_unity": "on"})
    recruitment = Recruitment.objects.get(member__username="dana_k")
    assert recruitment.agreed_to_points_of_unity_at is not None
    assert recruitment.points_of_unity_revision == points_of_unity.live_revision


def test_without_points_of_unity_nothing_is_asked(client, join_page):
    assert 'name="agree_to_points_of_unity"' not in client.get("/join/").content.decode()


def test_closed_the_join_page_says_invitation_only_unless_the_visitor_holds_one(
    client, join_page, staff_member
):
    registration(registration_mode="closed")
    invitation = make_invitation(staff_member)

    closed = client.get("/join/").content.decode()
    invited = client.get(f"/join/?code={invitation.code}").content.decode()

    assert "We are not growing just now." in closed
    assert 'name="password1"' not in closed
    assert ">Join<" not in closed
    assert 'name="password1"' in invited
    assert client.post("/join/", {**SIGNUP, "passcode": invitation.code}).status_code == 302


def test_a_member_reading_the_join_page_is_pointed_to_recruiting(client, join_page, member):
    client.force_login(member)

    html = client.get("/join/").content.decode()

    assert 'name="password1"' not in html
    assert reverse("recruiting:page") in html


def test_the_join_page_is_one_per_site_under_the_home_page():
    from blog.models import HomePage, JoinPage, StandardPage

    assert JoinPage.max_count == 1
    assert JoinPage.parent_page_types == ["blog.HomePage"]
    assert JoinPage in HomePage.allowed_subpage_models()
    assert JoinPage not in StandardPage.allowed_subpage_models()


def test_editors_preview_the_join_page(client, join_page):
    from django.contrib.auth.models import Group

    editor = UserFactory(username="ella")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[join_page.pk]))

    assert response.status_code == 200
    assert "We grow through people who know each other." in response.content.decode()
