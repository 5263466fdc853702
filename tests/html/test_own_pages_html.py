"""The network's own pages are valid HTML as the W3C's checker reads them: a standard page
with every kind of block, nested, in the footer's menu; the contact page empty, with
errors, refused, and its thanks; an account page whose "contact us" is a link."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.rich_text import RichText

from blog import contact
from tests.blog.own_pages import make_contact_page, make_standard_page
from tests.factories import make_image
from tests.html.test_valid_html import CANARY

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_pages():
    people = [{"name": "Rosa Bell", "organization": "Georgia Tenants Union"}]
    about = make_standard_page(
        "About the network",
        slug="about",
        introduction="Who we are.",
        show_in_menus=True,
        show_disclaimer=True,
        body=[
            ("heading", "Who we are"),
            ("paragraph", RichText("<p>Organizers across <b>the South</b>.</p>")),
            ("quote", {"text": "Unity without uniformity", "attribution": "Our founding"}),
            ("image", {"image": make_image("Inline", size=(400, 300)), "alt_text": "A march"}),
            (
                "video_segment",
                {
                    "title": "Founding convention",
                    "summary": RichText("<p>Opening remarks.</p>"),
                    "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "speakers": people,
                },
            ),
            ("participants", {"heading": "Founders", "people": people}),
        ],
    )
    points = make_standard_page(
        "Points of unity",
        parent=about,
        show_in_menus=True,
        last_updated=datetime.date(2026, 11, 14),
        body=[("paragraph", RichText("<ol><li>Working people decide.</li></ol>"))],
    )
    make_contact_page(show_in_menus=True, intro="<p>Write to the coordinators.</p>")
    return about, points


def test_the_networks_own_pages_are_valid_html(own_pages, nu_checker, tmp_path, monkeypatch):
    about, points = own_pages
    visitor = Client()
    documents = {}
    pages = {
        "about": about.url,
        "points-of-unity": points.url,
        "contact": "/contact/",
        "contact-sent": "/contact/?sent=1",
        "password-reset": reverse("account_reset_password"),
    }
    for name, url in pages.items():
        response = visitor.get(url)
        assert response.status_code == 200, name
        documents[name] = response.content.decode()
    invalid = visitor.post("/contact/", {"name": "Nia", "email": "nia at example", "message": ""})
    assert invalid.status_code == 200
    documents["contact-errors"] = invalid.content.decode()
    caught = visitor.post(
        "/contact/",
        {"name": "Bot", "email": "bot@example.org", "message": "Buy", "fax_number": "x"},
    )
    documents["contact-honeypot"] = caught.content.decode()
    monkeypatch.setattr(contact, "CONTACT_LIMIT", 0)
    refused = visitor.post(
        "/contact/", {"name": "Nia", "email": "nia@example.org", "message": "Hello"}
    )
    assert refused.status_code == 429
    documents["contact-refused"] = refused.content.decode()
    # The pages show what they are here to check: the menu, the errors, the link.
    assert 'class="site-footer__pages"' in documents["about"]
    assert documents["contact-errors"].count('class="errorlist') == 2
    assert 'href="/contact/">contact us</a>' in documents["password-reset"]
    documents["canary"] = CANARY

    problems = nu_checker.problems(documents, tmp_path)

    assert problems.pop("canary") != []
    invalid_pages = {name: found for name, found in problems.items() if found}
    assert not invalid_pages, "\n".join(
        f"{name}: {message}" for name, found in invalid_pages.items() for message in found
    )
