"""Every kind of page the site serves is valid HTML, as the W3C's checker reads it: one
page of each type, with what members write in it, seen by the people who see the most
of it (a visitor, a member, a moderator), in English and in Spanish, all checked in one
run of the checker."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from forums import actions, moderation, reacting
from forums.models import Forum
from network.leaving.exporting import files_of
from network.models import Profile
from tests.factories import UserFactory, make_article, make_image
from tests.network.directory_data import fill_for_validation

pytestmark = pytest.mark.django_db

WRITING = """Read [the plan](https://example.org/plan) and ask @rosa_b.

> Quoted from the last meeting.

```
notify(tenants, "Monday")
```

| Building | Units |
| --- | --- |
| Peachtree | 47 |
"""

# A document with one error the checker must find: without it, a checker that
# validated nothing would pass every page.
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>Canary</title></head><body>'
    '<time datetime="2026-11-22T09:34:00.123456-05:00">then</time></body></html>'
)


def established(username: str, **fields):
    return UserFactory(username=username, date_joined=timezone.now() - timedelta(days=30), **fields)


@pytest.fixture
def site_with_everything(monkeypatch):
    """Articles (an original with every kind of block, and a cross-post), a thread with
    replies, article comments, a report, notifications: what each page type shows."""
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established(
        "rosa_b",
        profile__display_name="Rosa Bell",
        profile__visibility="public",
        profile__bio=WRITING,
    )
    marcus = established("marcus_t", profile__display_name="Marcus T")
    moe = established("moe_m", profile__display_name="Moe Moderator")
    moe.groups.add(Group.objects.get(name="Moderators"))

    people = [{"name": "Rosa Bell", "organization": "Georgia Tenants Union"}]
    article = make_article(
        "Strategy session",
        introduction="What we decided in Atlanta.",
        lead_image=make_image("Lead", size=(800, 450)),
        lead_image_alt="The meeting hall",
        lead_image_caption="Saturday",
        tags=["housing"],
        body=[
            ("heading", "Where we stand"),
            ("paragraph", RichText("<p>We met in <b>Atlanta</b>.</p>")),
            ("quote", {"text": "Solidarity forever", "attribution": "Ralph Chaplin"}),
            (
                "image",
                {"image": make_image("Inline", size=(400, 300)), "alt_text": "A march"},
            ),
            (
                "video_segment",
                {
                    "title": "Opening",
                    "summary": RichText("<p>Opening remarks.</p>"),
                    "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "speakers": people,
                },
            ),
            ("participants", {"heading": "Participants", "people": people}),
        ],
    )
    cross_post = make_article(
        "Strike wave",
        source_name="Labor Notes",
        source_url="https://labornotes.org/2026/10/strike-wave",
        original_author="Jane Steward",
        original_date=timezone.localdate() - timedelta(days=3),
        permission_note="Republished with permission",
    )
    actions.post_reply(article.discussion, marcus, WRITING)

    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(housing, rosa, "Rent strike checklist", WRITING, tags=["rent"])
    thread.posts.update(created_at=timezone.now() - timedelta(hours=2))
    reply = actions.post_reply(thread, marcus, WRITING, parent=thread.posts.get(seq=0))
    moderation.report_post(reply, rosa, "spam", "Looks like an advertisement.")
    reacting.react(thread.posts.get(seq=0), marcus, "solidarity", on=True)
    reacting.react(reply, rosa, "agree", on=True)
    return {
        "article": article,
        "cross_post": cross_post,
        "thread": thread,
        "reply": reply,
        "rosa": rosa,
        "marcus": marcus,
        "moe": moe,
    }


def as_(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_kind_of_page_is_valid_html(site_with_everything, nu_checker, tmp_path):
    site = site_with_everything
    thread, article, rosa, moe = site["thread"], site["article"], site["rosa"], site["moe"]
    visitor, member, moderator = as_(None), as_(rosa), as_(moe)
    pages = {
        "home": (visitor, "/"),
        "home-member": (member, "/"),
        "articles": (visitor, article.get_parent().url),
        "article": (visitor, article.url),
        "article-member": (member, article.url),
        "cross-post": (visitor, site["cross_post"].url),
        "forums": (visitor, reverse("forums:index")),
        "forum": (member, reverse("forums:forum", args=["housing"])),
        "latest": (visitor, reverse("forums:latest")),
        "unread": (member, reverse("forums:unread") + "?tag=rent"),
        "thread": (visitor, thread.get_absolute_url()),
        "thread-moderator": (moderator, thread.get_absolute_url()),
        "thread-member": (as_(site["marcus"]), thread.get_absolute_url()),
        "reactions": (member, reverse("forums:post_reactions", args=[site["reply"].pk])),
        "new-thread": (member, reverse("forums:new_thread", args=["housing"])),
        "reply": (member, reverse("forums:reply_to", args=[site["reply"].pk])),
        "profile": (visitor, rosa.profile.get_absolute_url()),
        "members": (member, reverse("members:list")),
        "inbox": (member, reverse("notifications:inbox")),
        "notification-settings": (member, reverse("notifications:settings")),
        "sign-in": (visitor, reverse("account_login")),
        "sign-up": (visitor, reverse("account_signup")),
        "search": (visitor, reverse("search") + "?q=strike"),
        "moderation-queue": (moderator, reverse("forums:moderation_queue")),
        "not-found": (visitor, "/no-such-page/"),
    }
    directory = fill_for_validation(rosa)
    pages |= {
        "organizations": (visitor, reverse("organizations:list") + "?region=atlantis&kind=union"),
        "organization": (member, directory["organization"].get_absolute_url()),
        "propose-organization": (member, reverse("organizations:propose")),
        "projects": (visitor, reverse("projects:list")),
        "project": (member, directory["project"].get_absolute_url()),
        "project-contact": (
            as_(moe),
            reverse("projects:contact", args=[directory["project"].slug]),
        ),
        "profile-edit": (member, reverse("members:edit", args=[rosa.username])),
        "your-data": (member, reverse("leaving:your_data")),
        "delete-account": (member, reverse("leaving:delete_account")),
        "deletion-requested": (visitor, reverse("leaving:deletion_requested")),
    }
    documents = {}
    for name, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), name
        documents[name] = response.content.decode()
    # The same pages in Spanish: a visitor's browser asks for it, members chose it.
    Profile.objects.update(language="es")
    for name, (client, url) in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code == (404 if name == "not-found" else 200), name
        documents[f"{name}-es"] = response.content.decode()
        assert '<html lang="es">' in documents[f"{name}-es"], name
    Profile.objects.update(language="en")
    preview = member.post(
        reverse("forums:reply", args=[thread.pk]), {"source": WRITING, "preview": "1"}
    )
    assert preview.status_code == 200
    documents["reply-preview"] = preview.content.decode()
    refused = member.post(reverse("organizations:propose"), {"name": "★", "website": "x:y"})
    assert refused.status_code == 200
    documents["propose-organization-errors"] = refused.content.decode()
    # The pages show what they are here to check: members' writing, times, rows.
    for name in ("thread", "article", "profile", "reply-preview"):
        assert "<table>" in documents[name], name
    assert documents["inbox"].count("<time datetime=") == 2
    assert "Looks like an advertisement." in documents["moderation-queue"]
    # The pages of a member's data export, read from the ZIP on their own.
    for file in files_of(rosa):
        if file.name.endswith(".html"):
            documents[f"export-{file.name.replace('/', '-')}"] = file.content
    documents["canary"] = CANARY

    problems = nu_checker.problems(documents, tmp_path)

    assert problems.pop("canary") != []
    invalid = {name: found for name, found in problems.items() if found}
    assert not invalid, "\n".join(
        f"{name}: {message}" for name, found in invalid.items() for message in found
    )
