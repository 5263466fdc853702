"""The blog's people (an editor, a contributor) and the partner site that partner feeds
are fetched from in tests (tests/blog/partner_site.py)."""

import pytest
from django.contrib.auth.models import Group

from tests.blog.partner_site import PartnerSite
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(username="ella_edits")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def contributor(db):
    user = UserFactory(username="jo_writes")
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


@pytest.fixture(scope="module")
def partner_site():
    site = PartnerSite()
    site.start()
    yield site
    site.stop()


@pytest.fixture
def partner(partner_site, settings):
    """The partner site, empty, reachable on loopback (which production refuses)."""
    settings.PARTNER_FEEDS_ALLOW_PRIVATE = True
    partner_site.reset()
    return partner_site
