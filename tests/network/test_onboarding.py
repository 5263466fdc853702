"""A new member's welcome: after confirming their email they land on five first steps,
each done or skipped in any order, and the home page shows what is left until none is."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.messages import get_messages
from django.db import connection, reset_queries
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from blog.models import HomePage, StandardPage
from forums import actions as forum_actions
from forums.models import Forum
from network.adapters import AccountAdapter
from network.models import NetworkSettings, Onboarding, Profile, Region, Tendency
from network.onboarding import actions
from network.onboarding.models import Outcome
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WELCOME = reverse("welcome")


@pytest.fixture
def newcomer(db):
    """Signed up a moment ago: the welcome's steps are ahead of them."""
    user = UserFactory(username="nell_n", profile__display_name="Nell Newcomer")
    actions.start(user)
    return user


@pytest.fixture
def signed_in(client, newcomer):
    client.force_login(newcomer)
    return client


def onboarding_of(user) -> Onboarding:
    return Onboarding.objects.get(user=user)


# --- Arriving ------------------------------------------------------------------------


def test_a_new_member_lands_on_the_welcome_when_they_confirm_their_email(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "nell@example.org",
            "username": "nell_n",
            "display_name": "Nell Newcomer",
            "password1": "a long passphrase for nell",
            "password2": "a long passphrase for nell",
        },
    )
    user = Profile.objects.get(user__username="nell_n").user
    assert onboarding_of(user).remaining == list(Onboarding.STEPS)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mailoutbox[0].body)

    response = client.post(link.group(1))

    assert response["Location"] == WELCOME
    page = client.get(WELCOME)
    assert page.status_code == 200
    assert "Welcome, Nell Newcomer" in page.text


def test_confirming_signed_in_leads_to_the_welcome_while_steps_wait(newcomer):
    """Confirming from a browser already signed in (not the one that signed up)."""
    request = RequestFactory().get("/")
    request.user = newcomer
    address = EmailAddress.objects.get(user=newcomer)

    with allauth_context.request_context(request):
        assert AccountAdapter().get_email_verification_redirect_url(address) == WELCOME
        for step in Onboarding.STEPS:
            actions.record_step(newcomer, step, Outcome.SKIPPED)
        assert AccountAdapter().get_email_verification_redirect_url(address) == "/"


