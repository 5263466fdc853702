"""The pages of passkeys, two-factor sign-in, sessions and the welcome are valid HTML as
the W3C's checker reads them: empty and filled in, with a form's errors, and the sign-in
page with its passkey button."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from network.onboarding import actions as onboarding
from tests.factories import PASSWORD, UserFactory
from tests.html.test_valid_html import CANARY

pytestmark = pytest.mark.django_db


def test_passkey_session_and_welcome_pages_are_valid_html(nu_checker, tmp_path):
    member = UserFactory(username="nell_n")
    onboarding.start(member)
    browser = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
    documents = {"sign-in": browser.get(reverse("account_login")).content.decode()}
    browser.post(reverse("account_login"), {"login": "nell_n", "password": PASSWORD})
    browser.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    UserSession.objects.create(
        user=member, session_key="another", ip="192.0.2.1", user_agent="curl/8"
    )
    pages = {
        "two-factor": reverse("mfa_index"),
        "passkeys-none": reverse("mfa_list_webauthn"),
        "passkey-add": reverse("mfa_add_webauthn"),
        "sessions": reverse("account_sessions"),
        "welcome": reverse("welcome"),
        "home-first-steps": "/",
    }
    for name, url in pages.items():
        response = browser.get(url)
        assert response.status_code == 200, name
        documents[name] = response.content.decode()
    passkey = Authenticator.objects.create(
        user=member,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "My phone", "credential": {}, "passwordless": True},
    )
    documents["passkeys"] = browser.get(reverse("mfa_list_webauthn")).content.decode()
    documents["passkey-rename"] = browser.get(
        reverse("mfa_edit_webauthn", args=[passkey.pk])
    ).content.decode()
    documents["passkey-remove"] = browser.get(
        reverse("mfa_remove_webauthn", args=[passkey.pk])
    ).content.decode()
    errors = browser.post(reverse("welcome"), {"step": "place", "place-region": "0"})
    assert errors.status_code == 200
    documents["welcome-errors"] = errors.content.decode()
    assert "My phone" in documents["passkeys"]
    assert "Your first steps" in documents["home-first-steps"]
    documents["canary"] = CANARY

    problems = nu_checker.problems(documents, tmp_path)

    assert problems.pop("canary") != []
    invalid_pages = {name: found for name, found in problems.items() if found}
    assert not invalid_pages, "\n".join(
        f"{name}: {message}" for name, found in invalid_pages.items() for message in found
    )
