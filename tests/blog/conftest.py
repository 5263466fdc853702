"""The partner site that partner feeds are fetched from in tests (tests/blog/partner_site.py)."""

import pytest

from tests.blog.partner_site import PartnerSite


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
