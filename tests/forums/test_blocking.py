"""Blocking a member, as the blocker sees it: their posts folded on thread pages, the
block and unblock buttons on profiles, and the account page listing whom they block."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import blocking
from network.models import MemberBlock
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_blocked_members_posts_fold_for_the_blocker_only(
    client, housing, member, other_member, start_thread, reply
):
    thread = start_thread(housing, author=member)
    reply(thread, "Words from the blocked member.", author=other_member)
    blocking.block(member, other_member)

    client.force_login(member)
    folded = client.get(thread.get_absolute_url()).text
    client.force_login(UserFactory())
    plain = client.get(thread.get_absolute_url()).text

    assert '<details class="post__folded"><summary>Post by a member you blocked' in folded
    assert "Words from the blocked member." in folded  # one click away, without JavaScript
    assert "post__folded" not in plain


def test_thread_page_costs_no_more_queries_with_blocks(
    client, housing, member, other_member, start_thread, reply, django_assert_num_queries
):
    thread = start_thread(housing, author=member)
    reply(thread, "A reply.", author=other_member)
    client.force_login(member)
    client.get(thread.get_absolute_url())  # read: their standing changes
    client.get(thread.get_absolute_url())  # and is kept
    with CaptureQueriesContext(connection) as before:
        client.get(thread.get_absolute_url())
    blocking.block(member, other_member)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(thread.get_absolute_url())


def test_a_member_blocks_and_unblocks_from_a_profile(client, member, other_member):
    client.force_login(member)
    profile_url = other_member.profile.get_absolute_url()
    assert 'name="unblock"' not in client.get(profile_url).text

    response = client.post(
        reverse("members:block", args=[other_member.username]), {"next": profile_url}
    )

    assert response["Location"] == profile_url
    assert MemberBlock.objects.filter(blocker=member, blocked=other_member).exists()
    assert 'name="unblock"' in client.get(profile_url).text
    client.post(reverse("members:block", args=[other_member.username]), {"unblock": "1"})
    assert not MemberBlock.objects.filter(blocker=member).exists()
    member.profile.refresh_from_db()
    assert member.profile.blocked_member_ids == []


def test_blocking_refuses_visitors_get_oneself_staff_and_foreign_next(
    client, member, other_member, staff_member
):
    url = reverse("members:block", args=[other_member.username])
    assert client.post(url)["Location"].startswith(reverse("account_login"))
    client.force_login(member)
    assert client.get(url).status_code == 405
    assert client.post(reverse("members:block", args=["nobody-here"])).status_code == 404

    client.post(reverse("members:block", args=[member.username]))
    client.post(reverse("members:block", args=[staff_member.username]))
    response = client.post(url, {"next": "https://evil.example/"})

    assert list(MemberBlock.objects.values_list("blocked", flat=True)) == [other_member.pk]
    assert response["Location"] == reverse("account_blocked")


def test_the_account_page_lists_blocks_and_blocks_by_handle(client, member, other_member):
    hidden = UserFactory(username="quietone", profile__visibility="hidden")
    blocking.block(member, other_member)
    client.force_login(member)

    page = client.get(reverse("account_blocked"))
    response = client.post(reverse("account_blocked"), {"handle": "@QuietOne"})

    assert f"@{other_member.username}" in page.text
    assert response["Location"] == reverse("account_blocked")
    assert MemberBlock.objects.filter(blocker=member, blocked=hidden).exists()


def test_blocking_an_unknown_handle_says_so_beside_the_field_and_keeps_it(client, member):
    client.force_login(member)

    response = client.post(reverse("account_blocked"), {"handle": "no_such_person"})

    assert response.status_code == 200
    assert "No member has the handle @no_such_person." in response.text
    assert 'value="no_such_person"' in response.text
    assert response.context["form"].errors["handle"]


def test_the_blocked_list_is_the_members_own_and_needs_sign_in(
    client, member, other_member, django_assert_max_num_queries
):
    third = UserFactory()
    blocking.block(other_member, third)
    assert client.get(reverse("account_blocked"))["Location"].startswith(reverse("account_login"))
    for _ in range(5):
        blocking.block(member, UserFactory())
    client.force_login(member)
    client.get(reverse("account_blocked"))

    with django_assert_max_num_queries(4):
        page = client.get(reverse("account_blocked")).text

    assert f"@{third.username}" not in page