def test_the_welcome_shows_every_step_with_a_way_to_skip_it(signed_in):
    page = signed_in.get(WELCOME).text

    for title in Onboarding.TITLES.values():
        assert str(title) in page
    assert page.count("Skip this step") == 5
    assert page.count(">To do<") == 5
    assert reverse("mfa_index") in page
    assert reverse("forums:new_thread", args=["introductions"]) in page
    assert "Your email address is never shown to anyone" in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (client.get(WELCOME), client.post(WELCOME, {"step": "conduct"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_member_from_before_the_welcome_may_open_it(client):
    member = UserFactory()
    assert not Onboarding.objects.filter(user=member).exists()
    client.force_login(member)

    assert client.get(WELCOME).status_code == 200
    assert onboarding_of(member).remaining == list(Onboarding.STEPS)


def test_the_welcome_costs_a_handful_of_queries(signed_in, django_assert_max_num_queries):
    signed_in.get(WELCOME)
    # The session, the member, their progress, their authenticators, the site and its
    # settings, the regions and the tendencies.
    reset_queries()  # Django empties the log as each request starts: count from empty
    with django_assert_max_num_queries(8):
        signed_in.get(WELCOME)


# --- Each step -----------------------------------------------------------------------


def test_newcomer_sets_where_they_organize_and_their_tendency(signed_in, newcomer):
    georgia = Region.objects.get(name="Georgia")
    tendency = Tendency.objects.first()

    response = signed_in.post(
        WELCOME, {"step": "place", "place-region": georgia.pk, "place-tendency": tendency.pk}
    )

    assert response["Location"] == f"{WELCOME}#step-visibility"
    profile = Profile.objects.get(user=newcomer)
    assert (profile.region, profile.tendency) == (georgia, tendency)
    assert onboarding_of(newcomer).place == Outcome.DONE


def test_the_choices_start_from_the_profile(signed_in, newcomer):
    georgia = Region.objects.get(name="Georgia")
    Profile.objects.filter(user=newcomer).update(region=georgia)

    form = signed_in.get(WELCOME).context["forms"]["place"]

    assert form["region"].value() == georgia.pk


def test_a_bad_choice_is_refused_beside_the_field_and_the_rest_kept(signed_in, newcomer):
    tendency = Tendency.objects.first()

    response = signed_in.post(
        WELCOME, {"step": "place", "place-region": "99999", "place-tendency": tendency.pk}
    )

    assert response.status_code == 200
    form = response.context["forms"]["place"]
    assert "region" in form.errors
    assert form["tendency"].value() == str(tendency.pk)
    assert "Select a valid choice" in response.text
    assert onboarding_of(newcomer).place == ""


def test_newcomer_chooses_who_sees_their_profile(signed_in, newcomer):
    response = signed_in.post(
        WELCOME, {"step": "visibility", "visibility-visibility": Profile.Visibility.PUBLIC}
    )

    assert response.status_code == 302
    assert Profile.objects.get(user=newcomer).visibility == Profile.Visibility.PUBLIC
    assert onboarding_of(newcomer).visibility == Outcome.DONE


def test_a_visibility_must_be_chosen(signed_in, newcomer):
    response = signed_in.post(WELCOME, {"step": "visibility"})

    assert "visibility" in response.context["forms"]["visibility"].errors
    assert onboarding_of(newcomer).visibility == ""


def test_newcomer_reads_the_code_of_conduct(signed_in, newcomer):
    home = HomePage.objects.get()
    code = home.add_child(instance=StandardPage(title="Code of conduct", slug="code-of-conduct"))
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    network.code_of_conduct_page = code
    network.save()

    assert code.url in signed_in.get(WELCOME).text
    signed_in.post(WELCOME, {"step": "conduct"})

    assert onboarding_of(newcomer).conduct == Outcome.DONE


@pytest.mark.parametrize(
    ("kind", "counts"),
    [
        (Authenticator.Type.TOTP, True),
        (Authenticator.Type.WEBAUTHN, True),
        (Authenticator.Type.RECOVERY_CODES, False),
    ],
)
def test_adding_an_app_or_a_passkey_counts_as_the_step(newcomer, kind, counts):
    """What allauth says once an authenticator is added (after its transaction: the
    browser test goes through the real pages)."""
    added = Authenticator.objects.create(user=newcomer, type=kind, data={})

    authenticator_added.send(sender=Authenticator, request=None, user=newcomer, authenticator=added)

    assert (onboarding_of(newcomer).two_factor == Outcome.DONE) is counts


def test_the_welcome_says_when_two_factor_sign_in_is_on(signed_in, newcomer):
    Authenticator.objects.create(user=newcomer, type=Authenticator.Type.TOTP, data={})

    assert "It is on" in signed_in.get(WELCOME).text


def test_saying_hello_in_introductions_counts_as_the_step(newcomer):
    forum_actions.start_thread(
        Forum.objects.get(slug="introductions"), newcomer, "Hello from Macon", "I organize."
    )

    assert onboarding_of(newcomer).introduction == Outcome.DONE


def test_a_thread_elsewhere_is_not_a_hello(newcomer):
    forum_actions.start_thread(Forum.objects.get(slug="housing"), newcomer, "Rent", "High.")

    assert onboarding_of(newcomer).introduction == ""


def test_members_without_a_welcome_post_introductions_as_before():
    member = UserFactory()
    forum_actions.start_thread(Forum.objects.get(slug="introductions"), member, "Hi", "Hello.")

    assert not Onboarding.objects.filter(user=member).exists()


@pytest.mark.parametrize("step", Onboarding.STEPS)
def test_each_step_can_be_skipped(signed_in, newcomer, step):
    response = signed_in.post(WELCOME, {"step": step, "skip": "1"})

    assert response.status_code == 302
    assert onboarding_of(newcomer).outcome(step) == Outcome.SKIPPED
    assert step not in onboarding_of(newcomer).remaining


def test_a_step_done_stays_done_when_skipped_from_another_tab(signed_in, newcomer):
    signed_in.post(WELCOME, {"step": "conduct"})
    signed_in.post(WELCOME, {"step": "conduct", "skip": "1"})

    assert onboarding_of(newcomer).conduct == Outcome.DONE


@pytest.mark.parametrize(
    "data",
    [{}, {"step": "nothing"}, {"step": "two_factor"}, {"step": "introduction"}],
    ids=["no step", "no such step", "two-factor is done elsewhere", "hello is done elsewhere"],
)
def test_what_the_welcome_cannot_do_is_refused(signed_in, newcomer, data):
    assert signed_in.post(WELCOME, data).status_code == 400
    assert onboarding_of(newcomer).remaining == list(Onboarding.STEPS)


def test_one_member_cannot_move_another_through_the_welcome(signed_in, newcomer):
    other = UserFactory()
    actions.start(other)

    signed_in.post(WELCOME, {"step": "conduct"})

    assert onboarding_of(other).conduct == ""


def test_the_last_step_finishes_the_welcome(signed_in, newcomer):
    for step in Onboarding.STEPS[:-1]:
        signed_in.post(WELCOME, {"step": step, "skip": "1"})
    assert not onboarding_of(newcomer).is_finished

    response = signed_in.post(WELCOME, {"step": "introduction", "skip": "1"})

    assert response["Location"] == "/"
    assert "You are all set" in str(next(iter(get_messages(response.wsgi_request))))
    assert onboarding_of(newcomer).is_finished


# --- The home page -------------------------------------------------------------------


def test_the_home_page_shows_what_is_left(signed_in):
    signed_in.post(WELCOME, {"step": "conduct"})
    signed_in.post(WELCOME, {"step": "two_factor", "skip": "1"})

    page = signed_in.get("/").text

    assert "Your first steps" in page
    assert "3 steps are left" in page
    assert "Where you organize, and your tendency" in page
    assert "Say hello" in page
    assert "Our code of conduct" not in page
    assert "Two-factor sign-in</li>" not in page
    assert WELCOME in page


def test_the_home_page_says_nothing_once_the_welcome_is_over(signed_in):
    for step in Onboarding.STEPS:
        signed_in.post(WELCOME, {"step": step, "skip": "1"})

    assert "Your first steps" not in signed_in.get("/").text


def test_members_from_before_and_visitors_see_no_first_steps(client):
    assert "Your first steps" not in client.get("/").text
    client.force_login(UserFactory())
    assert "Your first steps" not in client.get("/").text


def test_the_first_steps_add_no_query_to_a_members_home_page(client, newcomer):
    client.force_login(UserFactory())
    client.get("/")
    reset_queries()  # Django empties the log as each request starts: count from empty
    with CaptureQueriesContext(connection) as without:
        client.get("/")
    queries_without = len(without.captured_queries)  # before the next reset empties the log
    client.force_login(newcomer)
    client.get("/")
    reset_queries()
    with CaptureQueriesContext(connection) as with_steps:
        response = client.get("/")

    assert 0 < len(with_steps.captured_queries) <= queries_without

    assert "Your first steps" in response.text
