"""A visitor writes to the network through the contact page: the message is kept (editors
read it in the admin's Forms section) and emailed to the addresses the editor set, by the
worker, never by the request; a mail server or a broker that is away loses nothing. The
page never shows the network's addresses. Programs that fill in every field, and
addresses that send too many messages, are refused with nothing kept."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from blog import contact
from network import mail as outbox
from network import tasks
from network.models import OutgoingEmail
from tests.blog.own_pages import CONTACT_ADDRESS, make_contact_page
from tests.factories import UserFactory
from tests.network.test_outbox import Broker, MailServer, some_minutes_pass

pytestmark = pytest.mark.django_db

MESSAGE = "How do I join?\nI know nobody in the network yet."


@pytest.fixture
def contact_page(db):
    return make_contact_page(thank_you_text="<p>A coordinator will answer you.</p>")


@pytest.fixture
def worker_calls(celery_backend, monkeypatch):
    """The emails handed to the worker through Celery (which runs them in-process)."""
    calls = []
    hand_to_celery = outbox.send_email.apply_async

    def spy(args, **kwargs):
        calls.append(args)
        return hand_to_celery(args, **kwargs)

    monkeypatch.setattr(outbox.send_email, "apply_async", spy)
    return calls


@pytest.fixture
def broker(celery_backend, monkeypatch):
    return Broker(monkeypatch)


@pytest.fixture
def mail_server(celery_backend, settings):
    return MailServer(settings)


def contact_form(**fields) -> dict:
    return {
        "name": "Nia Newcomer",
        "email": "nia@example.org",
        "subject": "Joining in Birmingham",
        "message": MESSAGE,
        **fields,
    }


def send(client, **fields):
    return client.post("/contact/", contact_form(**fields))


def errors_beside(response, field_name: str) -> str:
    """The error messages in the field's own wrapper."""
    soup = BeautifulSoup(response.text, "html.parser")
    wrapper = soup.find(id=f"id_{field_name}").find_parent(class_="field")
    return " ".join(error.get_text(" ", strip=True) for error in wrapper.select(".errorlist"))


def form_errors(response) -> str:
    soup = BeautifulSoup(response.text, "html.parser")
    return " ".join(soup.select_one(".form-errors").get_text(" ", strip=True).split())


def kept_values(response) -> dict:
    """What the form shows filled in."""
    soup = BeautifulSoup(response.text, "html.parser")
    form = soup.select_one("form.contact-form")
    values = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    values.update({area["name"]: area.get_text().strip() for area in form.select("textarea")})
    values.pop("csrfmiddlewaretoken", None)
    return values


# --- The page -----------------------------------------------------------------------


def test_the_page_shows_the_form_and_never_the_networks_addresses(client):
    make_contact_page(
        to_address="coordinators@network.example, secretary@network.example",
        from_address="noreply@network.example",
        intro="<p>Write to the coordinators.</p>",
    )

    page = client.get("/contact/")
    thanks = client.get("/contact/?sent=1")

    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    labels = [label.get_text(strip=True) for label in soup.select("form.contact-form label")]
    assert labels == ["Name", "Email", "Subject", "Message", "Leave this field empty"]
    assert soup.find("textarea", attrs={"name": "message"}) is not None
    assert "Write to the coordinators." in page.text
    assert thanks.status_code == 200
    for response in (page, thanks):
        assert "network.example" not in response.text


def test_the_honeypot_is_hidden_from_people_and_screen_readers_and_labelled_for_who_sees_it(
    client, contact_page
):
    soup = BeautifulSoup(client.get("/contact/").text, "html.parser")

    honeypot = soup.select_one("form.contact-form .honeypot")
    assert honeypot["aria-hidden"] == "true"
    field = honeypot.find("input")
    assert field["name"] == "fax_number"
    assert field["tabindex"] == "-1"
    assert field["autocomplete"] == "off"
    assert honeypot.label.get_text() == "Leave this field empty"
    assert honeypot.label["for"] == field["id"]
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    assert ".honeypot { display: none; }" in css


def test_the_page_costs_a_fixed_number_of_queries(client, contact_page, django_assert_num_queries):
    client.get("/contact/")  # the site's lookup and the navigation, as a server keeps them

    # Wagtail's serving: the site, the home page, the contact page with its type in one
    # query (blog.routing), the view restrictions above it (one); the form's fields.
    with django_assert_num_queries(5):
        assert client.get("/contact/").status_code == 200


# --- Sending ------------------------------------------------------------------------


