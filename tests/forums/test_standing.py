"""A member's standing in a forum or thread (forums.permissions.standing): every way of
moderating, the latest of several suspensions, watching, reading and marking read, each
answered for this forum or thread only, in one query; kept in the cache, and old as soon
as anything it says changes."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.utils import timezone

from forums import actions, moderation
from forums.models import ForumRead, ForumWatch, Suspension, ThreadRead, ThreadWatch
from forums.permissions import moderates, moderates_any, standing
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(housing, start_thread):
    return start_thread(housing, title="Rent strike")


def test_a_visitor_and_a_plain_member_stand_nowhere(housing, thread, member, count_queries):
    assert standing(AnonymousUser(), housing, thread).moderates is False
    assert count_queries(lambda: standing(member, housing, thread)) == 1
    assert standing(member, housing, thread) == standing(member, housing).__class__(
        moderates=False,
        suspended_until=None,
        watching=False,
        thread_read_at=None,
        forum_marked_at=None,
    )


def test_each_way_of_moderating_counts_and_only_where_it_applies(housing, georgia, thread):
    through_group, directly, own_forum, superuser, nobody = (established() for _ in range(5))
    through_group.groups.add(Group.objects.get(name="Moderators"))
    directly.user_permissions.add(Permission.objects.get(codename="moderate_all_forums"))
    georgia.moderators.add(own_forum)
    superuser.is_superuser = True
    superuser.save()
    # A group that holds other permissions, not this one, makes nobody a moderator.
    group = Group.objects.create(name="Helpers")
    group.permissions.add(Permission.objects.get(codename="add_forum"))
    nobody.groups.add(group)

    for user in (through_group, directly, superuser):
        assert standing(user, housing, thread).moderates
        assert standing(user, georgia).moderates
        assert moderates(user, housing)
        assert moderates_any(user)
    assert standing(own_forum, georgia).moderates
    assert moderates(own_forum, georgia)
    assert not standing(own_forum, housing, thread).moderates
    assert not moderates(own_forum, housing)
    assert moderates_any(own_forum)
    assert not standing(nobody, housing, thread).moderates
    assert not moderates(nobody, georgia)
    assert not moderates_any(nobody)


def test_the_latest_of_several_suspensions_and_none_that_has_ended(housing, thread, member):
    now = timezone.now()
    for days in (3, 9, -1):
        Suspension.objects.create(user=member, until=now + timedelta(days=days), reason="x")
    ForumWatch.objects.create(user=member, forum=housing)
    ThreadWatch.objects.create(user=member, thread=thread)

    found = standing(member, housing, thread)

    assert found.suspended_until == now + timedelta(days=9)
    assert found.watching
    assert standing(member, housing).watching


def test_reading_and_marking_read_are_this_threads_and_this_forums(
    housing, georgia, thread, start_thread, member
):
    elsewhere = start_thread(housing, title="Elsewhere")
    read_at = timezone.now() - timedelta(hours=2)
    ThreadRead.objects.create(user=member, thread=elsewhere, last_read_at=timezone.now())
    ThreadRead.objects.create(user=member, thread=thread, last_read_at=read_at)
    ForumRead.objects.create(user=member, forum=georgia, marked_at=timezone.now())
    ThreadWatch.objects.create(user=member, thread=elsewhere)

    found = standing(member, housing, thread)

    assert found.thread_read_at == read_at
    assert found.forum_marked_at is None
    assert not found.watching
    marked_at = timezone.now() - timedelta(hours=1)
    ForumRead.objects.create(user=member, forum=housing, marked_at=marked_at)
    assert standing(member, housing, thread).read_up_to == marked_at
    assert standing(member, housing).forum_marked_at == marked_at


# --- Kept in the cache, and old as soon as anything it says changes ------------------


def test_a_kept_standing_costs_no_query(housing, thread, member, count_queries):
    standing(member, housing, thread)

    assert count_queries(lambda: standing(member, housing, thread)) == 0


def test_every_change_shows_at_once_though_the_standing_was_kept(
    housing, thread, member, moderator
):
    def now():
        return standing(member, housing, thread)

    assert not now().watching
    actions.set_thread_watch(member, thread, True)
    assert now().watching
    actions.set_thread_watch(member, thread, False)
    assert not now().watching

    actions.mark_thread_read(member, thread)
    assert now().thread_read_at == thread.last_post_at
    actions.mark_forum_read(member, housing)
    assert now().forum_marked_at is not None

    moderation.suspend_member(member, moderator, timezone.now() + timedelta(days=2), "Spam")
    assert now().suspended_until is not None
    moderation.lift_suspension(member, moderator)
    assert now().suspended_until is None


def test_rights_given_and_taken_show_at_once(housing, thread, member):
    moderators = Group.objects.get(name="Moderators")

    assert not standing(member, housing, thread).moderates
    housing.moderators.add(member)
    assert standing(member, housing, thread).moderates
    housing.moderators.remove(member)
    assert not standing(member, housing, thread).moderates
    member.groups.add(moderators)
    assert standing(member, housing, thread).moderates
    moderators.user_set.remove(member)
    assert not standing(member, housing, thread).moderates
    member.user_permissions.add(Permission.objects.get(codename="moderate_all_forums"))
    assert standing(member, housing, thread).moderates
    Permission.objects.get(codename="moderate_all_forums").user_set.clear()
    assert not standing(member, housing, thread).moderates


def test_a_suspension_that_has_ended_is_over_without_anyone_saying_so(
    housing, thread, member, moderator, monkeypatch
):
    until = timezone.now() + timedelta(hours=1)
    moderation.suspend_member(member, moderator, until, "Cool off")
    assert standing(member, housing, thread).suspended_until == until
    later = until + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert standing(member, housing, thread).suspended_until is None
