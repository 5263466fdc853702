"""Where a member is signed in: each browser listed on the account area with its device
and when it was last seen, signed out one at a time or all at once."""

import pytest
from allauth.usersessions.models import UserSession
from django.db import reset_queries
from django.test import Client
from django.urls import reverse

from network.sessions.actions import describe_device
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def signed_in_browser(user, user_agent: str) -> Client:
    browser = Client(HTTP_USER_AGENT=user_agent)
    response = browser.post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


def is_signed_in(browser: Client) -> bool:
    return browser.get(reverse("account_sessions")).status_code == 200


def test_member_sees_each_browser_they_are_signed_in_from():
    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    signed_in_browser(member, CHROME_WINDOWS)

    page = phone.get(reverse("account_sessions"))

    assert page.status_code == 200
    text = page.text
    assert "Firefox on Android" in text
    assert "Chrome on Windows" in text
    assert text.count("This browser") == 1
    assert text.count("Sign out of this session") == 2
    assert "Sign out everywhere" in text
    assert [s.current for s in page.context["sessions"]].count(True) == 1


def test_member_signs_another_browser_out():
    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    laptop = signed_in_browser(member, CHROME_WINDOWS)
    laptop_session = UserSession.objects.get(user=member, user_agent=CHROME_WINDOWS)

    response = phone.post(reverse("account_end_session", args=[laptop_session.pk]))

    assert response["Location"] == reverse("account_sessions")
    assert not is_signed_in(laptop)
    assert is_signed_in(phone)
    assert "Chrome on Windows" not in phone.get(reverse("account_sessions")).text


def test_member_signs_this_browser_out_from_the_list():
    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    laptop = signed_in_browser(member, CHROME_WINDOWS)
    this_one = UserSession.objects.get(user=member, user_agent=FIREFOX_ANDROID)

    response = phone.post(reverse("account_end_session", args=[this_one.pk]))

    assert response["Location"] == reverse("account_login")
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)


def test_member_signs_out_everywhere():
    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    laptop = signed_in_browser(member, CHROME_WINDOWS)
    tablet = signed_in_browser(member, SAFARI_IPHONE)

    response = phone.post(reverse("account_end_every_session"))

    assert response["Location"] == reverse("account_login")
    assert not any(is_signed_in(browser) for browser in (phone, laptop, tablet))
    assert not UserSession.objects.filter(user=member).exists()


def test_another_members_session_cannot_be_ended():
    member, other = UserFactory(), UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    theirs = signed_in_browser(other, CHROME_WINDOWS)
    their_session = UserSession.objects.get(user=other)

    response = phone.post(reverse("account_end_session", args=[their_session.pk]))

    assert response.status_code == 404
    assert is_signed_in(theirs)


def test_sign_out_of_all_sessions_leaves_other_members_alone():
    member, other = UserFactory(), UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    theirs = signed_in_browser(other, CHROME_WINDOWS)

    phone.post(reverse("account_end_every_session"))

    assert is_signed_in(theirs)


