"""The people and the campaign page the endorsement tests start from."""

import pytest
from django.contrib.auth.models import Group

from tests.blog.endorsements.helpers import make_campaign
from tests.factories import UserFactory


@pytest.fixture
def campaign(db):
    return make_campaign()


@pytest.fixture
def site_moderator(db):
    user = UserFactory(username="moe_moderates")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
