"""One voice on every page: sentence case, allauth's pages included (its own title-case
words are put in sentence case by the site's English catalogue, locale/en)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def visible_words(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    ("name", "said", "never"),
    [
        ("account_login", ["Sign in", "Remember me"], ["Sign In", "Remember Me"]),
        ("account_reset_password", ["Password reset", "Reset my password"], ["Password Reset"]),
    ],
)
def test_account_pages_a_visitor_reads_are_in_sentence_case(client, name, said, never):
    words = visible_words(client.get(reverse(name)).text)

    for phrase in said:
        assert phrase in words
    for phrase in never:
        assert phrase not in words


def test_a_members_account_pages_are_in_sentence_case(client, member):
    client.force_login(member)

    email = visible_words(client.get(reverse("account_email")).text)
    password = visible_words(client.get(reverse("account_change_password")).text)

    assert "Email address" in email
    assert "Email Address" not in email
    assert "Change password" in password
    assert "Change Password" not in password
