"""Whoever submits an article for review hears of each decision through the
notifications, not Wagtail's own emails: approved (published, or on to the next step),
or sent back with the reviewer's comment. Comments written in the admin's editor go the
same way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowTask

from network.notifications import actions
from network.notifications.kinds import Delivery, Kind
from network.notifications.models import Notification
from tests.factories import articles_index, make_article
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(db):
    user = established(
        username="jo_writes", email="jo@example.org", profile__display_name="Jo Writes"
    )
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


@pytest.fixture
def editor(db):
    user = established(
        username="ella_edits", email="ella@example.org", profile__display_name="Ella Edits"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def submitted(contributor, posting):
    """The contributor's draft, submitted to "Editorial review"; the editors' emails
    about it gone out."""
    draft = make_article("Organizing the Piedmont", publish=False, owner=contributor)
    posting(draft.get_workflow().start, draft, contributor)
    mail.outbox.clear()
    return draft


def decide(posting, page, user, action: str, comment: str = ""):
    page.refresh_from_db()
    task_state = page.current_workflow_state.current_task_state
    posting(getattr(task_state, action), user=user, comment=comment)
    page.refresh_from_db()


def told(user):
    return list(Notification.objects.filter(recipient=user, kind=Kind.REVIEWED).order_by("pk"))


def test_the_contributor_hears_in_our_email_that_the_editor_approved(
    client, posting, submitted, contributor, editor
):
    client.force_login(editor)
    task_state = submitted.current_workflow_state.current_task_state

    response = posting(
        client.post,
        reverse(
            "wagtailadmin_pages:workflow_action", args=(submitted.pk, "approve", task_state.pk)
        ),
        {"comment": ""},
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    # One email, ours (Wagtail's own "approved" email is not sent beside it).
    [email] = mail.outbox
    assert email.to == ["jo@example.org"]
    assert email.subject == "Ella Edits approved “Organizing the Piedmont”"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    edit_url = f"https://network.example/admin/pages/{submitted.pk}/edit/"
    assert edit_url in email.body
    assert edit_url in email.alternatives[0][0]
    [row] = told(contributor)
    assert row.email == Notification.Email.SENT


def test_changes_asked_reach_the_contributor_with_the_reviewers_comment(
    client, posting, submitted, contributor, editor
):
    client.force_login(editor)
    task_state = submitted.current_workflow_state.current_task_state

    posting(
        client.post,
        reverse("wagtailadmin_pages:workflow_action", args=(submitted.pk, "reject", task_state.pk)),
        {"comment": "Please name the three locals & their cities."},
    )

    [email] = mail.outbox
    assert email.subject == "Ella Edits asked for changes to “Organizing the Piedmont”"
    assert "Please name the three locals & their cities." in email.body
    assert "Please name the three locals &amp; their cities." in email.alternatives[0][0]

    client.force_login(contributor)
    inbox = client.get(reverse("notifications:inbox")).text
    assert "Ella Edits asked for changes to ‘Organizing the Piedmont’" in inbox
    assert "Please name the three locals &amp; their cities." in inbox


def test_a_reviewer_deciding_on_their_own_submission_is_told_nothing(posting, editor):
    draft = make_article("My own piece", publish=False, owner=editor)
    posting(draft.get_workflow().start, draft, editor)
    mail.outbox.clear()

    decide(posting, draft, editor, "approve")

    assert draft.live
    assert told(editor) == []
    assert mail.outbox == []


def test_the_contributors_choice_for_reviews_holds(posting, submitted, contributor, editor):
    actions.set_preferences(contributor, {Kind.REVIEWED: Delivery.SITE})

    decide(posting, submitted, editor, "reject", "Shorter, please.")

    assert [row.email for row in told(contributor)] == [Notification.Email.NONE]
    assert mail.outbox == []

    actions.set_preferences(contributor, {Kind.REVIEWED: Delivery.OFF})
    posting(submitted.current_workflow_state.resume, contributor)
    decide(posting, submitted, editor, "approve")

    assert len(told(contributor)) == 1


def test_each_step_of_a_longer_workflow_is_told_then_the_approval(
    client, posting, contributor, editor
):
    lawyers = Group.objects.create(name="Lawyers")
    GroupPagePermission.objects.create(
        group=lawyers,
        page=articles_index(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    lawyer = established(profile__display_name="Lee Lawyer")
    lawyer.groups.add(lawyers)
    legal = GroupApprovalTask.objects.create(name="Legal check")
    legal.groups.add(lawyers)
    WorkflowTask.objects.create(
        workflow=Workflow.objects.get(name="Editorial review"), task=legal, sort_order=1
    )
    draft = make_article("Organizing the Piedmont", publish=False, owner=contributor)
    posting(draft.get_workflow().start, draft, contributor)

    decide(posting, draft, editor, "approve")

    assert not draft.live
    assert [row.kind for row in Notification.objects.filter(recipient=lawyer)] == [Kind.REVIEW]
    client.force_login(contributor)
    inbox = client.get(reverse("notifications:inbox")).text
    assert (
        "Ella Edits approved ‘Organizing the Piedmont’; it goes on to the next step of "
        "Editorial review" in inbox
    )

    decide(posting, draft, lawyer, "approve")

    assert draft.live
    assert len(told(contributor)) == 2
    assert "Lee Lawyer approved ‘Organizing the Piedmont’<" in (
        client.get(reverse("notifications:inbox")).text
    )


def test_opening_the_article_in_the_admin_marks_its_review_news_read(
    client, posting, submitted, contributor, editor
):
    decide(posting, submitted, editor, "reject", "Shorter, please.")
    client.force_login(contributor)

    assert client.get(reverse("wagtailadmin_pages:edit", args=(submitted.pk,))).status_code == 200

    assert told(contributor)[0].read_at is not None
    contributor.profile.refresh_from_db()
    assert contributor.profile.unread_notifications == 0


def test_editors_see_the_review_request_read_once_they_open_it(
    client, contributor, editor, posting
):
    draft = make_article("Organizing the Piedmont", publish=False, owner=contributor)
    posting(draft.get_workflow().start, draft, contributor)
    client.force_login(editor)

    client.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))

    assert Notification.objects.get(recipient=editor, kind=Kind.REVIEW).read_at is not None


def test_someone_who_can_no_longer_edit_the_article_sees_nothing_of_it_in_the_inbox(
    client, posting, submitted, contributor, editor
):
    decide(posting, submitted, editor, "reject", "The part about the landlord is libel.")
    contributor.groups.clear()
    client.force_login(contributor)

    inbox = client.get(reverse("notifications:inbox")).text

    assert "Organizing the Piedmont" not in inbox
    assert "libel" not in inbox
    assert "No longer on the site, or no longer open to you" in inbox
    row = told(contributor)[0]
    response = client.get(reverse("notifications:open", args=[row.pk]), follow=True)
    assert "no longer open to you" in response.text
    assert response.redirect_chain[-1][0] == reverse("notifications:inbox")


# Comments written on a page in the admin's editor: told through the notifications too.


def comment_form(*comments, following=False) -> dict:
    """The admin's article form with ``comments`` (dicts of a comment's fields, and
    "replies": a list of dicts) as the editor's comment panel posts them; ``following``
    is the editor's "comment notifications" switch for the page."""
    from wagtail.test.utils.form_data import inline_formset

    from tests.blog.test_editing import article_form

    forms = []
    for comment in comments:
        replies = comment.get("replies", [])
        forms.append(
            {
                "id": "",
                "contentpath": "title",
                "position": "",
                "resolved": "",
                "DELETE": "",
                **{key: value for key, value in comment.items() if key != "replies"},
                "replies": inline_formset(
                    [{"id": "", "DELETE": "", **reply} for reply in replies],
                    initial=sum(1 for reply in replies if reply.get("id")),
                ),
            }
        )
    initial = sum(1 for comment in comments if comment.get("id"))
    following = {"comment_notifications": "on"} if following else {}
    return article_form(comments=inline_formset(forms, initial=initial), **following)


