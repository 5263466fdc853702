"""Every named address of the site, visited by each kind of person, answers what it
should: the page (200), a trip to sign-in (302 there), a refusal (403), nothing there
(404), or another answer a row names. A URL added without its row fails
``test_every_named_address_has_its_row``.

The admin's own addresses (Wagtail's and Django's, several hundred, each under their
permission system) are represented by their home pages and the site's own admin views.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.world import ROLES, make_world

pytestmark = pytest.mark.django_db

# name → (the address's arguments, from the world; what each role gets, in the order
#          anonymous, new member, member, suspended member, forum moderator, editor, staff;
#          and POST for the addresses that take only a form, posted empty)
# L: a 302 to sign-in; F: a 302 elsewhere (the page the address stands for, or the
# step before it: re-authentication, the admin's own sign-in); a number: that status.
# The forum moderator, editor and staff have an authenticator app (the site requires a
# second factor of them); the others have none.
# The content belongs to a third member (the writer): a member's profile, post, thread,
# notification are the writer's, the thread and forum members-only where it says so.
POST = "POST"

MATRIX = {
    "wagtailadmin_home": (lambda w: [], "  L   L   L   L   L 200 200"),
    "admin:index": (lambda w: [], "  F   F   F   F   F   F 200"),
    "endorsements:index": (lambda w: [], "  L   L   L   L   L 200 200"),
    "endorsements:index_results": (lambda w: [], "  L   L   L   L   L 200 200"),
    "endorsements:delete": (lambda w: [w.drive_id], "  L   L   L   L   L 404 404"),
    "endorsements:inspect": (lambda w: [w.drive_id], "  L   L   L   L   L 404 404"),
    "forum_categories:delete": (
        lambda w: [w.public_forum.category_id],
        "  L   L   L   L   L   F   F",
    ),
    "admin_forums:delete": (lambda w: [w.public_forum.pk], "  L   L   L   L   L   F   F"),
    "directory_organizations:index": (lambda w: [], "  L   L   L   L   L 200 200"),
    "directory_organizations:index_results": (lambda w: [], "  L   L   L   L   L 200 200"),
    "directory_organizations:edit": (lambda w: [w.organization.pk], "  L   L   L   L   L 200 200"),
    "directory_organizations:delete": (
        lambda w: [w.organization.pk],
        "  L   L   L   L   L 200 200",
    ),
    "directory_projects:index": (lambda w: [], "  L   L   L   L   L 200 200"),
    "directory_projects:index_results": (lambda w: [], "  L   L   L   L   L 200 200"),
    "my_profile": (lambda w: [], "  L   F   F   F   F   F   F"),
    "account_blocked": (lambda w: [], "  L 200 200 200 200 200 200"),
    "account_agreements": (lambda w: [], "  L 200 200 200 200 200 200"),
    "recruiting:page": (lambda w: [], "  L 200 200 200 200 200 200"),
    "leaving:your_data": (lambda w: [], "  L 200 200 200 200 200 200"),
    "welcome": (lambda w: [], "  L 200 200 200 200 200 200"),
    # Anyone may switch the language: back to the page, a member's profile their own.
    "language": (lambda w: [], "  F   F   F   F   F   F   F", POST),
    "account_sessions": (lambda w: [], "  L 200 200 200 200 200 200"),
    "usersessions_list": (lambda w: [], "  L 200 200 200 200 200 200"),
    # The writer's session: ending it is theirs alone.
    "account_end_session": (lambda w: [w.session.pk], "  L 404 404 404 404 404 404", POST),
    "account_end_every_session": (lambda w: [], "  L   L   L   L   L   L   L", POST),
    "mfa_list_webauthn": (lambda w: [], "  L 200 200 200 200 200 200"),
    # Adding, renaming and removing a passkey ask for the password again first.
    "mfa_add_webauthn": (lambda w: [], "  L   F   F   F   F   F   F"),
    "mfa_edit_webauthn": (lambda w: [w.passkey.pk], "  L   F   F   F   F   F   F"),
    "mfa_remove_webauthn": (lambda w: [w.passkey.pk], "  L   F   F   F   F   F   F"),
    "mfa_reauthenticate_webauthn": (lambda w: [], "  L   F   F   F   F   F   F"),
    "mfa_login_webauthn": (lambda w: [], "  L   L   L   L   L   L   L"),
    # The writer's export: nobody else's, not even an administrator's.
    "leaving:download": (lambda w: [w.export.token], "  L 404 404 404 404 404 404"),
    "leaving:delete_account": (lambda w: [], "  L 200 200 200 200 200 200"),
    "leaving:deletion_requested": (lambda w: [], "200 200 200 200 200 200 200"),
    "recruiting:invite": (lambda w: [], "  L 400 400 400 400 400 400", POST),
    "recruiting:revoke": (lambda w: [w.invitation.pk], "  L 403 403 403 403 403   F", POST),
    "recruiting:rotate_passcode": (lambda w: [], "  L 403   F 403   F   F   F", POST),
    "recruitment:index": (lambda w: [], "  L   L   L   L   L   F 200"),
    "recruitment:index_results": (lambda w: [], "  L   L   L   L   L   F 200"),
    "forums:moderation_member": (lambda w: [w.writer.username], "  L 403 403 403 403 403 200"),
    "account_login": (lambda w: [], "200 200 200 200 200 200 200"),
    "account_logout": (lambda w: [], "  F 200 200 200 200 200 200"),
    "account_inactive": (lambda w: [], "200 200 200 200 200 200 200"),
    "account_signup": (lambda w: [], "200 200 200 200 200 200 200"),
    "account_reauthenticate": (lambda w: [], "  L 200 200 200 200 200 200"),
    "account_email": (lambda w: [], "  L 200 200 200 200 200 200"),
    "account_email_verification_sent": (lambda w: [], "200 200 200 200 200 200 200"),
    "account_change_password": (lambda w: [], "  L 200 200 200 200 200 200"),
    "account_set_password": (lambda w: [], "  L   F   F   F   F   F   F"),
    "account_reset_password": (lambda w: [], "200 200 200 200 200 200 200"),
    "account_confirm_login_code": (lambda w: [], "  L   F   F   F   F   F   F"),
    "account_confirm_email": (lambda w: ["not-a-real-key"], "200 200 200 200 200 200 200"),
    "account_reset_password_from_key_done": (lambda w: [], "200 200 200 200 200 200 200"),
    "account_reset_password_from_key": (
        lambda w: ["1", "not-a-real-key"],
        "200 200 200 200 200 200 200",
    ),
    "account_reset_password_done": (lambda w: [], "200 200 200 200 200 200 200"),
    "mfa_index": (lambda w: [], "  L 200 200 200 200 200 200"),
    "mfa_authenticate": (lambda w: [], "  L   F   F   F   F   F   F"),
    "mfa_reauthenticate": (lambda w: [], "  L   F   F   F 200 200 200"),
    "mfa_activate_totp": (lambda w: [], "  L   F   F   F   F   F   F"),
    "mfa_deactivate_totp": (lambda w: [], "  L 404 404 404   F   F   F"),
    "mfa_view_recovery_codes": (lambda w: [], "  L 404 404 404 404 404 404"),
    "mfa_generate_recovery_codes": (lambda w: [], "  L   F   F   F   F   F   F"),
    "mfa_download_recovery_codes": (lambda w: [], "  L 404 404 404 404 404 404"),
    "members:list": (lambda w: [], "  L 200 200 200 200 200 200"),
    "members:profile": (lambda w: [w.writer.username], "404 200 200 200 200 200 200"),
    "members:edit": (lambda w: [w.writer.username], "  L 403 403 403 403 403 200"),
    "members:block": (lambda w: [w.writer.username], "  L   F   F   F   F   F   F", POST),
    "organizations:list": (lambda w: [], "200 200 200 200 200 200 200"),
    "organizations:propose": (lambda w: [], "  L 200 200 200 200 200 200"),
    "organizations:detail": (lambda w: [w.organization.slug], "200 200 200 200 200 200 200"),
    "projects:list": (lambda w: [], "200 200 200 200 200 200 200"),
    "projects:detail": (lambda w: [w.project.slug], "200 200 200 200 200 200 200"),
    "projects:contact": (lambda w: [w.project.slug], "  L 200 200 200 200 200 200"),
    "projects:join": (lambda w: [w.project.slug], "  L   F   F   F   F   F   F", POST),
    "projects:leave": (lambda w: [w.project.slug], "  L   F   F   F   F   F   F", POST),
    "notifications:inbox": (lambda w: [], "  L 200 200 200 200 200 200"),
    # The writer's conversation with the reporter: nobody else's, staff's neither.
    "conversations:inbox": (lambda w: [], "  L 200 200 200 200 200 200"),
    "conversations:new": (lambda w: [], "  L 200 200 200 200 200 200"),
    "conversations:conversation": (lambda w: [w.conversation.pk], "  L 404 404 404 404 404 404"),
    "conversations:leave": (lambda w: [w.conversation.pk], "  L 404 404 404 404 404 404"),
    "conversations:report": (
        lambda w: [w.conversation.pk, w.message.pk],
        "  L 404 404 404 404 404 404",
    ),
    # Reported messages are the site's moderators' (a forum's own moderator is not one).
    "conversations:reports": (lambda w: [], "  L 403 403 403 403 403 200"),
    "conversations:dismiss_report": (
        lambda w: [w.message_report.pk],
        "  L 403 403 403 403 403   F",
        POST,
    ),
    "notifications:mark_all_read": (lambda w: [], "  L   F   F   F   F   F   F", POST),
    "notifications:settings": (lambda w: [], "  L 200 200 200 200 200 200"),
    "notifications:open": (lambda w: [w.notification.pk], "  L 404 404 404 404 404 404"),
    "notifications:unsubscribe": (lambda w: ["not-a-real-token"], "400 400 400 400 400 400 400"),
    "forums:index": (lambda w: [], "200 200 200 200 200 200 200"),
    "forums:latest": (lambda w: [], "200 200 200 200 200 200 200"),
    "forums:unread": (lambda w: [], "  L 200 200 200 200 200 200"),
    "forums:new": (lambda w: [], "  L 200 200 200 200 200 200"),
    # A member's threads and replies: as far as their profile is seen (members only here).
    "forums:member_threads": (lambda w: [w.writer.username], "404 200 200 200 200 200 200"),
    "forums:member_replies": (lambda w: [w.writer.username], "404 200 200 200 200 200 200"),
    "forums:post": (lambda w: [w.post.pk], "  F   F   F   F   F   F   F"),
    "forums:reply_to": (lambda w: [w.post.pk], "  L 200 200 200 200 200 200"),
    "forums:edit_post": (lambda w: [w.post.pk], "  L 403 403 403 200 403 200"),
    "forums:delete_post": (lambda w: [w.post.pk], "  L 403 403 403 200 403 200"),
    "forums:report_post": (lambda w: [w.post.pk], "  L 200 200 200 200 200 200"),
    "forums:bookmark_post": (lambda w: [w.post.pk], "  L 200 200 200 200 200 200"),
    "forums:bookmarks": (lambda w: [], "  L 200 200 200 200 200 200"),
    # Reacting, posted empty: refused and back to the post; who reacted, in an open forum.
    "forums:react": (lambda w: [w.post.pk], "  L   F   F   F   F   F   F", POST),
    "forums:post_reactions": (lambda w: [w.post.pk], "200 200 200 200 200 200 200"),
    "forums:reply": (lambda w: [w.private_thread.pk], "  L 200 200 200 200 200 200"),
    "forums:watch_thread": (lambda w: [w.thread.pk], "  L   F   F   F   F   F   F", POST),
    "forums:first_unread": (lambda w: [w.thread.pk], "  L   F   F   F   F   F   F"),
    # The members-only thread's poll, the writer's: posted empty, the vote is refused
    # beside the options ("choose an option"; the suspended member: "you are suspended").
    "forums:poll_vote": (lambda w: [w.private_thread.pk], "  L 200 200 200 200 200 200", POST),
    # Closing it: the writer, or a moderator of its forum (the forum moderator here
    # moderates the public forum only).
    "forums:poll_close": (lambda w: [w.private_thread.pk], "  L 403 403 403 403 403   F", POST),
    # An open thread page's "anything new?": without the page's newest post, 400, to
    # those who may read it; a members-only thread is not found for a visitor.
    "forums:live": (lambda w: [w.private_thread.pk], "404 400 400 400 400 400 400"),
    "forums:moderation_queue": (lambda w: [], "  L 403 403 403 200 403 200"),
    "forums:moderation_log": (lambda w: [], "  L 403 403 403 200 403 200"),
    "forums:resolve_report": (lambda w: [w.report.pk], "  L 403 403 403 200 403 200"),
    "forums:hide_post": (lambda w: [w.post.pk], "  L 403 403 403 200 403 200"),
    "forums:unhide_post": (lambda w: [w.post.pk], "  L 403 403 403   F 403   F", POST),
    "forums:post_history": (lambda w: [w.post.pk], "  L 403 403 403 200 403 200"),
    "forums:lock_thread": (lambda w: [w.thread.pk], "  L 403 403 403   F 403   F", POST),
    "forums:pin_thread": (lambda w: [w.thread.pk], "  L 403 403 403   F 403   F", POST),
    "forums:move_thread": (lambda w: [w.thread.pk], "  L 403 403 403 200 403 200"),
    "forums:retitle_thread": (lambda w: [w.thread.pk], "  L 403 403 403 200 403 200"),
    "forums:suspend_member": (lambda w: [w.writer.username], "  L 403 403 403 403 403 200"),
    "forums:forum": (lambda w: [w.private_forum.slug], "  L 200 200 200 200 200 200"),
    "forums:new_thread": (lambda w: [w.public_forum.slug], "  L 200 200 200 200 200 200"),
    "forums:mark_forum_read": (
        lambda w: [w.public_forum.slug],
        "  L   F   F   F   F   F   F",
        POST,
    ),
    "forums:watch_forum": (lambda w: [w.public_forum.slug], "  L   F   F   F   F   F   F", POST),
    "forums:forum_feed": (lambda w: [w.private_forum.slug], "404 404 404 404 404 404 404"),
    "forums:thread": (
        lambda w: [w.private_forum.slug, w.private_thread.pk, w.private_thread.slug],
        "404 200 200 200 200 200 200",
    ),
    "search": (lambda w: [], "200 200 200 200 200 200 200"),
    "robots_txt": (lambda w: [], "200 200 200 200 200 200 200"),
    "endorse": (lambda w: [w.drive_id], "200 200 200 200 200 200 200", POST),
    "endorsement_confirm": (lambda w: ["not-a-real-token"], "400 400 400 400 400 400 400"),
    "endorsement_withdraw": (lambda w: ["not-a-real-token"], "400 400 400 400 400 400 400"),
    "wagtailcore_login": (lambda w: [], "  L   L   L   L   L   L   L"),
}


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "")
            yield ":".join(filter(None, [namespace, pattern.name])), module


# Addresses whose views are the admins' own, under their own permission system.
LIBRARY_ADMIN = (
    "wagtail.",
    "django.contrib.admin",
    "django.contrib.auth.admin",
    "django.contrib.contenttypes",
    "taggit.admin",
)


def named_addresses() -> set[str]:
    return {
        name
        for name, module in walk(get_resolver().url_patterns)
        if not module.startswith(LIBRARY_ADMIN)
    }


def test_every_named_address_has_its_row():
    assert named_addresses() - set(MATRIX) == set()
    assert set(MATRIX) - named_addresses() - ADMIN_HOMES == set()


ADMIN_HOMES = {"wagtailadmin_home", "admin:index"}


@pytest.fixture
def world(no_pause_between_posts, settings):
    settings.SECOND_FACTOR_REQUIRED = True  # the moderators, editor and staff have one
    return make_world()


@pytest.mark.parametrize("role", ROLES)
def test_who_gets_what(client, world, role):
    """Each role visits every address (one world per role: building it is most of the
    time); the test lists every address that answered otherwise."""
    column = ROLES.index(role)
    wrong = []
    for name, (arguments, expected, *method) in sorted(MATRIX.items()):
        if world.people[role] is not None:  # again each time: some addresses sign out
            client.force_login(world.people[role])
        url = reverse(name, args=arguments(world))
        visit = client.post if method == [POST] else client.get
        got, wanted = answer(visit(url)), expected.split()[column]
        if got != wanted:
            wrong.append(f"{name} {url}: {got}, not {wanted}")
    assert wrong == []


def answer(response) -> str:
    if response.status_code != 302:
        return str(response.status_code)
    return "L" if response["Location"].startswith(reverse("account_login")) else "F"
