"""The admin in the editor's language (issue #14): the names of fields, of page and
model types and of StreamField blocks are translatable, so an editor reading the admin
in Spanish sees them in Spanish, and one reading it in English sees them as before.

Wagtail's admin speaks the language an editor chose in their account preferences
(``UserProfile.preferred_language``); without one, the request's, which for a signed-in
member is the language on their profile (``network.language``)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db


def editor_reading(site_language: str, admin_language: str = ""):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    editor.profile.language = site_language
    editor.profile.save()
    preferences = UserProfile.get_for_user(editor)
    preferences.preferred_language = admin_language
    preferences.save()
    return editor


def article_edit_form(client, editor) -> BeautifulSoup:
    client.force_login(editor)
    article = make_article("Organizing the Piedmont")
    response = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def label(form: BeautifulSoup, field: str) -> str:
    return form.find("label", attrs={"for": f"id_{field}"}).get_text(strip=True)


def block_labels(form: BeautifulSoup) -> set[str]:
    """Every label in the body's block definitions, which the admin's script reads."""
    found = set()

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                found.add(node["label"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for element in form.select("[data-w-block-data-value]"):
        collect(json.loads(element["data-w-block-data-value"]))
    return found


def test_an_editor_who_chose_spanish_for_the_admin_edits_articles_in_spanish(client):
    form = article_edit_form(client, editor_reading("en", admin_language="es"))

    assert label(form, "subtitle") == "Subtítulo"
    assert label(form, "original_author") == "Autoría original"
    assert label(form, "display_date") == "Fecha visible"
    assert {"Encabezado", "Párrafo", "Cita", "Pie de foto", "Segmento de video"} <= (
        block_labels(form)
    )


def test_an_editor_who_reads_the_site_in_spanish_gets_the_admin_in_spanish(client):
    form = article_edit_form(client, editor_reading("es"))

    assert label(form, "subtitle") == "Subtítulo"
    assert "Párrafo" in block_labels(form)


def test_an_editor_reading_in_english_sees_the_names_as_before(client):
    form = article_edit_form(client, editor_reading("en"))

    assert label(form, "subtitle") == "Subtitle"
    assert label(form, "original_author") == "Original author"
    assert label(form, "endorsement_note") == "Endorsement note"
    assert {"Heading", "Paragraph", "Quote", "Caption", "Video segment", "Alt text"} <= (
        block_labels(form)
    )


def test_the_django_admin_names_a_members_profile_in_spanish(admin_client, admin_user):
    admin_user.profile.language = "es"
    admin_user.profile.save()
    member = UserFactory()

    page = admin_client.get(reverse("admin:network_user_change", args=(member.pk,))).text

    assert "Nombre visible" in page
    assert "Biografía" in page
