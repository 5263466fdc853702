import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from network.conversations.models import Conversation
from network.models import Profile

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_an_administrator_and_a_dozen_members_once(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out

    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert "password" in first
    assert "password" not in second

    members = Profile.objects.exclude(user=admin).select_related("region", "tendency")
    assert members.count() == 12
    assert len({p.region_id for p in members}) >= 10
    assert len({p.tendency_id for p in members if p.tendency_id}) >= 8
    assert any(p.tendency_id is None for p in members)
    assert {p.visibility for p in members} == {"public", "members", "hidden"}
    assert User.objects.count() == 13


def test_the_demo_content_tells_nobody_but_what_members_do_next_does(
    django_capture_on_commit_callbacks,
):
    """Seeded articles, threads and replies are not news: no inbox starts full. A reply
    written afterwards notifies as always."""
    from forums import actions
    from forums.models import Post
    from network.notifications.models import Event, Notification

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")

    assert not Event.objects.exists()
    assert not Notification.objects.exists()
    assert not Profile.objects.filter(unread_notifications__gt=0).exists()

    post = Post.objects.filter(
        author__username="rosa_b", thread__forum__slug="introductions"
    ).first()
    marcus = get_user_model().objects.get(username="marcus_t")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_reply(post.thread, marcus, "Welcome, Rosa!", parent=post)

    assert Notification.objects.filter(recipient__username="rosa_b").count() == 1


def test_the_demo_site_recruits_through_the_join_page_and_prints_a_passcode(client, capsys):
    from network.recruiting.models import Recruitment

    call_command("seed_demo")
    out = capsys.readouterr().out
    passcode = out.split("Demo passcode (@rosa_b's, to join at /join/): ", 1)[1].split()[0]

    page = client.get("/join/")
    assert page.status_code == 200
    assert 'name="passcode"' in page.content.decode()
    assert 'name="agree_to_points_of_unity"' in page.content.decode()
    client.post(
        "/join/",
        {
            "passcode": passcode,
            "email": "dana@example.org",
            "username": "dana_k",
            "display_name": "Dana Kim",
            "password1": "a long passphrase for dana",
            "password2": "a long passphrase for dana",
            "agree_to_points_of_unity": "on",
        },
    )
    assert Recruitment.objects.get(member__username="dana_k").recruiter.username == "rosa_b"

    call_command("seed_demo")
    assert f"Demo passcode (@rosa_b's, to join at /join/): {passcode}" in capsys.readouterr().out


def test_the_demo_speaks_spanish_too(client):
    """A Spanish article that names its English counterpart, and a Spanish thread."""
    from blog.models import ArticlePage
    from forums.models import Thread

    call_command("seed_demo")

    spanish = ArticlePage.objects.get(language="es")
    assert spanish.translation.specific.language == "en"
    html = client.get(spanish.url).text
    assert 'hreflang="en"' in html
    assert 'hreflang="es"' in html
    thread = Thread.objects.get(title__startswith="¿Quién va a la asamblea")
    assert thread.posts.count() == 4


def test_the_demo_has_a_conversation_with_one_unread_for_rosa(client):
    call_command("seed_demo")
    call_command("seed_demo")

    [conversation] = Conversation.objects.all()
    assert conversation.messages.count() == 5
    rosa = get_user_model().objects.get(username="rosa_b")
    assert rosa.profile.unread_conversations == 1
    client.force_login(rosa)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Bring water" in page
    assert "message-item--new" in page
