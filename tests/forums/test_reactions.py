"""Reactions to posts (issue #15): a member adds or takes back a reaction of a kind with
a plain form (no JavaScript) or by fetch; each post counts them itself, so a thread page
costs the same queries with or without; the wrong person is refused; who reacted is a
list for members; the author hears of a day's reactions once, grouped; a member's
reactions leave with them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import kept, reacting
from forums.models import Post, Reaction, ReactionNews, Suspension
from forums.permissions import can_react
from network import blocking
from network.leaving.deleting import erase_member
from network.leaving.exporting import files_of
from network.notifications.kinds import Delivery, Kind
from network.notifications.models import Notification, Preference
from tests.forums.conftest import established

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]


@pytest.fixture
def post(housing, start_thread, reply, other_member):
    thread = start_thread(housing, title="Rent strike on Ponce")
    return reply(thread, "Meeting Tuesday at the library.", author=other_member)


def react_url(post) -> str:
    return reverse("forums:react", args=[post.pk])


def counts(post) -> dict[str, int]:
    fresh = Post.objects.get(pk=post.pk)
    shown = {field: getattr(fresh, field) for field in reacting.COUNT_FIELDS}
    return {field: count for field, count in shown.items() if count}


def test_a_member_reacts_without_javascript_and_comes_back_to_the_post(client, member, post):
    client.force_login(member)
    page = client.get(post.thread.get_absolute_url()).text

    response = client.post(react_url(post), {"add": "agree"})

    # The buttons belong to the page's one form, which carries the CSRF token.
    assert '<form id="reaction-form" method="post" hidden>' in page
    assert 'name="csrfmiddlewaretoken"' in page.split('id="reaction-form"')[1][:300]
    assert (
        f'form="reaction-form" formaction="/forums/p/{post.pk}/react/" name="add" value="agree" '
        'aria-pressed="false"'
    ) in page
    assert response.status_code == 302
    assert response["Location"] == f"{post.thread.get_absolute_url()}#post-{post.pk}"
    assert Reaction.objects.filter(post=post, member=member, kind="agree").exists()
    assert counts(post) == {"agree_count": 1}
    after = client.get(response["Location"]).text
    assert 'name="remove" value="agree" aria-pressed="true"' in after
    assert "data-count>1</span>" in after


def test_taking_a_reaction_back_and_asking_twice_for_the_same_moves_the_count_once(
    client, member, post
):
    client.force_login(member)
    client.post(react_url(post), {"add": "thanks"})
    client.post(react_url(post), {"add": "thanks"})  # a double submit
    client.post(react_url(post), {"add": "solidarity"})
    assert counts(post) == {"thanks_count": 1, "solidarity_count": 1}

    client.post(react_url(post), {"remove": "thanks"})
    client.post(react_url(post), {"remove": "thanks"})
    assert counts(post) == {"solidarity_count": 1}
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["solidarity"]


def test_with_javascript_the_answer_is_the_counts(client, member, other_member, post):
    reacting.react(post, established(), "laugh", on=True)
    client.force_login(member)

    response = client.post(
        react_url(post), {"add": "laugh"}, headers={"accept": "application/json"}
    )

    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["pressed"] is True
    assert answer["counts"]["laugh"] == 2
    assert answer["counts"]["agree"] == 0


@pytest.mark.parametrize("asked", [{"add": "downvote"}, {"add": "<script>"}, {}, {"remove": ""}])
def test_a_made_up_reaction_is_refused(client, member, post, asked):
    client.force_login(member)

    response = client.post(react_url(post), asked, follow=True)

    assert "Choose one of the reactions offered." in response.text
    assert not Reaction.objects.exists()
    assert counts(post) == {}


def test_a_visitor_is_sent_to_sign_in_and_sees_counts_without_buttons(client, post):
    reacting.react(post, established(), "agree", on=True)

    response = client.post(react_url(post), {"add": "agree"})
    page = client.get(post.thread.get_absolute_url()).text

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Reaction.objects.count() == 1
    assert '<span class="reaction">Agree <span class="reaction__count">1</span></span>' in page
    assert "reaction-form" not in page
    assert "Who reacted" not in page


def test_a_visitor_cannot_react_or_list_in_a_members_only_forum(
    client, georgia, start_thread, reply
):
    post = reply(start_thread(georgia), "Members only words.")

    assert client.post(react_url(post), {"add": "agree"}).status_code == 302
    assert client.get(reverse("forums:post_reactions", args=[post.pk])).status_code == 404
    assert not Reaction.objects.exists()


def test_nobody_reacts_to_their_own_post(client, other_member, post):
    client.force_login(other_member)

    page = client.get(post.thread.get_absolute_url()).text
    response = client.post(react_url(post), {"add": "agree"}, follow=True)

    assert f'formaction="/forums/p/{post.pk}/react/"' not in page
    assert "You cannot react to this post." in response.text
    assert not Reaction.objects.exists()


def test_a_suspended_member_is_refused(client, member, post):
    Suspension.objects.create(
        user=member, until=timezone.now() + timedelta(days=2), reason="Cooling off"
    )
    client.force_login(member)

    response = client.post(react_url(post), {"add": "agree"}, follow=True)

    assert "You are suspended" in response.text
    assert not Reaction.objects.exists()


def test_no_reactions_to_a_hidden_post_or_in_a_locked_thread(client, member, post, moderator):
    from forums import moderation

    client.force_login(member)
    moderation.hide_post(post, moderator, "off topic")
    hidden = client.post(react_url(post), {"add": "agree"}, follow=True)
    moderation.unhide_post(post, moderator)
    moderation.set_locked(post.thread, moderator, True)
    locked = client.post(react_url(post), {"add": "agree"}, follow=True)

    assert "You cannot react to this post." in hidden.text
    assert "You cannot react to this post." in locked.text
    assert not Reaction.objects.exists()


def test_reactions_are_paced(client, member, post, monkeypatch):
    monkeypatch.setattr(reacting, "REACTIONS_PER_MINUTE", 3)
    client.force_login(member)
    for kind in ("agree", "thanks", "laugh"):
        client.post(react_url(post), {"add": kind})

    response = client.post(react_url(post), {"add": "insightful"}, follow=True)

    assert "wait a minute" in response.text
    assert Reaction.objects.count() == 3


def test_the_kept_page_shows_new_counts_to_every_reader(
    client, member, post, django_capture_on_commit_callbacks
):
    """Counts are in the posts kept for every visitor and every member alike: a reaction
    makes them old."""
    reader = established()
    client.force_login(reader)
    client.get(post.thread.get_absolute_url())
    visitor = type(client)()
    visitor.get(post.thread.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        reacting.react(post, member, "insightful", on=True)

    assert "data-count>1</span>" in client.get(post.thread.get_absolute_url()).text
    assert 'reaction__count">1</span>' in visitor.get(post.thread.get_absolute_url()).text


def test_a_thread_page_costs_the_same_queries_with_or_without_reactions(
    client, member, housing, start_thread, grow_thread, count_queries
):
    thread = start_thread(housing)
    posts = grow_thread(thread, top_level=5, nested=2)
    reader, visitor = established(), type(client)()
    client.force_login(reader)
    url = thread.get_absolute_url()
    for browser in (client, visitor):
        browser.get(url)
        browser.get(url)
    member_before = count_queries(lambda: client.get(url))
    visitor_before = count_queries(lambda: visitor.get(url))

    for number, post in enumerate(posts):
        for kind in ("agree", "thanks", "solidarity")[: number % 3 + 1]:
            reacting.react(post, established(), kind, on=True)
    kept.everything_changed()
    for browser in (client, visitor):
        browser.get(url)

    assert count_queries(lambda: client.get(url)) == member_before
    assert count_queries(lambda: visitor.get(url)) == visitor_before


def test_a_page_where_the_member_reacted_is_made_for_them_in_as_few_queries_as_their_own(
    client, member, housing, start_thread, grow_thread, count_queries
):
    """Their pressed buttons are theirs alone: the page is made for them, as a page with
    one of their own posts is, in the same number of queries."""
    thread = start_thread(housing)
    posts = grow_thread(thread, top_level=4)
    url = thread.get_absolute_url()
    client.force_login(member)
    client.get(url)
    client.get(url)
    kept_for_any_member = count_queries(lambda: client.get(url))
    reacting.react(posts[1], member, "agree", on=True)
    client.get(url)

    made_for_them = count_queries(lambda: client.get(url))
    page = client.get(url).text

    assert 'aria-pressed="true"' in page
    assert page.count('aria-pressed="true"') == 1
    # Made for them: which of the page's posts they reacted to, then the posts.
    assert made_for_them == kept_for_any_member + 2


def test_the_list_names_who_reacted_to_members_and_counts_to_visitors(client, member, post):
    rosa = established(profile__display_name="Rosa <b>Bell</b>")
    reacting.react(post, rosa, "solidarity", on=True)
    reacting.react(post, member, "solidarity", on=True)
    reacting.react(post, member, "thanks", on=True)
    url = reverse("forums:post_reactions", args=[post.pk])

    seen_by_visitor = client.get(url).text
    client.force_login(established())
    seen_by_member = client.get(url).text
    post_page = client.get(post.thread.get_absolute_url()).text

    assert 'Solidarity <span class="count">(2)</span>' in seen_by_visitor
    assert "Rosa" not in seen_by_visitor
    assert "Members see who reacted" in seen_by_visitor
    assert "Rosa &lt;b&gt;Bell&lt;/b&gt;" in seen_by_member
    assert "Mia Member" in seen_by_member
    assert f'href="/forums/p/{post.pk}/reactions/" data-who>Who reacted</a>' in post_page


def test_the_list_of_a_deleted_or_hidden_post_is_not_found(client, member, post, moderator):
    from forums import moderation

    reacting.react(post, member, "agree", on=True)
    moderation.hide_post(post, moderator, "off topic")
    client.force_login(member)

    assert client.get(reverse("forums:post_reactions", args=[post.pk])).status_code == 404
    client.force_login(moderator)
    assert client.get(reverse("forums:post_reactions", args=[post.pk])).status_code == 200


# --- Telling the author ----------------------------------------------------------------


def test_the_author_hears_once_a_day_how_many_reacted_never_once_per_reaction(
    other_member, post, django_capture_on_commit_callbacks, celery_conf
):
    celery_conf(task_always_eager=True, task_eager_propagates=True)
    blocked = established()
    blocking.block(other_member, blocked)
    for kind in ("agree", "thanks"):
        for reactor in (established(), established()):
            reacting.react(post, reactor, kind, on=True)
    reacting.react(post, blocked, "agree", on=True)
    first = Reaction.objects.first().member
    reacting.react(post, first, "laugh", on=True)  # one member, two kinds: one person

    with django_capture_on_commit_callbacks(execute=True):
        assert reacting.tell_authors() == 1
    reacting.react(post, established(), "insightful", on=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert reacting.tell_authors() == 0  # not twice in a day
    [row] = Notification.objects.filter(recipient=other_member)
    assert row.kind == Kind.REACTION
    assert ReactionNews.objects.get().people == 4  # the blocked member not counted
    inbox = Notification.objects.filter(recipient=other_member)
    assert inbox.count() == 1

    tomorrow = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert reacting.tell_authors(tomorrow) == 1
    assert list(ReactionNews.objects.order_by("pk").values_list("people", flat=True)) == [4, 1]


def test_the_inbox_says_how_many_people_reacted(
    client, other_member, post, django_capture_on_commit_callbacks, celery_conf
):
    celery_conf(task_always_eager=True, task_eager_propagates=True)
    for reactor in (established(), established(), established()):
        reacting.react(post, reactor, "agree", on=True)
    with django_capture_on_commit_callbacks(execute=True):
        reacting.tell_authors()
    client.force_login(other_member)

    inbox = client.get(reverse("notifications:inbox")).text

    assert "3 people reacted to your post in ‘Rent strike on Ponce’" in inbox


def test_the_email_says_how_many_in_the_recipients_language(
    other_member, post, django_capture_on_commit_callbacks, settings, celery_conf
):
    from django.core import mail

    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_conf(task_always_eager=True, task_eager_propagates=True)
    Preference.objects.create(user=other_member, kind=Kind.REACTION, delivery=Delivery.AT_ONCE)
    reacting.react(post, established(), "agree", on=True)

    with django_capture_on_commit_callbacks(execute=True):
        reacting.tell_authors()

    [email] = mail.outbox
    assert email.to == [other_member.email]
    assert email.subject == "1 person reacted to your post in “Rent strike on Ponce”"


def test_reactions_are_a_daily_kind_of_their_own():
    from network.notifications.kinds import DEFAULT_DELIVERY

    assert DEFAULT_DELIVERY[Kind.REACTION] == Delivery.DAILY


# --- Leaving -------------------------------------------------------------------------


def test_reactions_go_in_the_export_and_leave_with_the_member(member, post):
    reacting.react(post, member, "solidarity", on=True)
    reacting.react(post, established(), "solidarity", on=True)

    exported = {file.name: file.content for file in files_of(member)}
    assert '"reaction": "solidarity"' in exported["posts/reactions.json"]

    erase_member(member, delete_posts=False)
    assert counts(post) == {"solidarity_count": 1}
    assert not Reaction.objects.filter(member=member).exists()


def test_beat_tells_the_reactions_once_a_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["tell-reactions"]

    assert entry["task"] == "forums.tasks.tell_reactions"
    assert entry["schedule"].hour == {12}


def test_a_comment_under_an_article_takes_reactions_and_the_reader_comes_back_there(client, member):
    from forums.models import Thread
    from tests.factories import make_article

    article = make_article("What the strike won")
    thread = Thread.objects.select_related("forum").get(pk=article.discussion_id)
    comment = Post.objects.get(pk=_comment(thread).pk)
    client.force_login(member)
    page = client.get(article.url).text

    response = client.post(react_url(comment), {"add": "agree", "return_to": "article"})

    assert '<form id="reaction-form" method="post" hidden>' in page
    assert 'name="return_to" value="article"' in page
    assert f'formaction="/forums/p/{comment.pk}/react/"' in page
    # The site's own opening post of the discussion takes none.
    assert not can_react(member, thread.posts.select_related("thread__forum").get(seq=0))
    assert response["Location"] == f"{article.url}#post-{comment.pk}"
    assert counts(comment) == {"agree_count": 1}


def _comment(thread):
    from forums import actions

    return actions.post_reply(thread, established(), "Solidarity from Durham.")


def test_a_suspended_author_is_not_told(other_member, post):
    Suspension.objects.create(
        user=other_member, until=timezone.now() + timedelta(days=2), reason="Cooling off"
    )
    reacting.react(post, established(), "agree", on=True)

    assert reacting.tell_authors() == 0
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_an_author_who_may_no_longer_read_the_thread_is_not_told(member):
    """A comment on an article later made private to another group: its author hears
    nothing of the reactions to it, not even the thread's title."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from forums.models import Thread
    from tests.factories import make_article

    article = make_article("Steering minutes")
    comment = _comment(Thread.objects.get(pk=article.discussion_id))
    reacting.react(comment, member, "agree", on=True)
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Steering committee"))

    assert reacting.tell_authors() == 0
    assert not Notification.objects.filter(recipient=comment.author).exists()
    assert Reaction.objects.get().told_at is not None  # not told later either


