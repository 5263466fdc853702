"""The editors' side of the blog, through the Wagtail admin as people use it: writing
articles and cross-posts, submitting them to the "Editorial review" workflow, approving
or sending them back, and scheduling them."""

from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import ArticlePage
from blog.tasks import publish_scheduled_pages
from tests.factories import UserFactory, articles_index, make_article

pytestmark = pytest.mark.django_db

SOURCE_ERROR = "A cross-post needs its source’s name and its address"


@pytest.fixture
def mail_through_celery(settings, celery_conf):
    """Mail goes through the site's Celery backend; the task runs in-process and
    delivers to Django's in-memory outbox."""
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_conf(task_always_eager=True, task_eager_propagates=True)


def add_article_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("blog", "articlepage", articles_index().pk))


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def article_form(action: str | None = None, **fields) -> dict:
    """What the admin's article form posts. ``action`` is the button pressed:
    "publish", "submit" (to the workflow), or None to save a draft."""
    data = {
        "title": "Organizing the Piedmont",
        "slug": "organizing-the-piedmont",
        "language": "en",
        "subtitle": "",
        "introduction": "How three locals won recognition in a year.",
        "article_authors": inline_formset([]),
        "source_name": "",
        "source_url": "",
        "original_author": "",
        "original_date": "",
        "permission_note": "",
        "canonical_to_source": "on",
        "lead_image": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "body": streamfield([("paragraph", rich_text("<p>It began with a petition.</p>"))]),
        "display_date": "",
        "tags": "",
        "endorsement_note": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        **fields,
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def article(slug: str = "organizing-the-piedmont") -> ArticlePage:
    return ArticlePage.objects.get(slug=slug)


def errors_beside(response, field_name: str) -> str:
    """The text of the error messages shown in the field's own wrapper in the form."""
    soup = BeautifulSoup(response.text, "html.parser")
    wrapper = soup.find(id=f"id_{field_name}").find_parent(attrs={"data-field": True})
    return " ".join(error.get_text(" ", strip=True) for error in wrapper.select(".error-message"))


def outbox_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


# Cross-posts name and link their source before anyone reads them.


SOURCE_URL = "https://labornotes.org/2025/organizing-the-piedmont"


@pytest.mark.parametrize("action", ["publish", "submit"])
@pytest.mark.parametrize(
    ("given", "value", "missing"),
    [("source_name", "Labor Notes", "source_url"), ("source_url", SOURCE_URL, "source_name")],
    ids=["name-only", "url-only"],
)
def test_cross_post_without_its_source_named_and_linked_is_refused(
    client, editor, action, given, value, missing
):
    client.force_login(editor)

    response = client.post(add_article_url(), article_form(action, **{given: value}))

    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="organizing-the-piedmont").exists()
    assert not WorkflowState.objects.exists()
    assert SOURCE_ERROR in errors_beside(response, missing)
    assert errors_beside(response, given) == ""
    assert errors_beside(response, "title") == ""


@pytest.mark.parametrize("action", ["publish", "submit"])
def test_editing_a_draft_cross_post_cannot_publish_or_submit_it_without_its_source(
    client, editor, action
):
    draft = make_article("Organizing the Piedmont", publish=False, source_name="Labor Notes")
    client.force_login(editor)

    response = client.post(edit_url(draft), article_form(action, source_name="Labor Notes"))

    assert response.status_code == 200
    assert SOURCE_ERROR in errors_beside(response, "source_url")
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state is None


def test_a_draft_of_an_incomplete_cross_post_can_be_saved(client, editor):
    client.force_login(editor)

    response = client.post(add_article_url(), article_form(source_name="Labor Notes"))

    assert response.status_code == 302
    page = article()
    assert not page.live
    assert page.get_latest_revision_as_object().source_name == "Labor Notes"


def test_a_cross_post_with_its_source_named_and_linked_is_published(client, editor):
    client.force_login(editor)

    response = client.post(
        add_article_url(),
        article_form(
            "publish",
            source_name="Labor Notes",
            source_url=SOURCE_URL,
        ),
    )

    assert response.status_code == 302
    page = article()
    assert page.live
    assert page.is_cross_post
    assert client.get(page.url).status_code == 200


