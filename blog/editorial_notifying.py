"""What the blog tells the people who write and review pages in the admin, through the
notifications like everything else (in place of Wagtail's own emails): editors hear of
an article submitted for their review; whoever submitted it hears of each decision,
approved or sent back with the reviewer's comment; and those who follow a page hear of
the comments written on it in the editor.

Wagtail sends its workflow emails from receivers it connects when its admin app is
ready, each under a ``dispatch_uid``. Our apps are readied first (they come first in
INSTALLED_APPS), and a signal keeps the first receiver connected under a given
``dispatch_uid``: so the receivers below, connected under Wagtail's ids, take the place
of its emails, and nobody gets both. https://docs.wagtail.org/en/stable/reference/signals.html
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    Comment,
    CommentReply,
    GroupApprovalTask,
    Page,
    PageSubscription,
    TaskState,
    WorkflowState,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import task_approved, task_submitted, workflow_approved, workflow_rejected

from network.notifications import actions as notifications
from network.notifications import kinds, sources
from network.notifications.kinds import Kind
from network.notifications.sources import Subject

EXCERPT_CHARS = 300

# How the notices read, in network.notifications.wording's placeholders. Lazy, here and in
# the sources below: the worker reads an event's subject once for all its recipients, and
# the sentence is worded when each one's is.
# Translators: {actor} is a person's name, {title} a page's title in quotes, {place} a
# workflow's name. Keep the braces and the words in them as they are.
ASKED_FOR_CHANGES = _("{actor} asked for changes to {title}")
APPROVED = _("{actor} approved {title}")
APPROVED_FOR_NEXT_STEP = _("{actor} approved {title}; it goes on to the next step of {place}")
page_permissions = PagePermissionPolicy()


def editing_conversation(page_id: int) -> str:
    """What is said about a page in the admin: opening its edit view marks it read."""
    return f"blog.editing.{page_id}"


def _page_id(workflow_state: WorkflowState) -> int | None:
    """The page in review, or None when the workflow is on a snippet: none of ours has
    one, and these notices speak of pages (their title, their editor's address)."""
    if workflow_state.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return None
    return int(workflow_state.object_id)


# --- Submitted for review -----------------------------------------------------------


def submitted_for_review(sender, instance: TaskState, user=None, **kwargs) -> None:
    """An article waits in a group-approval task: its group's members hear of it, by
    their choice for reviews (Wagtail's "submitted" email, replaced)."""
    task = instance.task.specific
    groups = getattr(task, "groups", None)
    page_id = _page_id(instance.workflow_state)
    if groups is None or page_id is None:
        return
    editors = (
        get_user_model()
        .objects.filter(groups__in=groups.all(), is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    notifications.record(
        ReviewSource.name,
        instance.pk,
        actor=user,
        conversation=editing_conversation(page_id),
        direct=dict.fromkeys(editors, Kind.REVIEW),
    )


task_submitted.connect(
    submitted_for_review,
    sender=TaskState,
    dispatch_uid="group_approval_task_submitted_email_notification",
)


# --- Decisions ----------------------------------------------------------------------


def _tell_submitter(task_state: TaskState, workflow_state: WorkflowState, user) -> None:
    """Whoever submitted the article hears of a reviewer's decision, unless they made it
    themselves (an editor approving their own submission gets nothing)."""
    submitter = workflow_state.requested_by
    page_id = _page_id(workflow_state)
    if submitter is None or not submitter.is_active or submitter == user or page_id is None:
        return
    notifications.record(
        DecisionSource.name,
        task_state.pk,
        actor=user,
        conversation=editing_conversation(page_id),
        direct={submitter.pk: Kind.REVIEWED},
        once=True,
    )


def workflow_finished(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    """The last step approved it (it is published), or a step sent it back for changes:
    Wagtail's "approved" and "rejected" emails, replaced."""
    _tell_submitter(instance.current_task_state, instance, user)


def step_approved(sender, instance, user=None, **kwargs) -> None:
    """A step approved it and it goes on to the next; the last step's approval is told
    by ``workflow_finished`` (Wagtail sends that first), and a step that sends it back
    ends the workflow for changes, told there too."""
    if not isinstance(instance, TaskState):
        return
    workflow_state = instance.workflow_state
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        _tell_submitter(instance, workflow_state, user)


workflow_approved.connect(
    workflow_finished,
    sender=WorkflowState,
    dispatch_uid="workflow_state_approved_email_notification",
)
workflow_rejected.connect(
    workflow_finished,
    sender=WorkflowState,
    dispatch_uid="workflow_state_rejected_email_notification",
)
task_approved.connect(step_approved, dispatch_uid="blog.editorial_notifying.step_approved")


# --- What they read -----------------------------------------------------------------


def _name(user) -> str:
    if user is None:
        return settings.SITE_NAME
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.username


def _excerpt(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(EXCERPT_CHARS)


class AdminPages:
    """The pages some notifications are about, as the inbox's reader may see them now:
    their titles as drafted (the latest revision's: what the reviewer saw) and which of
    them ``viewer`` may still open in the admin. Two queries however many."""

    def __init__(self, page_ids: set[int], viewer):
        self.titles = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "draft_title"))
        self.editable = set(self.titles)
        if viewer is not None:
            self.editable = set(
                page_permissions.instances_user_has_permission_for(viewer, "change")
                .filter(pk__in=page_ids)
                .values_list("pk", flat=True)
            )

    def subject(self, page_id: int, **fields) -> Subject:
        available = fields.pop("available", True) and page_id in self.editable
        return Subject(
            title=self.titles[page_id],
            url=reverse("wagtailadmin_pages:edit", args=(page_id,)),
            available=available,
            **fields,
        )


def _task_states(object_ids):
    """Task states with what their subjects need, and their pages' ids: one query."""
    states = TaskState.objects.filter(pk__in=list(object_ids)).select_related(
        "task",
        "workflow_state__workflow",
        "workflow_state__requested_by__profile",
        "finished_by__profile",
    )
    return [(state, page_id) for state in states if (page_id := _page_id(state.workflow_state))]


class ReviewSource(sources.Source):
    """A task state of a page waiting for review; told to the task's group only."""

    name = "blog.review"

    def subjects(self, object_ids, viewer=None):
        states = _task_states(object_ids)
        pages = AdminPages({page_id for _, page_id in states}, viewer)
        return {
            state.pk: pages.subject(
                page_id,
                place=state.workflow_state.workflow.name,
                actor_name=_name(state.workflow_state.requested_by),
                created_at=state.started_at,
                # A draft is not published: its words stay in the admin.
                excerpt="",
                available=state.status == TaskState.STATUS_IN_PROGRESS,
            )
            for state, page_id in states
            if page_id in pages.titles
        }


class DecisionSource(sources.Source):
    """A reviewer's decision on a task state: approved (the last step: published; or on
    to the next step), or sent back for changes. Told to whoever submitted it, with the
    reviewer's comment."""

    name = "blog.review_decision"

    def subjects(self, object_ids, viewer=None):
        states = _task_states(object_ids)
        pages = AdminPages({page_id for _, page_id in states}, viewer)
        found = {}
        for state, page_id in states:
            if page_id not in pages.titles:
                continue
            workflow_state = state.workflow_state
            if state.status == TaskState.STATUS_REJECTED:
                headline = ASKED_FOR_CHANGES
            elif workflow_state.current_task_state_id == state.pk:
                headline = APPROVED
            else:
                headline = APPROVED_FOR_NEXT_STEP
            found[state.pk] = pages.subject(
                page_id,
                place=workflow_state.workflow.name,
                actor_name=_name(state.finished_by),
                created_at=state.finished_at or state.started_at,
                excerpt=_excerpt(state.comment),
                headline=headline,
            )
        return found


sources.register(ReviewSource())
sources.register(DecisionSource())


# --- Comments in the editor ---------------------------------------------------------


def comments_changed(page, editor, changes: dict) -> None:
    """Tell who follows ``page`` of the comments ``editor`` just wrote, replied to or
    resolved on it in the editor, as Wagtail's own email would have (our EditView calls
    this in its place): the page's subscribers (its creator is one, unless they opted
    out in the editor) of everything, and whoever wrote in a comment's thread of the
    replies and resolution there. Deleted and edited comments are not news. Nobody
    hears of their own words."""
    subscribers = set(
        PageSubscription.objects.filter(page=page, comment_notifications=True).values_list(
            "user_id", flat=True
        )
    )
    told = []
    for comment in changes["new_comments"]:
        told.append((NewCommentSource, comment.pk, subscribers))
    for comment, replies in changes["new_replies"]:
        people = subscribers | _thread_writers(comment)
        told.extend((ReplySource, reply.pk, people) for reply in replies)
    for comment in changes["resolved_comments"]:
        told.append((ResolvedSource, comment.pk, subscribers | _thread_writers(comment)))
    if not told:
        return
    allowed = set(
        get_user_model()
        .objects.filter(pk__in=set().union(*(people for _, _, people in told)), is_active=True)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for source, object_id, people in told:
            notifications.record(
                source.name,
                object_id,
                actor=editor,
                conversation=editing_conversation(page.pk),
                direct=dict.fromkeys(people & allowed, Kind.ADMIN_COMMENT),
                once=True,
            )


def _thread_writers(comment: Comment) -> set[int]:
    return {comment.user_id} | set(comment.replies.values_list("user_id", flat=True))


class CommentSource(sources.Source):
    """Something written on a page in the editor's comments; ``read`` gives each
    object's ``(page_id, writer, text, when)``."""

    headline = ""

    def read(self, object_ids) -> dict[int, tuple]:
        raise NotImplementedError

    def subjects(self, object_ids, viewer=None):
        written = self.read(object_ids)
        pages = AdminPages({page_id for page_id, *_ in written.values()}, viewer)
        return {
            pk: pages.subject(
                page_id,
                place=_("Comments in the editor"),
                actor_name=_name(writer),
                created_at=when,
                excerpt=_excerpt(text),
                headline=self.headline,
            )
            for pk, (page_id, writer, text, when) in written.items()
            if page_id in pages.titles
        }


class NewCommentSource(CommentSource):
    name = "blog.admin_comment"
    headline = _("{actor} commented on {title}")

    def read(self, object_ids):
        comments = Comment.objects.filter(pk__in=list(object_ids)).select_related("user__profile")
        return {c.pk: (c.page_id, c.user, c.text, c.created_at) for c in comments}


class ReplySource(CommentSource):
    name = "blog.admin_comment_reply"
    headline = _("{actor} replied to a comment on {title}")

    def read(self, object_ids):
        replies = CommentReply.objects.filter(pk__in=list(object_ids)).select_related(
            "comment", "user__profile"
        )
        return {r.pk: (r.comment.page_id, r.user, r.text, r.created_at) for r in replies}


class ResolvedSource(CommentSource):
    name = "blog.admin_comment_resolved"
    headline = _("{actor} resolved a comment on {title}")

    def read(self, object_ids):
        comments = Comment.objects.filter(
            pk__in=list(object_ids), resolved_at__isnull=False
        ).select_related("resolved_by__profile")
        return {c.pk: (c.page_id, c.resolved_by, c.text, c.resolved_at) for c in comments}


sources.register(NewCommentSource())
sources.register(ReplySource())
sources.register(ResolvedSource())


# --- Who is offered these kinds -----------------------------------------------------


def reviews_articles(user) -> bool:
    """Whether ``user`` is in a group that approves some step of a workflow: they are
    who hears of articles submitted for review."""
    return (
        user.is_active and GroupApprovalTask.objects.filter(active=True, groups__user=user).exists()
    )


def writes_articles(user) -> bool:
    """Whether ``user`` may add or edit pages in the admin, so may submit them for review
    and comment on them there."""
    return user.is_active and page_permissions.user_has_any_permission(user, {"add", "change"})


kinds.offer_only_to(Kind.REVIEW, reviews_articles)
kinds.offer_only_to(Kind.REVIEWED, writes_articles)
kinds.offer_only_to(Kind.ADMIN_COMMENT, writes_articles)


def mark_read_on_opening(request, page) -> None:
    """Opening a page in the admin is reading what was said of it there (the
    ``before_edit_page`` hook, in wagtail_hooks)."""
    notifications.mark_conversation_read(
        request.user, editing_conversation(page.pk), timezone.now()
    )
