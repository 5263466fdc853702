"""When the network publishes a new version of its points of unity or code of conduct
and asks members to accept it again: each member is asked once, at their next visit,
may go on reading, and cannot post until they accept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from forums import actions
from forums.models import Forum
from network import agreements
from network.models import Acceptance, Agreement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa(db):
    return UserFactory(username="rosa", date_joined=timezone.now() - timedelta(days=30))


def new_version(agreement=Agreement.POINTS_OF_UNITY):
    return agreements.publish_new_version(agreement, Page.objects.get(depth=2))


def test_with_no_version_asked_nobody_is_sent_anywhere_and_no_query_is_made(
    client, rosa, django_assert_num_queries
):
    client.force_login(rosa)
    agreements.current_versions()  # read once per process (and kept in the cache)

    with django_assert_num_queries(0):
        assert agreements.pending(rosa) == []
    assert client.get("/").status_code == 200


def test_a_member_is_asked_once_at_their_next_visit_and_may_go_on_reading(client, rosa):
    client.force_login(rosa)
    client.get("/")
    new_version()

    first = client.get("/forums/housing/")
    again = client.get("/forums/housing/")

    assert first.status_code == 302
    assert first["Location"] == f"{reverse('account_agreements')}?next=%2Fforums%2Fhousing%2F"
    assert again.status_code == 200


def test_the_page_names_the_new_version_and_its_text(client, rosa):
    new_version(Agreement.CODE_OF_CONDUCT)
    client.force_login(rosa)

    page = client.get(reverse("account_agreements")).text

    assert "Code of conduct" in page
    assert "I have read the updated code of conduct and accept it." in page


def test_a_member_cannot_post_until_they_accept(client, rosa):
    new_version()
    housing = Forum.objects.get(slug="housing")

    with pytest.raises(actions.PostingRefused, match="Points of unity"):
        actions.start_thread(housing, rosa, "Hello", "Words.")

    agreements.accept(rosa, agreements.pending(rosa))
    assert actions.start_thread(housing, rosa, "Hello", "Words.").pk


def test_the_new_thread_form_says_why_beside_the_text_and_keeps_it(client, rosa):
    new_version()
    client.force_login(rosa)
    client.get("/forums/")  # asked once already

    response = client.post(
        reverse("forums:new_thread", args=["housing"]),
        {"title": "Rent strike", "source": "My words, kept."},
    )

    assert response.status_code == 200
    assert "Before you post again, read and accept" in response.text
    assert "My words, kept." in response.text


def test_accepting_needs_the_box_ticked_then_goes_back_where_the_member_was(client, rosa):
    version = new_version()
    client.force_login(rosa)
    url = reverse("account_agreements")

    unticked = client.post(url, {"next": "/forums/"})
    ticked = client.post(url, {"points_of_unity": "on", "next": "/forums/"})

    assert "Tick the box to accept it, or come back later." in unticked.text
    assert ticked["Location"] == "/forums/"
    assert Acceptance.objects.filter(user=rosa, number=version.number).exists()
    assert agreements.pending(rosa) == []
    assert "version 1" in client.get(url).text


def test_accepting_never_sends_a_member_off_the_site(client, rosa):
    new_version()
    client.force_login(rosa)

    response = client.post(
        reverse("account_agreements"),
        {"points_of_unity": "on", "next": "https://evil.example/"},
    )

    assert response["Location"] == "/"


def test_a_member_who_joins_after_a_version_accepts_that_one(rosa):
    new_version()
    newcomer = UserFactory()

    agreements.accept(newcomer, [Agreement.POINTS_OF_UNITY])

    assert agreements.pending(newcomer) == []
    assert agreements.pending(rosa) == [Agreement.POINTS_OF_UNITY]


def test_each_new_version_asks_again(rosa):
    new_version()
    agreements.accept(rosa, [Agreement.POINTS_OF_UNITY])
    second = new_version()

    assert second.number == 2
    assert agreements.pending(rosa) == [Agreement.POINTS_OF_UNITY]


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("account_agreements"))
    assert response["Location"].startswith(reverse("account_login"))