def test_an_original_author_without_a_source_is_refused(client, editor):
    """Without a source the article is not a cross-post and the name would never show."""
    client.force_login(editor)

    response = client.post(add_article_url(), article_form("publish", original_author="Ella Baker"))

    assert response.status_code == 200
    assert SOURCE_ERROR in errors_beside(response, "source_name")
    assert not ArticlePage.objects.filter(slug="organizing-the-piedmont").exists()


# Original articles.


def test_an_original_article_is_published(client, editor):
    client.force_login(editor)

    response = client.post(add_article_url(), article_form("publish"))

    assert response.status_code == 302
    page = article()
    assert page.live
    assert not page.is_cross_post
    assert "It began with a petition." in client.get(page.url).text


def test_an_article_needs_an_introduction_to_be_published(client, editor):
    client.force_login(editor)

    response = client.post(add_article_url(), article_form("publish", introduction=""))

    assert response.status_code == 200
    assert "This field is required." in errors_beside(response, "introduction")
    assert not ArticlePage.objects.filter(slug="organizing-the-piedmont").exists()


def test_a_draft_may_be_saved_without_an_introduction(client, editor):
    client.force_login(editor)

    response = client.post(add_article_url(), article_form(introduction=""))

    assert response.status_code == 302
    page = article()
    assert not page.live
    assert page.introduction == ""


# Contributors write, Editors review.


def submit_as_contributor(client, contributor) -> ArticlePage:
    client.force_login(contributor)
    response = client.post(add_article_url(), article_form("submit"))
    assert response.status_code == 302
    return article()


def test_contributor_is_not_offered_a_publish_button(client, contributor):
    client.force_login(contributor)

    form = client.get(add_article_url())

    assert form.status_code == 200
    assert 'name="action-submit"' in form.text
    assert 'name="action-publish"' not in form.text


def test_contributor_cannot_publish(client, contributor):
    client.force_login(contributor)

    client.post(add_article_url(), article_form("publish"))
    page = article()
    assert not page.live

    client.post(edit_url(page), article_form("publish"))
    page.refresh_from_db()
    assert not page.live
    assert page.first_published_at is None


def test_contributor_submits_and_editors_get_an_email(
    client, contributor, editor, mail_through_celery, django_capture_on_commit_callbacks
):
    other_editor = UserFactory(username="sam_edits")
    other_editor.groups.add(Group.objects.get(name="Editors"))

    with django_capture_on_commit_callbacks(execute=True):
        page = submit_as_contributor(client, contributor)
        assert mail.outbox == [], "mail leaves through Celery once the submission commits"

    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.name == "Editors approve"
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [editor.email, other_editor.email]
    )
    message = outbox_to(editor)[0]
    assert "Organizing the Piedmont" in message.subject
    assert edit_url(page) in message.body


def test_only_editors_are_emailed_when_an_article_is_submitted(
    client, contributor, editor, mail_through_celery, django_capture_on_commit_callbacks
):
    UserFactory(username="site_admin", is_superuser=True, is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        submit_as_contributor(client, contributor)

    assert [message.to for message in mail.outbox] == [[editor.email]]


def approve_or_reject(client, editor, page, action: str, comment: str = ""):
    task_state = page.current_workflow_state.current_task_state
    client.force_login(editor)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)),
        {"comment": comment},
    )


def test_editor_approves_and_the_contributor_gets_an_email(
    client, contributor, editor, mail_through_celery, django_capture_on_commit_callbacks
):
    page = submit_as_contributor(client, contributor)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = approve_or_reject(client, editor, page, "approve")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    assert [message.to for message in mail.outbox] == [[contributor.email]]
    assert "Organizing the Piedmont" in mail.outbox[0].subject
    assert "approved" in mail.outbox[0].subject.lower()


def test_editor_approves_from_the_edit_form(
    client, contributor, editor, mail_through_celery, django_capture_on_commit_callbacks
):
    page = submit_as_contributor(client, contributor)
    mail.outbox.clear()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(page),
            article_form(**{"action-workflow-action": "true", "workflow-action-name": "approve"}),
        )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert [message.to for message in mail.outbox] == [[contributor.email]]


