"""The shortcuts that keep long pages fast say what the slow, standard way says."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from forums import actions
from forums.models import Forum
from network.members import Members
from network.models import Profile
from network.templatetags.network_tags import ago, iso, member_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_listed_addresses_are_the_url_patterns_own():
    member = UserFactory(username="rosa_b")
    forum = Forum.objects.get(slug="housing")
    thread = actions.start_thread(forum, member, "Rent strike", "Who is in?")
    post = thread.posts.get()

    assert member.profile.get_absolute_url() == reverse("members:profile", args=["rosa_b"])
    assert forum.get_absolute_url() == reverse("forums:forum", args=["housing"])
    assert thread.get_absolute_url() == reverse(
        "forums:thread", args=["housing", thread.pk, thread.slug]
    )
    assert post.get_absolute_url() == reverse("forums:post", args=[post.pk])


@pytest.mark.parametrize(
    ("elapsed", "said"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(seconds=70), "a minute ago"),
        (timedelta(minutes=12), "12 minutes ago"),
        (timedelta(minutes=70), "an hour ago"),
        (timedelta(hours=5), "5 hours ago"),
    ],
)
def test_recent_moments_are_said_in_words(elapsed, said):
    assert ago(timezone.now() - elapsed) == said


def test_older_moments_are_days_then_dates(settings):
    now = timezone.localtime()
    three_days = now - timedelta(days=3)
    long_ago = now.replace(year=now.year - 2)

    assert ago(three_days) == "3 days ago"
    assert ago(long_ago).endswith(f", {now.year - 2}")
    assert ago(None) == ""
    assert iso(now) == now.isoformat(timespec="seconds")


def test_moments_for_time_elements_are_valid_html_to_the_second():
    """HTML allows at most three decimals of a second in ``<time datetime>``."""
    moment = timezone.now().replace(microsecond=123456)

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", iso(moment))


def test_ago_agrees_with_humanize_on_the_easy_cases():
    moment = timezone.now() - timedelta(minutes=30)
    assert naturaltime(moment).replace("\xa0", " ") == ago(moment) == "30 minutes ago"


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["public", "members", "hidden"])
@pytest.mark.parametrize("who_reads", ["visitor", "member", "staff", "themselves"])
def test_a_listed_member_is_named_as_the_member_is(visibility, who_reads):
    """Listings name members from a query's fields (network.members); what a reader sees
    of the name and its link is the same as from the User and the Profile."""
    member = UserFactory(username="ada", profile__display_name="Ada <Lovelace>")
    member.profile.visibility = visibility
    member.profile.save()
    readers = {
        "visitor": AnonymousUser(),
        "member": UserFactory(),
        "staff": UserFactory(is_staff=True),
        "themselves": member,
    }
    values = get_user_model().objects.filter(pk=member.pk).values(*Profile.listed_fields("")).get()
    listed = Members(readers[who_reads]).take(values, "")

    from_models = member_name(member, readers[who_reads])
    from_columns = (
        engines["jinja2"]
        .env.from_string(
            '{% from "includes/members.jinja" import member_name %}{{ member_name(listed) }}'
        )
        .render(listed=listed)
    )

    assert from_columns == from_models
    assert ("/members/ada/" in from_models) == (
        visibility == "public"
        or (who_reads != "visitor" and visibility == "members")
        or who_reads in ("staff", "themselves")
    )
