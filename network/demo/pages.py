"""The network's own pages for ``manage.py seed_demo``: About (with the site's disclaimer)
and, under it, the Points of unity; a Code of conduct, a Privacy notice, and the contact
form at ``/contact/``; all in the footer's menu. The code of conduct is the one new
members are asked to read (Network settings). Idempotent: a page whose slug exists
where it belongs is left alone."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from blog.models import ContactFormField, ContactPage, HomePage, StandardPage
from network.models import NetworkSettings


def rich(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


ABOUT = {
    "title": "About the network",
    "slug": "about",
    "introduction": (
        "A network of organizers across the U.S. South, from the left of the Democratic "
        "Party to left communists, who want one place to read, write, argue and organize "
        "together."
    ),
    "show_disclaimer": True,
    "body": [
        ("heading", "Who we are"),
        rich(
            "<p>We are tenant organizers and shop stewards, mutual-aid volunteers and "
            "campaign staff, socialists of several kinds, anarchists and progressive "
            "Democrats, in every state from Texas to Virginia. Most of us belong to an "
            "organization of our own; the network belongs to none of them.</p>"
        ),
        ("heading", "What we do"),
        rich(
            "<p>We publish what members write and what the wider movement publishes "
            "elsewhere, with a link back to the source. We argue in regional and topic "
            "forums, meet at conferences and strategy sessions, and take on local "
            "projects together.</p>"
        ),
        ("heading", "Unity without uniformity"),
        rich(
            "<p>We do not agree about elections, the party question or the road to "
            "socialism, and we do not pretend to. We agree on the points of unity below, "
            "and on arguing in good faith about the rest.</p>"
        ),
        ("heading", "Joining"),
        rich(
            "<p>New members come in through a member who knows them and invites them. "
            "If you know nobody in the network yet, write to us through the contact page "
            "and a coordinator in your state will answer.</p>"
        ),
    ],
}

POINTS_OF_UNITY = {
    "title": "Points of unity",
    "slug": "points-of-unity",
    "introduction": "What every member of the network agrees on, whatever else divides us.",
    "last_updated": datetime.date(2026, 11, 14),
    "body": [
        rich(
            "<ol>"
            "<li>Working people, not owners, should decide how we live and work: we build "
            "their power in workplaces, neighborhoods and at the ballot box.</li>"
            "<li>The South's history of slavery, Jim Crow and union-busting is not past. "
            "Fighting white supremacy is at the center of our work, not beside it.</li>"
            "<li>We stand against patriarchy, and for the freedom of queer and trans "
            "people, immigrants and disabled people.</li>"
            "<li>Our movements are independent: no party, union or organization speaks "
            "for the network, and none is asked to give up its own views.</li>"
            "<li>We are internationalists: workers here and abroad have one interest.</li>"
            "<li>We decide democratically, disagree openly, and keep each other safe.</li>"
            "</ol>"
        ),
        rich("<p>Adopted by the membership at the founding convention.</p>"),
    ],
}

CODE_OF_CONDUCT = {
    "title": "Code of conduct",
    "slug": "code-of-conduct",
    "introduction": "How we treat each other here, and what happens when someone does not.",
    "last_updated": datetime.date(2026, 10, 2),
    "body": [
        ("heading", "Argue with ideas, not people"),
        rich(
            "<p>Sharp disagreement is welcome. Insults, slurs, and calling a member a cop "
            "or an agent because they disagree are not.</p>"
        ),
        ("heading", "Keep each other safe"),
        rich(
            "<ul><li>Never post someone's address, workplace, legal name or photograph "
            "without their consent.</li><li>Do not name a member's organization or "
            "workplace if they have not.</li><li>Plans for actions belong in the "
            "members-only forums, and some not online at all.</li></ul>"
        ),
        ("heading", "No harassment"),
        rich(
            "<p>No harassment of any kind, including sexual attention nobody asked for, "
            "and no following people from forum to forum.</p>"
        ),
        ("heading", "When something goes wrong"),
        rich(
            "<p>Report a post with the Report link under it. Moderators hide posts, lock "
            "threads and suspend members, and every action is logged. If you want to "
            "raise something in private, use the contact page.</p>"
        ),
    ],
}

PRIVACY = {
    "title": "Privacy",
    "slug": "privacy",
    "introduction": "What the site keeps about you, who sees it, and how long.",
    "last_updated": datetime.date(2026, 11, 1),
    "body": [
        ("heading", "What we keep"),
        rich(
            "<ul><li>Your email address: only to sign you in and to send the emails you "
            "chose. It is never shown to other members.</li><li>Your profile: what you "
            "fill in, shown to the public, to members or to nobody, as you choose.</li>"
            "<li>What you write in the forums and under articles.</li><li>Messages sent "
            "through the contact form, read by the network's coordinators.</li></ul>"
        ),
        ("heading", "What we never do"),
        rich(
            "<p>No advertising, no trackers, no fonts or scripts from other sites. "
            "Videos from YouTube or Vimeo load only when you press play. We sell and "
            "share nothing.</p>"
        ),
        ("heading", "Your choices"),
        rich(
            "<p>You can change your profile's visibility and your notification settings "
            "at any time. To have your account deleted, write to us through the contact "
            "page.</p>"
        ),
    ],
}

CONTACT = {
    "title": "Contact the network",
    "slug": "contact",
    "intro": (
        "<p>Write to the network's coordinators: questions about joining, a correction to "
        "an article, a problem with the site. We answer within a few days.</p>"
    ),
    "thank_you_text": (
        "<p>A coordinator will read your message and answer at the address you gave.</p>"
    ),
    "to_address": "coordinators@example.org",
    "subject": "Contact form",
    "fields": [
        ("Name", "singleline", True, ""),
        ("Email", "email", True, "So that we can answer you. Nobody else sees it."),
        ("Subject", "singleline", False, ""),
        ("Message", "multiline", True, ""),
    ],
}


def add_page(parent: Page, page: Page) -> bool:
    """Publish ``page`` under ``parent`` unless a page of its slug is there already."""
    if parent.get_children().filter(slug=page.slug).exists():
        return False
    page.live = False
    page.show_in_menus = True
    parent.add_child(instance=page)
    page.save_revision().publish()
    return True


def seed_pages(say: Callable[[str], None]) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    created = 0
    for spec in (ABOUT, CODE_OF_CONDUCT, PRIVACY):
        created += add_page(home, StandardPage(**spec))
    about = StandardPage.objects.child_of(home).filter(slug=ABOUT["slug"]).first()
    if about is not None:
        created += add_page(about, StandardPage(**POINTS_OF_UNITY))
    if not ContactPage.objects.exists():  # one contact page per site (max_count)
        created += add_page(home, contact_page())
    choose_code_of_conduct(home)
    if created:
        say(f"{created} of the network's own pages (about, contact …)")


def choose_code_of_conduct(home: HomePage) -> None:
    """The welcome links new members to the code of conduct, unless one is chosen."""
    site = Site.objects.filter(is_default_site=True).first()
    code = StandardPage.objects.child_of(home).filter(slug=CODE_OF_CONDUCT["slug"]).first()
    if site is None or code is None:
        return
    network = NetworkSettings.for_site(site)
    if network.code_of_conduct_page_id is None:
        network.code_of_conduct_page = code
        network.save()


def contact_page() -> ContactPage:
    page = ContactPage(**{key: value for key, value in CONTACT.items() if key != "fields"})
    for label, field_type, required, help_text in CONTACT["fields"]:
        page.form_fields.add(
            ContactFormField(
                label=label, field_type=field_type, required=required, help_text=help_text
            )
        )
    return page
