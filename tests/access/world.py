"""The people and things the permission matrix visits: one of each role, and content a
third member (the writer) owns, in a public forum and a members-only one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.utils import timezone

from forums import actions, moderation
from forums.models import Forum, Post, Report, Suspension, Thread
from forums.models.polls import NewPoll
from network.conversations import actions as conversations
from network.conversations.models import Conversation, Message, MessageReport
from network.directory.models import LocalProject, Organization
from network.leaving.models import DataExport
from network.notifications.models import Notification
from network.recruiting import actions as recruiting
from tests.blog.endorsements.helpers import make_campaign
from tests.factories import UserFactory
from tests.network.directory_data import make_organization, make_project

ROLES = (
    "anonymous",
    "new_member",
    "member",
    "suspended",
    "forum_moderator",
    "editor",
    "staff",
)


def established(**fields):
    return UserFactory(date_joined=timezone.now() - timedelta(days=60), **fields)


@dataclass
class World:
    people: dict
    writer: object
    public_forum: Forum
    private_forum: Forum
    thread: Thread
    private_thread: Thread
    post: Post
    report: Report
    notification: Notification
    organization: Organization
    project: LocalProject
    drive_id: int
    invitation: object
    export: object
    passkey: object
    session: object
    # The writer's conversation with the reporter, who reported the writer's message.
    conversation: Conversation | None = None
    message: Message | None = None
    message_report: MessageReport | None = None


def make_world() -> World:
    people = {
        "anonymous": None,
        "new_member": UserFactory(username="newcomer"),
        "member": established(username="member"),
        "suspended": established(username="suspended"),
        "forum_moderator": established(username="forum_mod"),
        "editor": established(username="editor"),
        # An administrator of the site.
        "staff": established(username="staffer", is_staff=True, is_superuser=True),
    }
    Suspension.objects.create(
        user=people["suspended"], until=timezone.now() + timedelta(days=7), reason="Spam"
    )
    people["editor"].groups.add(Group.objects.get(name="Editors"))
    # The site asks a second factor of whoever moderates, edits or administers.
    for role in ("forum_moderator", "editor", "staff"):
        Authenticator.objects.create(
            user=people[role], type=Authenticator.Type.TOTP, data={"secret": "unused"}
        )
    public_forum = Forum.objects.get(slug="housing")
    private_forum = Forum.objects.get(slug="georgia")
    public_forum.moderators.add(people["forum_moderator"])

    writer = established(username="writer", profile__visibility="members")
    thread = actions.start_thread(public_forum, writer, "A public thread", "Opening words.")
    private_thread = actions.start_thread(
        private_forum,
        writer,
        "A members-only thread",
        "Words for members.",
        poll=NewPoll(options=["Yes", "No"]),
    )
    reporter = established(username="reporter")
    # A reply that mentions the writer: the writer's notification.
    post = actions.post_reply(thread, reporter, "Thanks, @writer.")
    report = moderation.report_post(post, writer, reason=Report.Reason.OFF_TOPIC)
    notification = Notification.objects.get(recipient=writer)
    _, drive = make_campaign()
    invitation = recruiting.invite(writer, "friend@example.org", recruiting.network_settings())
    conversation = conversations.start_conversation(writer, [reporter], "Between the two of us.")
    message = conversation.messages.get()
    message_report = conversations.report(message, reporter, "spam")
    return World(
        conversation=conversation,
        message=message,
        message_report=message_report,
        people=people,
        writer=writer,
        public_forum=public_forum,
        private_forum=private_forum,
        thread=thread,
        private_thread=private_thread,
        post=post,
        report=report,
        notification=notification,
        organization=make_organization("Tenant Union of Atlanta"),
        project=make_project(contacts=[writer]),
        drive_id=drive.pk,
        invitation=invitation,
        passkey=Authenticator.objects.create(
            user=writer, type=Authenticator.Type.WEBAUTHN, data={"name": "Writer's phone"}
        ),
        session=UserSession.objects.create(
            user=writer, ip="203.0.113.9", session_key="writers-session", user_agent="Firefox"
        ),
        export=DataExport.objects.create(
            member=writer,
            status=DataExport.Status.READY,
            file_name="writer.zip",
            expires_at=timezone.now() + timedelta(days=7),
        ),
    )
