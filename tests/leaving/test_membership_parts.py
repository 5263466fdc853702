"""How a member belongs to the network (how they joined, whom they invited, whom they
block, what they accepted) goes into their export, and out of the database when they
leave: except how they came in, which the moderators keep."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from network import agreements, blocking
from network.leaving.membership_parts import erase_membership, recruitment_part
from network.models import Agreement, MemberBlock
from network.recruiting import actions as recruiting
from network.recruiting.models import Invitation, Recruiter, Recruitment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recruited(db):
    """Rosa, recruited by Ana's passcode, who invited a friend and blocks Larry."""
    ana = UserFactory(username="ana", date_joined=timezone.now() - timedelta(days=90))
    rosa = UserFactory(username="rosa", date_joined=timezone.now() - timedelta(days=90))
    Recruitment.objects.create(
        member=rosa, way=Recruitment.Way.PASSCODE, recruiter=ana, project="Macon tenants"
    )
    recruiting.invite(rosa, "friend@example.org", recruiting.network_settings())
    recruiting.rotate_passcode(rosa, recruiting.network_settings())
    blocking.block(rosa, UserFactory(username="larry"))
    agreements.accept(rosa, [Agreement.POINTS_OF_UNITY])
    return rosa


def test_the_export_says_how_they_joined_whom_they_invited_block_and_accepted(recruited):
    [membership] = recruitment_part(recruited)
    data = json.loads(membership.content)

    assert data["recruiter"] == "@ana"
    assert data["project"] == "Macon tenants"
    assert [i["email"] for i in data["invitations_sent"]] == ["friend@example.org"]
    assert data["members_you_block"] == ["@larry"]
    assert data["agreements_accepted"][0]["text"] == "Points of unity"


def test_leaving_erases_invitations_passcode_project_and_blocks_both_ways(recruited):
    blocker = UserFactory(username="blocker")
    blocking.block(blocker, recruited)

    erase_membership(recruited, delete_posts=False)

    assert not Invitation.objects.filter(inviter=recruited).exists()
    assert not Recruiter.objects.filter(user=recruited).exists()
    assert not MemberBlock.objects.filter(blocker=recruited).exists()
    assert not MemberBlock.objects.filter(blocked=recruited).exists()
    blocker.profile.refresh_from_db()
    assert blocker.profile.blocked_member_ids == []
    record = Recruitment.objects.get(member=recruited)
    assert (record.project, record.recruiter.username) == ("", "ana")