@pytest.mark.parametrize(
    "url",
    [
        reverse("account_sessions"),
        reverse("account_end_session", args=[1]),
        reverse("account_end_every_session"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.post(url) if "end" in url else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["account_end_every_session", "account_end_session"])
def test_signing_out_takes_a_post(name):
    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    args = [UserSession.objects.get(user=member).pk] if name == "account_end_session" else []

    assert phone.get(reverse(name, args=args)).status_code == 405
    assert is_signed_in(phone)


def test_an_ended_session_is_no_longer_listed():
    """A session that ended elsewhere (expired, or signed out) is not listed, though
    allauth keeps its record until the member next signs in."""
    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    laptop = signed_in_browser(member, CHROME_WINDOWS)
    laptop.post(reverse("account_logout"))

    page = phone.get(reverse("account_sessions"))

    assert "Chrome on Windows" not in page.text


def test_the_list_costs_the_same_for_many_sessions(django_assert_max_num_queries):
    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    for _ in range(6):
        signed_in_browser(member, CHROME_WINDOWS)

    # The session, the member with their profile, the list: nothing per session.
    reset_queries()  # Django empties the log as each request starts: count from empty
    with django_assert_max_num_queries(3):
        page = phone.get(reverse("account_sessions"))

    assert len(page.context["sessions"]) == 7


# --- Last seen ---------------------------------------------------------------------


def test_last_seen_moves_on_at_most_every_ten_minutes(clock):
    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    signed_in_at = UserSession.objects.get(user=member).last_seen_at

    clock.forward(5 * 60)
    phone.get(reverse("forums:index"))
    assert UserSession.objects.get(user=member).last_seen_at == signed_in_at

    clock.forward(6 * 60)
    phone.get(reverse("forums:index"))
    assert UserSession.objects.get(user=member).last_seen_at > signed_in_at
    assert UserSession.objects.filter(user=member).count() == 1


def test_a_session_begun_otherwise_is_recorded_when_next_seen(clock):
    """Sessions made outside allauth's sign-in (the admin's "log in as", tests) are
    recorded ten minutes in."""
    member = UserFactory()
    browser = Client(HTTP_USER_AGENT=SAFARI_IPHONE)
    browser.force_login(member)
    browser.get("/")
    assert not UserSession.objects.filter(user=member).exists()

    clock.forward(11 * 60)
    browser.get("/")

    assert UserSession.objects.get(user=member).user_agent == SAFARI_IPHONE


# --- Devices -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (CHROME_WINDOWS, "Chrome on Windows"),
        (SAFARI_IPHONE, "Safari on iOS"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on macOS",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Linux",
        ),
        ("curl/8.5.0", "An unknown browser"),
        ("", "An unknown browser"),
    ],
)
def test_a_session_names_the_browser_and_system_it_runs_on(user_agent, device):
    assert describe_device(user_agent) == device


def test_a_request_whose_address_is_unknown_is_still_served(clock, settings):
    """Behind a proxy that names the visitor in a header, a request without it cannot be
    recorded (allauth refuses to guess the address): the page is served all the same."""
    member = UserFactory()
    browser = Client()
    browser.force_login(member)
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    clock.forward(11 * 60)

    assert browser.get(reverse("forums:index")).status_code == 200
    assert not UserSession.objects.filter(user=member).exists()

    browser.get(reverse("forums:index"), HTTP_X_REAL_IP="192.0.2.7")
    assert UserSession.objects.get(user=member).ip == "192.0.2.7"


# --- Visits ------------------------------------------------------------------------


def test_a_visit_ends_after_an_hour_away():
    from datetime import timedelta

    from django.utils import timezone

    from network.members import note_visit
    from network.models import Profile

    member = UserFactory()
    start = timezone.now() - timedelta(days=1)

    def visits():
        profile = Profile.objects.get(user=member)
        return profile.previous_visit_at, profile.last_seen_at

    note_visit(member.pk, start)
    assert visits() == (None, start)
    note_visit(member.pk, start + timedelta(minutes=50))
    assert visits() == (None, start + timedelta(minutes=50))
    back = start + timedelta(hours=5)
    note_visit(member.pk, back)
    assert visits() == (start + timedelta(minutes=50), back)
    note_visit(member.pk, back + timedelta(minutes=10))
    assert visits() == (start + timedelta(minutes=50), back + timedelta(minutes=10))


def test_signing_in_and_coming_back_are_visits(clock):
    from datetime import timedelta

    from django.utils import timezone

    from network.models import Profile

    member = UserFactory()
    phone = signed_in_browser(member, FIREFOX_ANDROID)
    seen = Profile.objects.get(user=member).last_seen_at
    assert seen is not None

    long_ago = timezone.now() - timedelta(hours=3)
    Profile.objects.filter(user=member).update(last_seen_at=long_ago)
    clock.forward(11 * 60)
    phone.get(reverse("forums:index"))

    profile = Profile.objects.get(user=member)
    assert profile.previous_visit_at == long_ago
    assert profile.last_seen_at > long_ago
