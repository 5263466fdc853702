"""The forum index: every category and forum, with counts and the latest post; a
member's own region stands out; members-only forums keep their business to members."""

import re

import pytest
from django.urls import reverse

from forums.models import Forum
from network.models import Region
from tests.factories import registration

pytestmark = pytest.mark.django_db


def forum_row(response, forum) -> str:
    """The index's row for ``forum``."""
    rows = re.findall(r'<li class="forum-row[^"]*">.*?</li>', response.text, re.DOTALL)
    return next(row for row in rows if f">{forum.name}</a>" in row)


def test_index_lists_every_category_and_forum(client, member):
    visitor = client.get(reverse("forums:index")).text
    client.force_login(member)
    response = client.get(reverse("forums:index"))

    assert response.status_code == 200
    for heading in ("Regions", "Topics", "Network"):
        assert f">{heading}</h2>" in response.text
    for forum in Forum.objects.all():
        assert f'href="{forum.get_absolute_url()}">{forum.name}</a>' in response.text
        # A members-only forum's address asks a visitor to sign in, saying why.
        assert f'href="{forum.get_absolute_url()}">{forum.name}</a>' in visitor


def test_each_forum_shows_its_thread_and_post_counts_and_latest_post(
    client, housing, start_thread, reply
):
    start_thread(housing, title="Older thread")
    thread = start_thread(housing, title="Rent strike on Ponce")
    latest = reply(thread, "See you there.")

    row = forum_row(client.get(reverse("forums:index")), housing)

    assert "<dt>Threads</dt><dd>2</dd>" in row
    assert "<dt>Posts</dt><dd>3</dd>" in row
    assert f'<a href="/forums/p/{latest.pk}/">Rent strike on Ponce</a>' in row
    assert latest.author.profile.display_name in row


def test_the_latest_post_of_a_member_who_left_names_a_former_member(
    client, housing, start_thread, reply
):
    thread = start_thread(housing, title="Ponce & Highland: a <long> story " + "x" * 60)
    latest = reply(thread, "Goodbye.")
    latest.author.delete()

    row = forum_row(client.get(reverse("forums:index")), housing)

    assert "a former member, <time" in row
    assert "Ponce &amp; Highland: a &lt;long&gt; story" in row
    assert "x" * 50 not in row  # cut at 60 characters


def test_a_forum_without_posts_says_so(client, housing):
    assert "No posts yet" in forum_row(client.get(reverse("forums:index")), housing)


def test_a_members_home_region_comes_first_and_the_other_regions_are_compact(
    client, member, georgia
):
    member.profile.region = Region.objects.get(slug="georgia")
    member.profile.save()
    client.force_login(member)

    response = client.get(reverse("forums:index"))
    html = response.text

    assert 'class="forum-row forum-row--home"' in forum_row(response, georgia)
    assert html.count("forum-row--home") == 1
    assert html.index(">Your region</h2>") < html.index(">Regions</h2>")
    assert html.index(f">{georgia.name}</a>") < html.index(">Regions</h2>")
    compact = re.search(r'<ul class="forum-compact"[^>]*>(.*?)</ul>', html, re.DOTALL)[1]
    others = Forum.objects.filter(region__isnull=False).exclude(pk=georgia.pk)
    assert others.exists()
    for forum in others:
        assert f'<a href="{forum.get_absolute_url()}">{forum.name}</a>' in compact
        assert f">{forum.name}</a>" not in "".join(
            re.findall(r'<li class="forum-row[^"]*">.*?</li>', html, re.DOTALL)
        )
    assert ">Other regions</h3>" in html
    assert "0 threads" in compact


def test_a_member_without_a_region_gets_every_region_compact(client, member, georgia):
    client.force_login(member)

    html = client.get(reverse("forums:index")).text

    assert "forum-row--home" not in html
    assert ">Your region</h2>" not in html
    compact = re.search(r'<ul class="forum-compact"[^>]*>(.*?)</ul>', html, re.DOTALL)[1]
    assert f">{georgia.name}</a>" in compact


def test_visitors_see_no_region_highlighted(client, georgia):
    assert "forum-row--home" not in client.get(reverse("forums:index")).text


def members_only_line(html: str) -> str:
    return re.search(r'<p class="forum-members-only">(.*?)</p>', html, re.DOTALL)[1]


def test_visitors_read_the_open_forums_first_and_the_members_only_ones_on_one_line(
    client, georgia, housing
):
    html = client.get(reverse("forums:index")).text

    line = members_only_line(html)
    assert f'<a href="/forums/{georgia.slug}/">{georgia.name}</a>' in line
    assert 'href="/accounts/signup/">Join the network</a>' in line
    assert 'href="/accounts/login/?next=/forums/">sign in</a> to read them.' in line
    assert f">{housing.name}</a>" not in line
    assert html.index(f">{housing.name}</a>") < html.index('class="forum-members-only"')
    for forum in Forum.objects.filter(visibility=Forum.Visibility.MEMBERS):
        assert f">{forum.name}</a>" in line


def test_when_nobody_may_join_the_line_says_only_to_sign_in(client, georgia):
    registration(registration_mode="closed")

    line = members_only_line(client.get(reverse("forums:index")).text)

    assert "Join the network" not in line
    assert 'href="/accounts/login/?next=/forums/">Sign in</a> to read them.' in line


def test_visitors_see_members_only_forums_without_their_counts_or_latest_post(
    client, member, georgia, start_thread
):
    thread = start_thread(georgia, title="Secret meeting place", source="Behind the library.")
    author = thread.author.profile.display_name

    visitor = client.get(reverse("forums:index")).text
    member.profile.region = Region.objects.get(slug="georgia")
    member.profile.save()
    client.force_login(member)
    member_row = forum_row(client.get(reverse("forums:index")), georgia)

    assert f'href="/forums/{georgia.slug}/"' in members_only_line(visitor)
    assert f'href="/forums/{georgia.slug}/"' in member_row
    for private in ("Secret meeting place", author, "Behind the library"):
        assert private not in visitor
        assert private in member_row or private == "Behind the library"


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_the_index_costs_the_same_however_busy_the_forums_are(
    client, member, fill_forum, count_queries, viewer
):
    if viewer == "member":
        member.profile.region = Region.objects.get(slug="texas")
        member.profile.save()
        client.force_login(member)
    client.get(reverse("forums:index"))
    quiet = count_queries(lambda: client.get(reverse("forums:index")))

    for forum in Forum.objects.all():
        fill_forum(forum, 2)
    busy = count_queries(lambda: client.get(reverse("forums:index")))

    # The forums with their categories, and the article discussions' last post that
    # this reader may read (forums.access), asked only once that forum holds a post.
    assert busy == quiet + 1
    assert busy <= (5 if viewer == "member" else 2), busy
    for forum in Forum.objects.all():
        fill_forum(forum, 3)
    assert count_queries(lambda: client.get(reverse("forums:index"))) == busy


def test_the_index_describes_itself_to_search_engines_and_link_previews(client):
    page = client.get(reverse("forums:index")).text

    assert '<meta name="description" content="Threaded discussion for every state' in page
