"""New articles: in the weekly digest by default, all of them or the member's region's."""

from __future__ import annotations

import pytest
from django.core import mail

from network.models import Region
from network.notifications import actions, delivery
from network.notifications.kinds import Delivery, Kind
from network.notifications.models import Event, Notification
from tests.factories import make_article, make_author
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def told(user):
    return list(
        Notification.objects.filter(recipient=user, kind=Kind.NEW_ARTICLE).values_list(
            "email", flat=True
        )
    )


def test_members_hear_of_a_new_article_in_their_weekly_digest(
    mail_through_celery, django_capture_on_commit_callbacks, rosa
):
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Lessons from the Bessemer drive", introduction="What organizers learned.")

    assert told(rosa) == [Notification.Email.WEEKLY]
    assert mail.outbox == []

    delivery.send_digests("weekly")

    [digest] = mail.outbox
    assert digest.subject == "Weekly digest: 1 new on Network"
    assert "Lessons from the Bessemer drive" in digest.body
    assert "https://network.example/articles/lessons-from-the-bessemer-drive/" in digest.body


def test_a_member_may_hear_only_of_articles_about_their_region(
    mail_through_celery, django_capture_on_commit_callbacks
):
    georgia, texas = Region.objects.get(slug="georgia"), Region.objects.get(slug="texas")
    in_georgia = established(profile__region=georgia)
    in_texas = established(profile__region=texas)
    everything = established(profile__region=texas)
    nothing = established()
    for member in (in_georgia, in_texas):
        actions.set_preferences(member, {Kind.NEW_ARTICLE: Delivery.AT_ONCE}, only_my_region=True)
    actions.set_preferences(nothing, {Kind.NEW_ARTICLE: Delivery.OFF})

    with django_capture_on_commit_callbacks(execute=True):
        make_article("Atlanta transit fight", regions=[georgia])

    assert told(in_georgia) == [Notification.Email.SENT]
    assert told(in_texas) == told(nothing) == []
    assert told(everything) == [Notification.Email.WEEKLY]
    [email] = mail.outbox
    assert email.subject == "New article: Atlanta transit fight"


def test_publishing_an_article_again_is_not_news_again(
    mail_through_celery, django_capture_on_commit_callbacks, rosa
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("A correction coming")
        article.save_revision().publish()

    assert Event.objects.filter(source="blog.article", object_id=article.pk).count() == 1
    assert told(rosa) == [Notification.Email.WEEKLY]


def test_reading_the_article_marks_its_notification_read(
    client, mail_through_celery, django_capture_on_commit_callbacks, rosa
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Read me")
    client.force_login(rosa)

    assert client.get(article.url).status_code == 200

    assert Notification.objects.get(recipient=rosa).read_at is not None
    delivery.send_digests("weekly")
    assert mail.outbox == []


def test_editors_hear_of_an_article_submitted_for_review_once_by_their_choice(
    mail_through_celery, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Editors")
    contributor = established(email="contributor@example.org")
    editor, quiet_editor = established(email="editor@example.org"), established()
    for user in (editor, quiet_editor, contributor):
        user.groups.add(editors)  # the contributor is an editor too: not told of their own
    actions.set_preferences(quiet_editor, {Kind.REVIEW: Delivery.SITE})
    draft = make_article("Organizing the Piedmont", publish=False)

    with django_capture_on_commit_callbacks(execute=True):
        draft.get_workflow().start(draft, contributor)

    [email] = mail.outbox
    assert email.to == ["editor@example.org"]
    name = contributor.profile.display_name
    assert email.subject == f"{name} submitted “Organizing the Piedmont” for review"
    assert f"https://network.example/admin/pages/{draft.pk}/edit/" in email.body
    assert "What Organizing the Piedmont is about." not in email.body  # a draft's words
    assert [row.kind for row in Notification.objects.filter(recipient=quiet_editor)] == [
        Kind.REVIEW
    ]
    assert not Notification.objects.filter(recipient=contributor).exists()


def test_the_articles_authors_are_not_told_of_it(
    mail_through_celery, django_capture_on_commit_callbacks, rosa
):
    writer = established()
    guest = make_author("Guest Writer")  # no member account

    with django_capture_on_commit_callbacks(execute=True):
        make_article("Our own piece", authors=[make_author("Member Writer", member=writer), guest])

    assert told(writer) == []
    assert told(rosa) == [Notification.Email.WEEKLY]
