"""Administrators shape the forums in the Wagtail admin: categories, forums, who
moderates which; nothing there can delete a discussion by accident."""

import pytest
from django.contrib.auth.models import Group

from forums.models import Category, Forum
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def edit_url(forum: Forum) -> str:
    return f"/admin/forums/edit/{forum.pk}/"


def form_data(forum: Forum, **changes) -> dict:
    data = {
        "category": forum.category_id,
        "name": forum.name,
        "slug": forum.slug,
        "description": forum.description,
        "region": forum.region_id or "",
        "order": forum.order,
        "visibility": forum.visibility,
        "who_can_start": forum.who_can_start,
        "moderator_handles": "",
    }
    return data | changes


def test_administrators_list_the_seeded_categories_and_forums(admin_client):
    forums = admin_client.get("/admin/forums/", {"q": "organizing"})
    categories = admin_client.get("/admin/forum_categories/")

    assert forums.status_code == categories.status_code == 200
    assert "Georgia" in admin_client.get("/admin/forums/").text
    assert "Tenant and housing organizing" in forums.text
    for name in ("Regions", "Topics", "Network"):
        assert name in categories.text


def test_a_states_own_moderators_are_named_by_handle(admin_client):
    georgia = Forum.objects.get(slug="georgia")
    ana = UserFactory(username="ana_g")
    ben = UserFactory(username="Ben_T")

    response = admin_client.post(
        edit_url(georgia), form_data(georgia, moderator_handles="@ana_g, ben_t")
    )

    assert response.status_code == 302
    assert set(georgia.moderators.all()) == {ana, ben}
    shown = admin_client.get(edit_url(georgia)).text
    assert 'value="ana_g, Ben_T"' in shown or 'value="Ben_T, ana_g"' in shown


def test_an_unknown_handle_is_refused_beside_the_field_and_the_text_kept(admin_client):
    georgia = Forum.objects.get(slug="georgia")
    UserFactory(username="ana_g")
    UserFactory(username="gone_g", is_active=False)

    response = admin_client.post(
        edit_url(georgia),
        form_data(georgia, name="Georgia (renamed)", moderator_handles="ana_g, nobody_x, gone_g"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["moderator_handles"] == ["No active member has this handle: @gone_g, @nobody_x."]
    assert 'value="ana_g, nobody_x, gone_g"' in response.text
    assert 'value="Georgia (renamed)"' in response.text
    assert not georgia.moderators.exists()


def test_the_article_discussions_forum_keeps_its_slug(admin_client):
    discussions = Forum.objects.get(slug=ARTICLE_DISCUSSIONS_SLUG)

    admin_client.post(edit_url(discussions), form_data(discussions, slug="renamed"))

    assert Forum.objects.filter(slug=ARTICLE_DISCUSSIONS_SLUG).exists()


def test_a_forum_with_threads_cannot_be_deleted(admin_client):
    from forums import actions

    housing = Forum.objects.get(slug="housing")
    actions.start_thread(housing, UserFactory(), "Still here", "Not lost.")

    response = admin_client.post(f"/admin/forums/delete/{housing.pk}/", follow=True)

    assert Forum.objects.filter(pk=housing.pk).exists()
    assert "holds threads" in response.text


def test_an_empty_forum_can_be_deleted_but_not_a_category_with_forums(admin_client):
    topics = Category.objects.get(name="Topics")
    empty = Forum.objects.create(category=topics, name="Empty", slug="empty")

    admin_client.post(f"/admin/forums/delete/{empty.pk}/")
    admin_client.post(f"/admin/forum_categories/delete/{topics.pk}/")

    assert not Forum.objects.filter(pk=empty.pk).exists()
    assert Category.objects.filter(pk=topics.pk).exists()


@pytest.mark.parametrize("url", ["/admin/forums/", "/admin/forum_categories/"])
def test_members_and_moderators_cannot_change_the_forums(client, member, url):
    """Moderators (Wagtail's group) enter the admin, for the moderation queue's menu
    item, but the forums' structure is the administrators'."""
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)

    response = client.get(url, follow=True)

    assert response.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in response.text
    assert "Moderation queue" in response.text

    client.force_login(member)
    response = client.get(url, follow=True)
    assert "You do not have permission to access the admin" in response.text
