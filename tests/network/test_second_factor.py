"""Staff, editors and moderators reach the admin and the moderation pages only once they
sign in with a second factor: until then each such page sends them to the two-factor
page and says why. Members without those roles are not affected."""

from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import resolve, reverse

from forums.models import Forum
from network import second_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GUARDED = [
    "/admin/",
    "/admin/pages/",
    "/django-admin/",
    "/forums/moderation/",
    "/forums/moderation/log/",
]


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def staff():
    return UserFactory(is_staff=True)


def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def site_moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def forum_moderator():
    """Moderates one forum of their own (Forum.moderators), in no group."""
    user = UserFactory()
    Forum.objects.get(slug="housing").moderators.add(user)
    return user


ROLES = [staff, superuser, editor, site_moderator, forum_moderator]


def with_second_factor(user, kind=Authenticator.Type.TOTP):
    Authenticator.objects.create(user=user, type=kind, data={"secret": "unused"})
    return user


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.__name__)
@pytest.mark.parametrize("path", GUARDED)
def test_a_role_without_a_second_factor_is_sent_to_the_two_factor_page(client, role, path):
    client.force_login(role())

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    (message,) = get_messages(response.wsgi_request)
    assert "Staff, editors and moderators sign in with a second factor" in str(message)


def test_the_two_factor_page_says_why_they_were_sent_there(client):
    client.force_login(editor())

    response = client.get("/forums/moderation/", follow=True)

    assert response.redirect_chain == [(reverse("mfa_index"), 302)]
    assert "Staff, editors and moderators sign in with a second factor" in response.text
    assert "Set up an authenticator app" in response.text
    assert "Add a passkey" in response.text


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.__name__)
@pytest.mark.parametrize("kind", [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
def test_with_an_app_or_a_passkey_a_role_reaches_the_moderation_queue(client, role, kind):
    client.force_login(with_second_factor(role(), kind))

    response = client.get("/forums/moderation/")

    # The queue answers them as before: the forums decide what each may do there.
    assert response.status_code in (200, 403)
    assert response.get("Location") != reverse("mfa_index")


def test_with_a_second_factor_an_administrator_reaches_both_admins(client):
    client.force_login(with_second_factor(superuser()))

    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(client):
    user = staff()
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00"}
    )
    client.force_login(user)

    assert client.get("/admin/")["Location"] == reverse("mfa_index")


@pytest.mark.parametrize("path", GUARDED)
def test_a_plain_member_is_not_affected(client, path):
    client.force_login(UserFactory())

    response = client.get(path)

    assert response.get("Location") != reverse("mfa_index")


def test_anonymous_visitors_go_to_sign_in_as_before(client):
    response = client.get("/forums/moderation/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.__name__)
def test_other_pages_are_not_guarded(client, role):
    client.force_login(role())

    assert client.get(reverse("forums:index")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_off_when_the_setting_is_off(client, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    client.force_login(superuser())

    assert client.get("/admin/").status_code == 200


# --- What it costs -------------------------------------------------------------------


def request_as(user, path: str):
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    return request


@pytest.mark.parametrize("role", [*ROLES, UserFactory], ids=lambda role: role.__name__)
def test_a_guarded_page_asks_in_one_query(role, django_assert_num_queries):
    user = role()
    request = request_as(user, "/forums/moderation/")

    with django_assert_num_queries(1):
        lacks = second_factor.lacks_required_second_factor(request.user)

    assert lacks is (role is not UserFactory)


def test_other_pages_ask_nothing(django_assert_num_queries, settings):
    from network.middleware import SecondFactorMiddleware

    middleware = SecondFactorMiddleware(lambda request: None)
    request = request_as(staff(), reverse("forums:index"))

    with django_assert_num_queries(0):
        assert middleware.process_view(request, None, (), {}) is None


def test_every_moderation_page_is_guarded():
    """Every page of forums' moderation, whatever is added there later."""
    from forums.urls import moderation_patterns

    assert moderation_patterns
    for pattern in moderation_patterns:
        match = SimpleNamespace(view_name=f"forums:{pattern.name}")
        assert second_factor.is_guarded("/forums/", match), pattern.name