def test_editor_requests_changes_and_the_contributor_gets_an_email(
    client, contributor, editor, mail_through_celery, django_capture_on_commit_callbacks
):
    page = submit_as_contributor(client, contributor)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = approve_or_reject(
            client, editor, page, "reject", comment="Please add the local's name."
        )

    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [message.to for message in mail.outbox] == [[contributor.email]]
    assert "Organizing the Piedmont" in mail.outbox[0].subject
    assert "Please add the local's name." in mail.outbox[0].body


def test_contributor_revises_and_resubmits_after_changes_are_requested(
    client, contributor, editor, mail_through_celery, django_capture_on_commit_callbacks
):
    page = submit_as_contributor(client, contributor)
    approve_or_reject(client, editor, page, "reject", comment="Name the locals.")
    mail.outbox.clear()
    client.force_login(contributor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(page),
            article_form("submit", introduction="How UE Local 150 and two others won."),
        )

    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision_as_object().introduction.startswith("How UE Local 150")
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_contributor_cannot_edit_someone_elses_article(client, contributor):
    draft = make_article("Someone else's draft", publish=False)
    client.force_login(contributor)

    response = client.get(edit_url(draft))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_approval_does_not_publish_an_incomplete_draft_saved_during_review(
    client, contributor, editor
):
    page = submit_as_contributor(client, contributor)
    client.force_login(editor)
    client.post(edit_url(page), article_form(source_name="Labor Notes"))

    approve_or_reject(client, editor, page, "approve")

    page.refresh_from_db()
    assert not page.live


def test_contributor_cannot_approve_their_own_article(client, contributor):
    page = submit_as_contributor(client, contributor)

    approve_or_reject(client, contributor, page, "approve")

    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def bulk_publish(client, user, page, include_descendants: bool = False):
    client.force_login(user)
    return client.post(
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={page.pk}",
        {"include_descendants": "on" if include_descendants else ""},
    )


def test_bulk_publish_refuses_a_cross_post_without_its_source(client, editor):
    draft = make_article("Organizing the Piedmont", publish=False, source_name="Labor Notes")

    bulk_publish(client, editor, draft)

    draft.refresh_from_db()
    assert not draft.live


# Scheduled publishing.


def test_scheduled_article_goes_live_when_the_task_runs(client, editor, celery_conf):
    celery_conf(task_always_eager=True, task_eager_propagates=True)
    client.force_login(editor)
    go_live_at = timezone.localtime() + timedelta(days=1)

    client.post(
        add_article_url(),
        article_form("publish", go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M")),
    )

    page = article()
    assert not page.live
    revision = Revision.objects.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    publish_scheduled_pages.delay()
    page.refresh_from_db()
    assert not page.live

    # A day passes: the time the editor chose is now a minute ago.
    a_minute_ago = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = a_minute_ago
    revision.content["go_live_at"] = a_minute_ago.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    publish_scheduled_pages.delay()

    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_expired_article_is_taken_down_when_the_task_runs(celery_conf):
    celery_conf(task_always_eager=True, task_eager_propagates=True)
    page = make_article("Yesterday's rally")
    ArticlePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    publish_scheduled_pages.delay()

    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_a_scheduled_run_left_in_the_queue_expires_before_the_next_one(settings, celery_conf):
    """After the workers were down, a backlog of runs must not publish the same revision
    several times at once on several workers."""
    celery_conf(task_always_eager=False)

    with mock.patch.object(publish_scheduled_pages.app, "send_task") as send_task:
        publish_scheduled_pages.delay()

    assert (
        send_task.call_args.kwargs["expires"]
        == settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]["schedule"]
    )


# The admin is for the people who edit.


def test_plain_member_is_refused_at_the_add_article_url(client, member):
    client.force_login(member)

    response = client.get(add_article_url(), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "You do not have permission to access the admin" in response.text
    response = client.post(add_article_url(), article_form("publish"))
    assert response.status_code == 302
    assert not ArticlePage.objects.filter(slug="organizing-the-piedmont").exists()
