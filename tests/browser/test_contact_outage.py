"""A visitor writes to the network through the contact page while the mail server is
down: the message is kept, an editor reads it in the admin, and the email goes out once
the mail server is back. A real browser, a real Celery worker on a Redis of the module's
own, and an SMTP server switched off and on again (tests.network.test_outage's)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

from network import tasks
from network.models import OutgoingEmail
from tests.blog.own_pages import CONTACT_ADDRESS, make_contact_page
from tests.factories import PASSWORD, UserFactory
from tests.network import test_outage
from tests.processes import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

worker = test_outage.worker  # the module's worker, on the module's Redis

MESSAGE = "How do I join? I know nobody in the network yet."


def test_a_message_sent_while_the_mail_server_is_down_is_read_in_the_admin_and_mailed_later(
    page, worker, own_redis, sink
):
    own_redis.client.flushdb()
    sink.clear()
    contact = make_contact_page()
    editor = UserFactory(username="ella_edits")
    editor.groups.add(Group.objects.get(name="Editors"))

    sink.stop()
    try:
        page.goto("/contact/")
        page.get_by_label("Name", exact=True).fill("Nia Newcomer")
        page.get_by_label("Email", exact=True).fill("nia@example.org")
        page.get_by_label("Subject", exact=True).fill("Joining in Birmingham")
        page.get_by_label("Message", exact=True).fill(MESSAGE)
        page.get_by_role("button", name="Send").click()
        expect(
            page.get_by_role("heading", name="Thank you: your message is on its way")
        ).to_be_visible()

        # The worker tried, and found nobody at the mail server.
        wait_for(
            lambda: OutgoingEmail.objects.filter(attempts__gte=1).exists(),
            worker=worker,
            what="the worker's first try",
        )
        wait_for(lambda: test_outage.settled(worker), worker=worker, what="the worker to finish")
        [waiting] = OutgoingEmail.objects.waiting()
        assert waiting.last_error

        # An editor reads the message in the admin meanwhile.
        page.context.clear_cookies()
        page.goto("/admin/forms/")
        page.get_by_label("Email or handle").fill("ella_edits")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.get_by_role("link", name=contact.title).click()
        expect(page.get_by_text(MESSAGE)).to_be_visible()
        expect(page.get_by_text("nia@example.org")).to_be_visible()
    finally:
        sink.start()
    assert sink.messages == []
    assert FormSubmission.objects.filter(page=contact).count() == 1

    # Some minutes later, beat runs the sweeper.
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    tasks.sweep_outgoing_email.delay()

    wait_for(lambda: sink.messages, worker=worker, seconds=60, what="the email")
    wait_for(lambda: test_outage.settled(worker), worker=worker, what="the worker to finish")
    assert [m.rcpt_tos for m in sink.messages] == [[CONTACT_ADDRESS]]
    [email] = sink.emails()
    assert email["Subject"] == "Contact form: Joining in Birmingham"
    assert email["Reply-To"] == "nia@example.org"
    assert MESSAGE in email.get_content()
    assert not OutgoingEmail.objects.waiting().exists()
