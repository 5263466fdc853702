"""``seed_demo`` gives the demo site the network's own pages, once: About with the
disclaimer and Points of unity under it, a code of conduct, a privacy notice, and the
contact form at /contact/, all in the footer."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from blog.models import ContactPage, StandardPage
from network.demo import pages
from network.management.commands.seed_demo import SEEDERS

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_networks_own_pages_once(client):
    said = []
    pages.seed_pages(said.append)
    pages.seed_pages(said.append)

    assert pages.seed_pages in SEEDERS
    assert len(said) == 1
    assert StandardPage.objects.count() == 4
    assert ContactPage.objects.count() == 1
    about = StandardPage.objects.get(slug="about")
    assert about.show_disclaimer
    assert [p.title for p in StandardPage.objects.child_of(about)] == ["Points of unity"]
    contact = ContactPage.objects.get()
    assert contact.url == "/contact/"
    assert [f.clean_name for f in contact.form_fields.all()] == [
        "name",
        "email",
        "subject",
        "message",
    ]
    assert contact.to_address

    home = BeautifulSoup(client.get("/").text, "html.parser")
    menu = [a.get_text() for a in home.select(".site-footer__pages a")]
    # The Events index comes with the migrations, before the pages the demo adds.
    assert menu == [
        "Events",
        "About the network",
        "Points of unity",
        "Code of conduct",
        "Privacy",
        "Contact the network",
    ]
    about_page = client.get("/about/").text
    assert "not necessarily those of the network" in about_page
    assert client.get("/contact/").status_code == 200
    assert all(page.live for page in Page.objects.filter(depth__gt=2).specific())


def test_seed_demo_chooses_its_code_of_conduct_for_the_welcome_unless_one_is_chosen():
    from wagtail.models import Site

    from network.models import NetworkSettings

    site = Site.objects.get(is_default_site=True)
    pages.seed_pages(lambda said: None)

    chosen = NetworkSettings.for_site(site).code_of_conduct_page
    assert chosen.slug == "code-of-conduct"

    network = NetworkSettings.for_site(site)
    network.code_of_conduct_page = StandardPage.objects.get(slug="privacy")
    network.save()
    pages.seed_pages(lambda said: None)
    assert NetworkSettings.for_site(site).code_of_conduct_page.slug == "privacy"
