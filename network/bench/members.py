"""The members of ``make bench``."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from network import bench
from network.models import Profile


def build_members(data: bench.DataSet, say: bench.Say) -> None:
    """Members of three months' standing (past the new-member limits), with profiles,
    laid down in two queries: ``bulk_create`` skips the signal that makes a profile."""
    User = get_user_model()
    joined = timezone.now() - timedelta(days=90)
    User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@example.org", date_joined=joined)
        for n in range(data.size.members)
    )
    members = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    visibilities = [Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS]
    Profile.objects.bulk_create(
        Profile(
            user=member,
            display_name=f"Bench Member {n}",
            bio_html="",
            visibility=visibilities[n % 2],
        )
        for n, member in enumerate(members)
    )
    data.members = members