@pytest.fixture
def written_in_the_admin(client, contributor, posting):
    """The contributor's draft, made in the admin (which subscribes its writer to its
    comments)."""
    from tests.blog.test_editing import add_article_url, article, article_form

    client.force_login(contributor)
    # Wagtail's editor has the writer follow the comments of a page they create.
    form = article_form(comment_notifications="on")
    assert client.post(add_article_url(), form).status_code == 302
    mail.outbox.clear()
    return article()


def edit_page(client, posting, user, page, form):
    client.force_login(user)
    response = posting(client.post, reverse("wagtailadmin_pages:edit", args=(page.pk,)), form)
    assert response.status_code == 302, response.text
    return response


def test_the_writer_hears_of_an_editors_comment_in_our_email_only(
    client, posting, written_in_the_admin, contributor, editor
):
    edit_page(client, posting, editor, written_in_the_admin, comment_form({"text": "Which local?"}))

    [email] = mail.outbox  # not Wagtail's "updated comments" email beside it
    assert email.to == ["jo@example.org"]
    assert email.subject == "Ella Edits commented on “Organizing the Piedmont”"
    assert "Which local?" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/admin/pages/{written_in_the_admin.pk}/edit/" in email.body
    assert [row.kind for row in Notification.objects.filter(recipient=contributor)] == [
        Kind.ADMIN_COMMENT
    ]
    assert not Notification.objects.filter(recipient=editor).exists()


def test_replies_and_resolving_reach_whoever_wrote_in_the_comments_thread(
    client, posting, written_in_the_admin, contributor, editor
):
    from wagtail.models import Comment

    bystander = established(email="bystander@example.org")
    bystander.groups.add(Group.objects.get(name="Editors"))
    page = written_in_the_admin
    edit_page(client, posting, editor, page, comment_form({"text": "Which local?"}))
    comment = Comment.objects.get(page=page)
    mail.outbox.clear()

    edit_page(
        client,
        posting,
        contributor,
        page,
        comment_form(
            {"id": comment.pk, "text": "Which local?", "replies": [{"text": "UE Local 150."}]},
            following=True,
        ),
    )

    [email] = mail.outbox
    assert email.to == ["ella@example.org"]
    assert email.subject == "Jo Writes replied to a comment on “Organizing the Piedmont”"
    assert "UE Local 150." in email.body
    reply = comment.replies.get()
    mail.outbox.clear()
    # Past the five minutes in which more news of the page would wait to go out as one.
    Notification.objects.update(emailed_at=timezone.now() - timedelta(minutes=10))

    edit_page(
        client,
        posting,
        editor,
        page,
        comment_form(
            {
                "id": comment.pk,
                "text": "Which local?",
                "resolved": "on",
                "replies": [{"id": reply.pk, "text": "UE Local 150."}],
            }
        ),
    )

    [email] = mail.outbox
    assert email.to == ["jo@example.org"]
    assert email.subject == "Ella Edits resolved a comment on “Organizing the Piedmont”"
    assert not Notification.objects.filter(recipient=bystander).exists()


def test_the_admins_account_page_points_to_our_settings_not_wagtails_switches(client, editor):
    client.force_login(editor)

    page = client.get(reverse("wagtailadmin_account")).text

    assert 'name="notifications-approved_notifications"' not in page
    assert reverse("notifications:settings") in page