def test_a_message_is_kept_and_one_email_goes_to_the_editors_addresses_through_the_worker(
    client, contact_page, worker_calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)

    assert response.status_code == 302
    assert response["Location"] == "/contact/?sent=1"
    [submission] = FormSubmission.objects.filter(page=contact_page)
    assert submission.form_data == {
        "name": "Nia Newcomer",
        "email": "nia@example.org",
        "subject": "Joining in Birmingham",
        "message": MESSAGE,
    }
    [email] = OutgoingEmail.objects.all()
    assert worker_calls == [(email.pk,)]
    email.refresh_from_db()
    assert email.sent_at is not None
    [message] = mail.outbox
    assert message.to == [CONTACT_ADDRESS]
    assert message.reply_to == ["nia@example.org"]
    assert message.subject == "Contact form: Joining in Birmingham"
    assert "Message: How do I join?" in message.body
    assert "Email: nia@example.org" in message.body


def test_the_visitor_is_thanked_and_reloading_the_thanks_sends_nothing(
    client, contact_page, celery_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", contact_form(), follow=True)
        again = client.get("/contact/?sent=1")

    assert response.status_code == again.status_code == 200
    assert "your message is on its way" in response.text
    assert "A coordinator will answer you." in response.text
    assert MESSAGE not in response.text
    assert FormSubmission.objects.count() == 1
    assert len(mail.outbox) == 1


def test_with_the_mail_server_down_the_message_is_kept_and_the_email_goes_out_when_it_returns(
    client, contact_page, mail_server, django_capture_on_commit_callbacks
):
    mail_server.goes_away()

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)

    assert response.status_code == 302
    assert FormSubmission.objects.filter(page=contact_page).count() == 1
    [waiting] = OutgoingEmail.objects.waiting()
    assert waiting.attempts == 1
    assert mail.outbox == []

    mail_server.comes_back()
    some_minutes_pass()
    tasks.sweep_outgoing_email.apply()

    assert [m.to for m in mail.outbox] == [[CONTACT_ADDRESS]]
    assert not OutgoingEmail.objects.waiting().exists()


def test_with_the_broker_down_the_request_leaves_the_email_to_the_sweeper(
    client, contact_page, broker, django_capture_on_commit_callbacks
):
    """Account emails are sent from the request while the broker is away (a person
    waits for them); the contact form's never are: the request talks to no mail server."""
    broker.goes_away()

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)

    assert response.status_code == 302
    assert FormSubmission.objects.count() == 1
    [waiting] = OutgoingEmail.objects.waiting()
    assert waiting.attempts == 0
    assert mail.outbox == []

    broker.comes_back()
    some_minutes_pass()
    tasks.sweep_outgoing_email.apply()
    assert [m.to for m in mail.outbox] == [[CONTACT_ADDRESS]]


def test_without_addresses_to_send_to_the_message_is_only_kept(
    client, celery_backend, django_capture_on_commit_callbacks
):
    make_contact_page(to_address="")

    with django_capture_on_commit_callbacks(execute=True):
        assert send(client).status_code == 302

    assert FormSubmission.objects.count() == 1
    assert not OutgoingEmail.objects.exists()


def test_a_line_break_in_the_subject_cannot_add_recipients(
    client, contact_page, celery_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, subject="Hello\r\nBcc: everyone@example.org")

    [message] = mail.outbox
    assert message.subject == "Contact form: Hello Bcc: everyone@example.org"
    assert message.recipients() == [CONTACT_ADDRESS]


# --- Refusals -----------------------------------------------------------------------


def test_a_filled_honeypot_is_refused_and_nothing_is_kept(
    client, contact_page, celery_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, fax_number="https://cheap-pills.example")

    assert response.status_code == 200
    assert "This was not sent" in form_errors(response)
    assert "Leave this field empty" in form_errors(response)
    assert not FormSubmission.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []
    assert kept_values(response)["message"] == MESSAGE


