"""An email is written in its recipient's language (their profile's), not the poster's
nor the worker's (network.language.for_member)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from forums.models import ForumWatch
from network.notifications import delivery
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def speaks(user, language: str) -> None:
    user.profile.language = language
    user.profile.save(update_fields=["language"])


def test_a_reply_is_emailed_in_the_recipients_language_not_the_posters(
    posting, housing, rosa, marcus, start_thread, reply
):
    speaks(rosa, "es")
    thread = start_thread(housing, title="Rent strike on Elm St", author=rosa)
    mail.outbox.clear()

    with translation.override("en"):  # the poster reads the site in English
        posting(reply, thread, "Count me in.", author=marcus)

    [email] = mail.outbox
    assert email.subject == "Marcus te respondió en “Rent strike on Elm St”"
    assert "Ábrelo: https://network.example/forums/p/" in email.body
    assert "Dejar de recibir estos correos: https://network.example/" in email.body
    assert "Count me in." in email.body
    html = email.alternatives[0][0]
    assert '<html lang="es">' in html


def test_an_english_reader_gets_english_from_a_spanish_poster(
    posting, housing, rosa, marcus, start_thread, reply
):
    speaks(marcus, "es")
    thread = start_thread(housing, title="Rent strike on Elm St", author=rosa)
    mail.outbox.clear()

    with translation.override("es"):
        posting(reply, thread, "Cuenten conmigo.", author=marcus)

    [email] = mail.outbox
    assert email.subject == "Marcus replied to you in “Rent strike on Elm St”"
    assert "Open it: https://network.example/forums/p/" in email.body


def test_a_digest_goes_to_each_member_in_their_own_language(
    posting, housing, rosa, marcus, start_thread
):
    speaks(rosa, "es")
    ForumWatch.objects.create(user=rosa, forum=housing)
    ForumWatch.objects.create(user=marcus, forum=housing)
    writer = established()
    posting(start_thread, housing, "Still unread", "Two.", writer)
    mail.outbox.clear()

    delivery.send_digests("daily")

    subjects = {email.to[0]: email.subject for email in mail.outbox}
    assert subjects["rosa@example.org"].startswith("Resumen diario: 1 novedad en ")
    assert subjects["marcus@example.org"].startswith("Daily digest: 1 new on ")
