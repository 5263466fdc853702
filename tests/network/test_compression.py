"""Public pages travel compressed; a page that carries a secret never does (BREACH reads
secrets from the sizes of compressed pages that also echo what an attacker sent)."""

import gzip

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_visitors_public_page_is_compressed(client):
    plain = client.get(reverse("forums:index")).content

    response = client.get(reverse("forums:index"), **GZIP)

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain
    assert len(response.content) < len(plain) / 3


def test_a_members_page_is_never_compressed(client, member):
    client.force_login(member)

    response = client.get(reverse("forums:index"), **GZIP)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert f"@{member.username}".encode() in response.content


def test_a_visitors_page_that_hands_out_a_csrf_token_is_never_compressed(client):
    response = client.get(reverse("account_login"), **GZIP)

    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content
    assert not response.has_header("Content-Encoding")


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client):
    assert not client.get(reverse("forums:index")).has_header("Content-Encoding")
