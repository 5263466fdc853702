"""The demo's campaign page, as ``seed_demo`` leaves it: once, however often it runs."""

import pytest

from blog.endorsements import CampaignPage, Endorsement
from network.demo.endorsements import seed_campaign

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_is_seeded_once_with_approved_endorsers(client):
    said = []
    seed_campaign(said.append)
    seed_campaign(said.append)

    page = CampaignPage.objects.get()
    assert page.title == "Endorse the second conference!"
    assert page.live
    assert page.show_in_menus
    assert len(said) == 1
    assert Endorsement.objects.filter(status=Endorsement.Status.PENDING).count() == 1
    html = client.get(page.url).content.decode()
    assert "8 endorsers, 4 organizations" in html
    assert "Georgia Tenants Union" in html
    assert "Luis Cardenas" in html
    assert "Pat Waiting" not in html
    assert 'name="email"' in html