def test_past_the_limit_an_address_is_refused_with_its_text_kept_and_nothing_kept(
    client, contact_page, celery_backend, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(contact, "CONTACT_LIMIT", 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(client).status_code == 302
        assert send(client).status_code == 302
        refused = send(client, message="A third message.")
        from_elsewhere = client.post(
            "/contact/", contact_form(), REMOTE_ADDR="203.0.113.9", follow=False
        )

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= contact.CONTACT_PERIOD
    assert "You have sent several messages in a short while" in form_errors(refused)
    assert "was not sent" in form_errors(refused)
    assert kept_values(refused)["message"] == "A third message."
    assert from_elsewhere.status_code == 302
    assert FormSubmission.objects.count() == 3
    assert "A third message." not in str(list(FormSubmission.objects.values("form_data")))
    assert len(mail.outbox) == 3


def test_the_limit_lifts_when_its_period_is_over(client, contact_page, celery_backend, clock):
    for _ in range(contact.CONTACT_LIMIT):
        assert send(client).status_code == 302
    assert send(client).status_code == 429

    clock.forward(contact.CONTACT_PERIOD)

    assert send(client).status_code == 302


def test_bad_input_is_explained_beside_each_field_with_everything_typed_kept(client, contact_page):
    response = send(client, email="nia at example", message="", subject="About joining")

    assert response.status_code == 200
    assert errors_beside(response, "email") == "Enter a valid email address."
    assert errors_beside(response, "message") == "This field is required."
    assert errors_beside(response, "name") == ""
    assert kept_values(response) == {
        "name": "Nia Newcomer",
        "email": "nia at example",
        "subject": "About joining",
        "message": "",
        "fax_number": "",
    }
    assert not FormSubmission.objects.exists()


def test_a_message_longer_than_a_long_letter_is_refused_and_kept(client, contact_page):
    long_message = "Solidarity. " * 1000

    response = send(client, message=long_message)

    assert response.status_code == 200
    assert "at most 10000 characters" in errors_beside(response, "message")
    assert kept_values(response)["message"] == long_message.strip()
    assert not FormSubmission.objects.exists()


# --- Who reads the messages ---------------------------------------------------------


def test_editors_read_the_messages_in_the_admin_with_what_visitors_wrote_escaped(
    client, contact_page, celery_backend
):
    send(client, message="<script>alert('hi')</script> Please call back.")
    editor = UserFactory(username="ella_edits")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    forms_index = client.get(reverse("wagtailforms:index"))
    submissions = client.get(reverse("wagtailforms:list_submissions", args=[contact_page.pk]))

    assert "Contact the network" in forms_index.text
    assert submissions.status_code == 200
    assert "Please call back." in submissions.text
    assert "<script>alert(" not in submissions.text
    assert "&lt;script&gt;alert(" in submissions.text


@pytest.mark.parametrize("group", [None, "Contributors", "Moderators"])
def test_people_who_are_not_editors_cannot_read_the_messages(
    client, contact_page, celery_backend, group
):
    send(client, message="Private: my landlord's name is on this.")
    someone = UserFactory(username="not_an_editor")
    if group:
        someone.groups.add(Group.objects.get(name=group))
    client.force_login(someone)

    forms_index = client.get(reverse("wagtailforms:index"), follow=True)
    submissions = client.get(
        reverse("wagtailforms:list_submissions", args=[contact_page.pk]), follow=True
    )
    export = client.get(
        reverse("wagtailforms:list_submissions", args=[contact_page.pk]) + "?export=csv",
        follow=True,
    )

    for response in (forms_index, submissions, export):
        assert "my landlord" not in response.content.decode()
    assert "Contact the network" not in forms_index.text


# --- The site's other "contact us" ----------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    ["account_reset_password", "account_reset_password_done", "account_email_verification_sent"],
)
def test_the_account_pages_contact_us_links_to_the_contact_page(client, contact_page, url_name):
    soup = BeautifulSoup(client.get(reverse(url_name)).text, "html.parser")

    assert soup.find("a", string="contact us")["href"] == "/contact/"


def test_without_a_contact_page_the_account_pages_still_say_contact_us(client):
    page = client.get(reverse("account_reset_password")).text

    assert "contact us" in page
    assert 'href="/contact/"' not in page


def test_the_contact_page_is_one_per_site_at_the_top_level():
    from blog.models import ContactPage, HomePage

    assert ContactPage.max_count == 1
    assert ContactPage.allowed_parent_page_models() == [HomePage]


# --- Making the page --------------------------------------------------------------------


def contact_page_form(*labels: str) -> dict:
    """What the admin's form for a new contact page posts, asking ``labels``."""
    fields = [
        {
            "label": label,
            "help_text": "",
            "required": "on",
            "field_type": "singleline",
            "choices": "",
            "default_value": "",
        }
        for label in labels
    ]
    return nested_form_data(
        {
            "title": "Contact the network",
            "slug": "contact",
            "language": "en",
            "intro": rich_text("<p>Write to us.</p>"),
            "form_fields": inline_formset(fields),
            "thank_you_text": rich_text("<p>Thanks.</p>"),
            "from_address": "",
            "to_address": CONTACT_ADDRESS,
            "subject": "Contact form",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def test_an_editor_makes_the_contact_page_under_home(client):
    from blog.models import ContactPage, HomePage

    editor = UserFactory(username="ella_edits")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["blog", "contactpage", HomePage.objects.get().pk]
    )

    refused = client.post(add_url, contact_page_form("Name", "Fax number"))
    made = client.post(add_url, contact_page_form("Name", "Message"))

    assert refused.status_code == 200
    assert "This name is kept for the form&#x27;s spam trap" in refused.text
    assert made.status_code == 302
    page = ContactPage.objects.get()
    assert page.live
    assert [field.clean_name for field in page.form_fields.all()] == ["name", "message"]
    assert client.get("/contact/").status_code == 200
