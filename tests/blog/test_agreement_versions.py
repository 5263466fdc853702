"""An editor publishes a change to the points of unity (or the code of conduct) and
asks members to accept it again: a new version, which every member is then asked to
accept; publishing without asking, or another page, asks nothing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site

from blog.models import StandardPage
from network import agreements
from network.models import Agreement, AgreementVersion, NetworkSettings
from tests.blog.own_pages import make_standard_page
from tests.blog.test_standard_pages import standard_page_form
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def points_of_unity(db):
    page = make_standard_page("Points of unity", slug="points-of-unity")
    settings = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    settings.points_of_unity_page = page
    settings.save()
    return page


def publish(client, page, **fields):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), standard_page_form("publish", **fields)
    )


def test_publishing_with_the_box_ticked_asks_every_member_again(client, editor, points_of_unity):
    member = UserFactory()
    agreements.accept(member, [Agreement.POINTS_OF_UNITY])
    client.force_login(editor)

    response = publish(client, points_of_unity, ask_to_accept_again="on")

    assert response.status_code == 302
    version = AgreementVersion.objects.get()
    assert (version.agreement, version.number, version.page_id) == (
        Agreement.POINTS_OF_UNITY,
        1,
        points_of_unity.pk,
    )
    assert agreements.pending(member) == [Agreement.POINTS_OF_UNITY]


def test_the_box_is_unticked_after_publishing_so_the_next_edit_does_not_ask_again(
    client, editor, points_of_unity
):
    client.force_login(editor)
    publish(client, points_of_unity, ask_to_accept_again="on")

    page = StandardPage.objects.get(pk=points_of_unity.pk)
    form = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).text
    publish(client, page)

    assert not page.ask_to_accept_again
    assert not page.get_latest_revision().content["ask_to_accept_again"]
    box = BeautifulSoup(form, "html.parser").select_one('input[name="ask_to_accept_again"]')
    assert box is not None
    assert not box.has_attr("checked")
    assert AgreementVersion.objects.count() == 1


def test_a_page_that_is_no_agreement_asks_nothing(client, editor, points_of_unity):
    other = make_standard_page("Privacy", slug="privacy")
    client.force_login(editor)

    publish(client, other, ask_to_accept_again="on", slug="privacy", title="Privacy")

    assert not AgreementVersion.objects.exists()


def test_the_code_of_conduct_is_an_agreement_too(client, editor):
    code = make_standard_page("Code of conduct", slug="code-of-conduct")
    settings = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    settings.code_of_conduct_page = code
    settings.save()
    client.force_login(editor)

    publish(client, code, ask_to_accept_again="on", slug="code-of-conduct", title="Code")

    assert AgreementVersion.objects.get().agreement == Agreement.CODE_OF_CONDUCT
