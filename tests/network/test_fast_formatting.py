"""The shortcuts that keep long pages fast say what the slow, standard way says."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from forums import actions, reading
from forums.models import Forum
from network.members import Members
from network.models import Profile
from network.templatetags.network_tags import ago, avatar, iso, member_name
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


@pytest.fixture
def fifth_of_december(monkeypatch):
    """It is noon on Friday, December 5, 2026 in New York (the site's time zone)."""
    noon = datetime(2026, 12, 5, 12, tzinfo=ZoneInfo("America/New_York"))
    monkeypatch.setattr(timezone, "now", lambda: noon)
    return noon


def test_dates_say_the_month_and_day_and_the_year_when_it_is_not_this_one(fifth_of_december):
    assert ago(datetime(2026, 11, 12, 15, tzinfo=UTC)) == "Nov. 12"
    assert ago(datetime(2025, 11, 12, 15, tzinfo=UTC)) == "Nov. 12, 2025"
    assert ago(datetime(2025, 9, 3, 15, tzinfo=UTC)) == "Sept. 3, 2025"
    assert ago(datetime(2026, 5, 30, 15, tzinfo=UTC)) == "May 30"


def test_the_day_is_the_readers_own(fifth_of_december):
    """Late evening in New York is already the next day in Madrid."""
    evening_in_new_york = datetime(2026, 11, 13, 2, tzinfo=UTC)

    assert ago(evening_in_new_york) == "Nov. 12"
    with timezone.override(ZoneInfo("Europe/Madrid")):
        assert ago(evening_in_new_york) == "Nov. 13"
        assert iso(evening_in_new_york) == "2026-11-13T03:00:00+01:00"


def test_a_spanish_reader_reads_dates_in_spanish(fifth_of_december):
    with translation.override("es"):
        assert ago(datetime(2026, 11, 12, 15, tzinfo=UTC)) == "12 de noviembre"
        assert ago(datetime(2025, 11, 12, 15, tzinfo=UTC)) == "12 de noviembre de 2025"
    assert ago(datetime(2026, 11, 12, 15, tzinfo=UTC)) == "Nov. 12"


@pytest.mark.parametrize(
    ("elapsed", "said"),
    [
        (timedelta(minutes=1), "hace un minuto"),
        (timedelta(minutes=12), "hace 12 minutos"),
        (timedelta(hours=1), "hace una hora"),
        (timedelta(hours=5), "hace 5 horas"),
        (timedelta(days=1), "ayer"),
        (timedelta(days=3), "hace 3 días"),
    ],
)
def test_how_long_ago_is_said_in_the_readers_language(fifth_of_december, elapsed, said):
    """The words are Django's own (humanize and timesince), which already speak Spanish."""
    with translation.override("es"):
        assert ago(fifth_of_december - elapsed) == said


def test_counts_take_the_plural_form_their_language_gives_them(fifth_of_december):
    """Polish says 22 "minuty" but 25 "minut": the count goes to the translation."""
    with translation.override("pl"):
        assert ago(fifth_of_december - timedelta(minutes=22)) == "22\xa0minuty temu"
        assert ago(fifth_of_december - timedelta(minutes=25)) == "25\xa0minut temu"


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
    assert listed.name_html == from_models  # rendered once for a page that names them often
    assert ("/members/ada/" in from_models) == (
        visibility == "public"
        or (who_reads != "visitor" and visibility == "members")
        or who_reads in ("staff", "themselves")
    )


def test_a_listed_members_avatar_is_the_avatar_tags():
    member = UserFactory(username="ada", profile__display_name="Ada Lovelace")
    values = get_user_model().objects.filter(pk=member.pk).values(*Profile.listed_fields("")).get()
    listed = Members(AnonymousUser()).take(values, "")

    assert listed.avatar_html == avatar(member.profile)
    assert "avatar--initials" in listed.avatar_html


def test_the_words_every_row_says_are_in_each_readers_language():
    """A list's words are translated once per language (network.jinja2.translated_words),
    not once for whoever came first."""
    forum = Forum.objects.get(slug="housing")
    thread = actions.start_thread(forum, UserFactory(), "Closed", "Closed now.")
    thread.locked = True
    thread.save()
    rows = engines["jinja2"].get_template("forums/thread_rows.jinja")

    def row(language):
        with translation.override(language):
            page = reading.forum_threads(forum, AnonymousUser(), before=None, after=None, tag=None)
            return rows.render({"threads": page.shown, "viewer": AnonymousUser()})

    assert ">Locked<" in row("en")
    assert ">Cerrado<" in row("es")
    assert ">Locked<" in row("en")
