"""A cross-post drafted from a partner feed is valid HTML, in the editor's preview and
once published, however the partner's markup was nested: the excerpt is re-serialized
by the sanitizer, cut with its tags closed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from blog.models import ArticlePage
from blog.partner_feed_polling import poll
from blog.partner_feeds import PartnerFeed
from tests.blog.partner_site import PartnerSite, rss
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TANGLED = (
    "<h1>Rent strike</h1><p>Tenants <b>won <i>big</i></p><ul><li>One<li>Two</ul>"
    "<table><tr><td>Cell</table><h5>Aside</h5><p><a href='https://partner.example/x'"
    " onclick='x()'>link</a><img src=x onerror=alert(1)><script>alert(1)</script>"
    "<blockquote>Quoted <p>para</blockquote><div><span>loose "
    "After two years of broken heaters, leaking roofs and ignored repair requests, the "
    "tenants of the Magnolia Court apartments met in the parking lot on Sunday afternoon "
    "and voted to withhold their rent until the landlord signs a written agreement. "
    "Organizers from the citywide tenant union helped them draft a list of demands, "
    "collect signatures door to door and prepare for a hearing at the housing court. "
    "Their neighbors across the street are watching closely, and several of them have "
    "already asked how they could start a committee in their own building this spring."
)


def test_a_partner_draft_is_valid_html_in_preview_and_published(settings, nu_checker, tmp_path):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE = True
    partner = PartnerSite()
    partner.start()
    try:
        url = partner.serve(
            "/feed.xml",
            rss(
                [
                    {
                        "title": "Rent <b>strike</b>",
                        "guid": "urn:1",
                        "link": "https://partner.example/rent-strike",
                        "description": TANGLED,
                    }
                ]
            ),
        )
        poll(PartnerFeed.objects.create(name="Partner Press", url=url))
    finally:
        partner.stop()
    draft = ArticlePage.objects.get()
    editor = UserFactory(username="ella_edits")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)))
    draft.get_latest_revision().publish()
    published = Client().get(ArticlePage.objects.get(pk=draft.pk).url)
    documents = {"partner-preview": preview.content.decode(), "partner": published.content.decode()}
    assert "<table>" in documents["partner"]
    assert "Rent strike Tenants won big One Two Cell Aside link Quoted para loose" in (
        ArticlePage.objects.get(pk=draft.pk).introduction
    )

    problems = nu_checker.problems(documents, tmp_path)

    invalid = {name: found for name, found in problems.items() if found}
    assert not invalid, "\n".join(
        f"{name}: {message}" for name, found in invalid.items() for message in found
    )
