"""Local projects: their pages, how to get involved (members only unless editors make it
public), members joining them, and messages to their contacts, emailed through the
worker one contact at a time without anyone's address being shown."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from network.directory.models import LocalProject, Organization, ProjectMember
from network.directory.views import MESSAGES_PER_HOUR
from network.models import OutgoingEmail, Region
from tests.factories import UserFactory
from tests.network.directory_data import make_organization, make_project

pytestmark = pytest.mark.django_db

PROJECTS = reverse("projects:list")


def contact_url(project) -> str:
    return reverse("projects:contact", args=[project.slug])


@pytest.fixture
def contacts(db):
    """Two contacts: one public, one whose profile is hidden."""
    return [
        UserFactory(
            username="rosa_b",
            email="rosa.private@example.org",
            profile__display_name="Rosa Bell",
            profile__visibility="public",
        ),
        UserFactory(
            username="cal_c",
            email="cal.private@example.org",
            profile__display_name="Cal Contact",
            profile__visibility="hidden",
        ),
    ]


@pytest.fixture
def project(contacts):
    return make_project(
        contacts=contacts,
        get_involved="Meet **Tuesdays** at 7 in the community room.",
        city="Atlanta",
        status=LocalProject.Status.ACTIVE,
        organization=make_organization("Georgia Tenants Union", regions=["georgia"]),
    )


# --- The pages ----------------------------------------------------------------------


def test_the_project_page_shows_the_project_sanitized(client):
    project = make_project(
        description="We won **repairs**. <script>alert(1)</script> [plan](javascript:alert(2))",
        city="Atlanta",
    )

    response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    assert "<strong>repairs</strong>" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert 'href="javascript' not in response.text
    assert "Atlanta, Georgia" in response.text
    assert "Forming" in response.text


def test_how_to_get_involved_is_hidden_from_visitors_by_default(client, member, project):
    visitor = client.get(project.get_absolute_url())
    client.force_login(member)
    as_member = client.get(project.get_absolute_url())

    assert "Tuesdays" not in visitor.text
    assert "to read how to get involved" in visitor.text
    assert "Meet <strong>Tuesdays</strong> at 7" in as_member.text


def test_editors_may_make_how_to_get_involved_public(client, project):
    project.get_involved_public = True
    project.save()

    assert "Meet <strong>Tuesdays</strong> at 7" in client.get(project.get_absolute_url()).text


def test_the_page_names_the_contacts_the_reader_may_see_and_never_an_address(
    client, member, project, contacts
):
    visitor = client.get(project.get_absolute_url()).text
    client.force_login(member)
    as_member = client.get(project.get_absolute_url()).text

    for page in (visitor, as_member):
        assert "Rosa Bell" in page
        assert "Cal Contact" not in page  # a hidden profile is named to nobody
        for contact in contacts:
            assert contact.email not in page
    assert "Write to the project’s contacts" in as_member
    assert "Write to the project’s contacts" not in visitor
    assert "to join this project or write to its contacts" in visitor


def test_the_project_links_its_organization_only_when_listed(client):
    listed = make_project("Listed one", organization=make_organization("Listed Union"))
    pending = make_project(
        "Pending one",
        organization=make_organization("Pending Union", status=Organization.Status.PENDING),
    )

    assert "Listed Union" in client.get(listed.get_absolute_url()).text
    assert "Pending Union" not in client.get(pending.get_absolute_url()).text
    assert "Pending Union" not in client.get(PROJECTS).text


def test_the_projects_list_filters_by_region_and_status(client):
    make_project("Atlanta riders", region_slug="georgia", status="active")
    make_project("Savannah riders", region_slug="georgia", status="dormant")
    make_project("Houston committee", region_slug="texas", status="active")

    def titles(**query):
        soup = BeautifulSoup(client.get(PROJECTS, query).text, "html.parser")
        return [link.get_text() for link in soup.select(".directory-card__name a")]

    assert titles() == ["Atlanta riders", "Houston committee", "Savannah riders"]
    assert titles(region="georgia") == ["Atlanta riders", "Savannah riders"]
    assert titles(region="georgia", status="active") == ["Atlanta riders"]
    assert titles(status="<script>", region="texas") == ["Houston committee"]
    hostile = client.get(PROJECTS, {"region": "<script>alert(1)</script>", "page": "-5"})
    assert hostile.status_code == 200
    assert "<script>alert(1)</script>" not in hostile.text


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_project_page_queries_do_not_grow_with_its_people(
    client, member, count_queries, django_assert_max_num_queries, signed_in
):
    project = make_project(contacts=[UserFactory()], members=[UserFactory()])
    if signed_in:
        client.force_login(member)
    url = project.get_absolute_url()
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for n in range(20):
        ProjectMember.objects.create(
            project=project,
            member=UserFactory(profile__visibility="public"),
            listed_as_contact=n % 2 == 0,
        )

    with django_assert_max_num_queries(6 if signed_in else 3):
        response = client.get(url)

    assert response.status_code == 200
    assert "22 members have joined." in response.text
    assert count_queries(lambda: client.get(url)) == few


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_projects_list_queries_do_not_grow_with_projects(
    client, member, count_queries, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(member)
    union = make_organization("Union")
    make_project("First", organization=union)
    client.get(PROJECTS)
    few = count_queries(lambda: client.get(PROJECTS))
    for n in range(40):
        make_project(f"Project {n}", organization=union, region_slug="texas")

    with django_assert_max_num_queries(5 if signed_in else 3):
        client.get(PROJECTS)
    assert count_queries(lambda: client.get(PROJECTS)) == few


# --- Joining ------------------------------------------------------------------------


def test_members_join_and_leave_a_project(client, member, project):
    client.force_login(member)

    joined = client.post(reverse("projects:join", args=[project.slug]), follow=True)

    assert ProjectMember.objects.filter(project=project, member=member).exists()
    assert "You joined" in joined.text
    assert "Leave this project" in joined.text
    assert "3 members have joined." in joined.text
    client.post(reverse("projects:leave", args=[project.slug]))
    assert not ProjectMember.objects.filter(project=project, member=member).exists()


def test_visitors_cannot_join_and_joining_asks_for_a_post(client, member, project):
    response = client.post(reverse("projects:join", args=[project.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(member)
    assert client.get(reverse("projects:join", args=[project.slug])).status_code == 405
    assert ProjectMember.objects.filter(project=project).count() == 2


# --- Writing to the contacts --------------------------------------------------------


def test_a_member_writes_to_the_contacts_through_the_worker_without_any_address_shown(
    client, celery_backend, django_capture_on_commit_callbacks, project, contacts
):
    sender = UserFactory(
        username="sam_w", email="sam.private@example.org", profile__display_name="Sam W"
    )
    client.force_login(sender)
    form_page = client.get(contact_url(project)).text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            contact_url(project), {"message": "Can I come Tuesday?\nI live in building C."}
        )

    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert OutgoingEmail.objects.filter(sent_at__isnull=False).count() == 2
    assert sorted(message.to for message in mail.outbox) == [
        ["cal.private@example.org"],
        ["rosa.private@example.org"],
    ]
    for message in mail.outbox:
        whole = message.message().as_string()
        others = {contact.email for contact in contacts} - set(message.to)
        for address in [*others, sender.email]:
            assert address not in whole
        assert message.reply_to == []
        assert message.cc == message.bcc == []
        assert "Can I come Tuesday?\nI live in building C." in message.body
        assert "Sam W (@sam_w) wrote to the contacts of Peachtree Towers" in message.body
        assert "/members/sam_w/" in message.body
        assert message.subject.endswith("A message about Peachtree Towers tenants' association")
    for contact in contacts:
        assert contact.email not in form_page


def test_sharing_my_address_makes_it_the_reply_to(
    client, celery_backend, django_capture_on_commit_callbacks, project
):
    sender = UserFactory(email="sam.private@example.org")
    client.force_login(sender)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_url(project), {"message": "Hello", "share_address": "on"})

    assert [message.reply_to for message in mail.outbox] == [["sam.private@example.org"]] * 2
    assert all("reply to this email to answer them" in m.body for m in mail.outbox)


def test_a_contact_writing_to_their_own_project_writes_to_the_others(
    client, celery_backend, django_capture_on_commit_callbacks, project, contacts
):
    client.force_login(contacts[0])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_url(project), {"message": "Agenda for Tuesday"})

    assert [message.to for message in mail.outbox] == [[contacts[1].email]]


def test_the_contact_form_is_refused_to_visitors(client, celery_backend, project):
    for response in (
        client.get(contact_url(project)),
        client.post(contact_url(project), {"message": "Let me in"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_an_empty_or_overlong_message_is_refused_beside_the_field_with_the_text_kept(
    client, member, project
):
    client.force_login(member)

    empty = client.post(contact_url(project), {"message": "   \n  ", "share_address": "on"})
    long = client.post(contact_url(project), {"message": "word " * 1100})

    soup = BeautifulSoup(empty.text, "html.parser")
    box = soup.find("textarea", attrs={"name": "message"}).find_parent(class_="field")
    assert "Please write your message." in box.select_one(".errorlist").get_text()
    assert soup.find("input", attrs={"name": "share_address"}).has_attr("checked")
    assert "at most 5000 characters" in long.text
    assert "word word word" in long.text
    assert not OutgoingEmail.objects.exists()


def test_messages_are_limited_an_hour_and_the_refused_text_kept(
    client, celery_backend, django_capture_on_commit_callbacks, project
):
    sender = UserFactory()
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(MESSAGES_PER_HOUR):
            assert client.post(contact_url(project), {"message": f"Note {n}"}).status_code == 302

    refused = client.post(contact_url(project), {"message": "One more thing"})

    assert refused.status_code == 429
    assert "please try again in" in refused.text
    assert "One more thing" in refused.text
    assert len(mail.outbox) == 2 * MESSAGES_PER_HOUR


def test_a_project_without_contacts_offers_no_form(client, member):
    project = make_project(members=[UserFactory()])
    client.force_login(member)

    page = client.get(project.get_absolute_url()).text
    form = client.get(contact_url(project))
    posted = client.post(contact_url(project), {"message": "Anyone?"})

    assert contact_url(project) not in page
    assert "no contact to write to yet" in form.text
    assert "<textarea" not in form.text
    assert posted.status_code == 200
    assert not OutgoingEmail.objects.exists()


# --- The admin ----------------------------------------------------------------------


@pytest.fixture
def editor(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def project_form(**changes) -> dict:
    data = {
        "title": "Durham bus riders",
        "slug": "",
        "organization": "",
        "region": Region.objects.get(slug="north-carolina").pk,
        "city": "Durham",
        "status": "forming",
        "description": "Fare-free buses, kept.",
        "get_involved": "",
        "contact_handles": "",
    }
    return data | changes


def test_editors_make_a_project_and_name_its_contacts_by_handle(client, editor):
    deb = UserFactory(username="deb_k")
    client.force_login(editor)

    response = client.post("/admin/projects/new/", project_form(contact_handles="@Deb_K"))

    assert response.status_code == 302
    project = LocalProject.objects.get(slug="durham-bus-riders")
    assert list(project.contacts()) == [deb]
    assert project.description_html == "<p>Fare-free buses, kept.</p>\n"
    edit = client.get(f"/admin/projects/edit/{project.pk}/").text
    assert 'value="deb_k"' in edit


def test_an_unknown_contact_handle_is_refused_beside_the_field_with_the_text_kept(client, editor):
    client.force_login(editor)

    response = client.post("/admin/projects/new/", project_form(contact_handles="nobody_here"))

    assert response.status_code == 200
    assert "No active member has this handle: @nobody_here." in response.text
    assert 'value="nobody_here"' in response.text
    assert not LocalProject.objects.exists()


def test_taking_a_contact_off_the_list_keeps_them_a_member(client, editor, project, contacts):
    client.force_login(editor)
    data = project_form(
        title=project.title,
        slug=project.slug,
        region=project.region_id,
        description=project.description,
        contact_handles="rosa_b",
    )

    client.post(f"/admin/projects/edit/{project.pk}/", data)

    assert list(project.contacts()) == [contacts[0]]
    assert ProjectMember.objects.filter(project=project, member=contacts[1]).exists()


def test_members_cannot_manage_projects_in_the_admin(client, member, project):
    client.force_login(member)
    response = client.post(
        f"/admin/projects/edit/{project.pk}/", project_form(title="Taken over"), follow=True
    )
    project.refresh_from_db()
    assert project.title != "Taken over"
    assert "You do not have permission to access the admin" in response.text
