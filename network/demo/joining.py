"""Joining, for ``manage.py seed_demo``: the join page at ``/join/``, the site in
recruitment mode with the points of unity to agree to, and a demo passcode printed
(Rosa's, a member of three months). Idempotent: the registration settings are set
only when the join page is first made, so an administrator's later choice stands."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from wagtail.models import Site

from blog.models import HomePage, JoinPage, StandardPage
from network.models import NetworkSettings, RegistrationMode
from network.recruiting import actions as recruiting

DEMO_RECRUITER = "rosa_b"

JOIN = {
    "title": "Join the network",
    "slug": "join",
    "intro": (
        "<p>The network grows through people who know each other. Every new member "
        "comes in through a member who can vouch for them: ask someone you organize "
        "with for their passcode, or for an invitation by email.</p>"
        "<p>It is slower than an open door, and that is the point. Organizers in the "
        "South have seen groups like ours flooded by spam, trolled, and watched by "
        "people who meant them harm. Knowing who brought whom in keeps the forums "
        "worth reading and keeps members safe.</p>"
        "<p>Know nobody yet? Write to us through the contact page: a coordinator in "
        "your state will answer.</p>"
    ),
    "invitation_only_text": (
        "<p>The network is not taking new members just now. If someone invited you, "
        "follow the link in your invitation email.</p>"
    ),
}


def seed_joining(say: Callable[[str], None]) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    if not JoinPage.objects.exists():  # one join page per site (max_count)
        page = JoinPage(**JOIN, live=False)
        home.add_child(instance=page)
        page.save_revision().publish()
        site = Site.objects.get(is_default_site=True)
        network = NetworkSettings.for_site(site)
        network.registration_mode = RegistrationMode.RECRUITMENT
        network.points_of_unity_page = StandardPage.objects.filter(slug="points-of-unity").first()
        network.save()
        say("The join page at /join/; sign-up needs a passcode or an invitation")
    recruiter = get_user_model().objects.filter(username=DEMO_RECRUITER).first()
    if recruiter is None:
        return
    passcode = recruiting.passcode_for(recruiter, recruiting.network_settings())
    if passcode is not None:
        say(f"Demo passcode (@{DEMO_RECRUITER}'s, to join at /join/): {passcode.shown_passcode}")
    else:
        say(f"@{DEMO_RECRUITER} is too new to recruit: no demo passcode yet")
