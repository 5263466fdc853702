"""The Wagtail and Django admin refuse everyone who is not staff."""

from urllib.parse import unquote

import pytest
from django.urls import reverse
from wagtail.models import Site

from network.models import NetworkSettings, Region, Tendency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/", "/django-admin/", "/admin/regions/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/regions/", "/admin/settings/network/networksettings/"]
)
def test_members_without_admin_access_are_refused_by_wagtail(client, member, url):
    client.force_login(member)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "You do not have permission to access the admin" in response.text


def test_members_are_refused_by_the_django_admin(client, member):
    client.force_login(member)
    response = client.get("/django-admin/", follow=True)
    assert response.status_code == 403


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/", "/_util/login/"])
def test_admin_sign_in_goes_through_the_one_login(client, url):
    response = client.get(url + "?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/admin/pages/" in unquote(response["Location"])


def test_admin_password_and_email_screens_are_left_to_the_account_pages(admin_client):
    page = admin_client.get("/admin/account/").text
    assert 'name="email"' not in page
    assert admin_client.get("/admin/password_reset/").status_code == 404


def test_administrator_manages_regions_and_tendencies(admin_client):
    assert admin_client.get("/admin/regions/").status_code == 200
    assert admin_client.get("/admin/tendencies/").status_code == 200
    response = admin_client.post(
        "/admin/tendencies/new/",
        {"name": "Eco-socialist", "slug": "eco-socialist", "description": "", "order": 11},
    )
    assert response.status_code == 302
    assert Tendency.objects.filter(slug="eco-socialist").exists()


def test_regions_are_the_census_south_dc_and_outside(db):
    regions = list(Region.objects.all())
    assert len([r for r in regions if r.in_south]) == 17  # 16 states and D.C.
    assert {r.code for r in regions if r.in_south} >= {"TX", "VA", "DE", "MD", "WV", "DC"}
    assert regions[-1].name == "Outside the South"


def test_network_settings_edit_the_footer(admin_client, client):
    settings = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    settings.disclaimer = "<p>Our own words on views and endorsements.</p>"
    settings.social_links = [
        ("link", {"label": "Facebook group", "url": "https://www.facebook.com/groups/example"})
    ]
    settings.save()

    page = client.get(reverse("forums:index")).text
    assert "Our own words on views and endorsements." in page
    assert 'href="https://www.facebook.com/groups/example"' in page
    assert "Facebook group" in page