def test_a_refusal_by_fetch_is_said_in_words_and_nothing_moves(client, other_member, post):
    client.force_login(other_member)

    response = client.post(
        react_url(post), {"add": "agree"}, headers={"accept": "application/json"}
    )

    assert response.status_code == 403
    assert json.loads(response.content) == {"error": "You cannot react to this post."}
    assert counts(post) == {}


@pytest.mark.parametrize("post_id", ["0", "9223372036854775808", "99999999999999999999999"])
def test_an_address_past_any_post_is_not_found(client, member, post_id):
    client.force_login(member)

    assert client.post(f"/forums/p/{post_id}/react/", {"add": "agree"}).status_code == 404
    assert client.get(f"/forums/p/{post_id}/reactions/").status_code == 404


def test_a_member_who_reacted_on_another_page_of_the_thread_still_reads_the_kept_posts(
    client, member, housing, start_thread, grow_thread, count_queries, settings
):
    settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE = 3
    thread = start_thread(housing)
    posts = grow_thread(thread, top_level=6)
    url = thread.get_absolute_url()
    client.force_login(member)
    client.get(url)  # read: their standing changes
    client.get(url)  # and is kept
    never_reacted = count_queries(lambda: client.get(url))
    reacting.react(posts[-1], member, "agree", on=True)  # on the second page
    client.get(url)

    reacted_elsewhere = count_queries(lambda: client.get(url))
    page = client.get(url).text

    # Which of this page's posts they reacted to (none): one query, and the kept posts.
    assert reacted_elsewhere == never_reacted + 1
    assert 'aria-pressed="true"' not in page
