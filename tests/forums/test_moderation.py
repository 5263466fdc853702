"""Moderators keep the forums safe: members report posts; site-wide moderators and a
forum's own moderators work the queue, hide posts, lock, pin, move and retitle threads;
site-wide moderators suspend members. Everything they do is logged, and nobody else
may do it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from forums import actions, moderation
from forums.models import Forum, ModerationAction, Report, Thread
from network import page_cache
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db

Kind = ModerationAction.Kind
SECRET = "Her home address is 12 Quince Lane"


@pytest.fixture(autouse=True)
def _no_wait_between_posts(monkeypatch):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)


def established(**fields):
    """A member of a month's standing, past the new-member limits."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=30), **fields)


@pytest.fixture
def author(db):
    return established(profile__display_name="Ann Author")


@pytest.fixture
def reader(db):
    return established(profile__display_name="Rita Reader")


@pytest.fixture
def site_moderator(db):
    user = established(profile__display_name="Sam Sitewide")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def georgia():
    """A state's members-only forum, with its own moderators."""
    return Forum.objects.get(slug="georgia")


@pytest.fixture
def alabama():
    return Forum.objects.get(slug="alabama")


@pytest.fixture
def housing():
    """A public topic forum: anonymous visitors read it."""
    return Forum.objects.get(slug="housing")


@pytest.fixture
def georgia_moderator(georgia):
    user = established(profile__display_name="Gia Georgia")
    georgia.moderators.add(user)
    return user


@pytest.fixture
def alabama_moderator(alabama):
    user = established(profile__display_name="Al Alabama")
    alabama.moderators.add(user)
    return user


@pytest.fixture
def thread(georgia, author):
    return actions.start_thread(georgia, author, "Rent strike on Ponce", "We meet Tuesday.")


@pytest.fixture
def offending_reply(thread, author):
    return actions.post_reply(thread, author, SECRET)


def thread_page(client, thread):
    thread.refresh_from_db()
    return client.get(thread.get_absolute_url())


# --- Reports and the queue ----------------------------------------------------------------


def test_member_reports_a_post_once_while_the_report_is_open(
    client, reader, offending_reply, site_moderator
):
    client.force_login(reader)
    url = reverse("forums:report_post", args=[offending_reply.pk])
    form = client.get(url)
    assert "Shares someone&#x27;s private information" in form.text

    for _ in range(2):
        response = client.post(url, {"reason": "doxxing", "note": "  That is her real street. "})
        assert response.status_code == 302

    report = Report.objects.get()
    assert (report.post, report.reporter) == (offending_reply, reader)
    assert (report.reason, report.note) == (Report.Reason.DOXXING, "That is her real street.")

    moderation.resolve_report(report, site_moderator, "Hid the post.")
    client.post(url, {"reason": "harassment"})
    assert Report.objects.filter(resolved_at__isnull=True).count() == 1


def test_a_report_needs_a_reason_from_the_list(client, reader, offending_reply):
    client.force_login(reader)
    response = client.post(
        reverse("forums:report_post", args=[offending_reply.pk]), {"reason": "i-dislike-it"}
    )
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_site_moderators_see_every_open_report_and_forum_moderators_only_their_own(
    client, reader, offending_reply, housing, author, site_moderator, georgia_moderator
):
    elsewhere = actions.start_thread(housing, author, "Tenant union dues", "Dues talk")
    moderation.report_post(offending_reply, reader, "doxxing", "Georgia report note")
    moderation.report_post(elsewhere.posts.get(), reader, "spam", "Housing report note")
    closed = moderation.report_post(offending_reply, author, "other", "Closed report note")
    moderation.resolve_report(closed, site_moderator, "Nothing to do.")

    client.force_login(site_moderator)
    everything = client.get(reverse("forums:moderation_queue")).text
    assert "Georgia report note" in everything
    assert "Housing report note" in everything
    assert "Closed report note" not in everything
    assert "Shares someone&#x27;s private information" in everything

    client.force_login(georgia_moderator)
    own = client.get(reverse("forums:moderation_queue")).text
    assert "Georgia report note" in own
    assert "Housing report note" not in own


def test_resolving_a_report_closes_it_and_is_logged(
    client, reader, offending_reply, georgia_moderator
):
    report = moderation.report_post(offending_reply, reader, "doxxing")
    client.force_login(georgia_moderator)

    response = client.post(
        reverse("forums:resolve_report", args=[report.pk]), {"resolution": "Hid the address."}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert (report.resolved_by, report.resolution) == (georgia_moderator, "Hid the address.")
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.moderator, entry.reason) == (
        Kind.RESOLVE,
        georgia_moderator,
        "Hid the address.",
    )
    assert (entry.post, entry.member) == (offending_reply, offending_reply.author)
    assert "Hid the address." not in client.get(reverse("forums:moderation_queue")).text


def test_a_report_is_resolved_once(
    client, reader, offending_reply, georgia_moderator, site_moderator
):
    report = moderation.report_post(offending_reply, reader, "spam")
    stale = Report.objects.get(pk=report.pk)
    assert moderation.resolve_report(report, georgia_moderator, "First look.")
    assert not moderation.resolve_report(stale, site_moderator, "Second look.")
    client.force_login(site_moderator)
    url = reverse("forums:resolve_report", args=[report.pk])
    response = client.post(url, {"resolution": "Third look."}, follow=True)

    assert "already resolved" in response.text
    report.refresh_from_db()
    assert (report.resolved_by, report.resolution) == (georgia_moderator, "First look.")
    assert ModerationAction.objects.filter(kind=Kind.RESOLVE).count() == 1


# --- Hiding posts -----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["opening post", "reply"])
def test_hidden_words_never_reach_members_or_visitors_but_moderators_still_read_them(
    client, housing, author, reader, site_moderator, georgia_moderator, which
):
    if which == "opening post":
        thread = actions.start_thread(housing, author, "Our landlord", SECRET)
        post = thread.posts.get()
    else:
        thread = actions.start_thread(housing, author, "Our landlord", "Who owns our building?")
        post = actions.post_reply(thread, author, SECRET)
    client.force_login(site_moderator)
    response = client.post(
        reverse("forums:hide_post", args=[post.pk]), {"reason": "shares a private address"}
    )
    assert response.status_code == 302

    client.logout()
    for visitor in (None, reader, author, georgia_moderator):
        if visitor:
            client.force_login(visitor)
        page = thread_page(client, thread)
        assert page.status_code == 200
        assert "Quince Lane" not in page.text, visitor
        assert "Hidden by moderators: shares a private address" in page.text

    client.force_login(site_moderator)
    page = thread_page(client, thread)
    assert SECRET in page.text
    assert "Hidden from members: shares a private address" in page.text


def test_hidden_words_stay_off_the_reply_and_report_pages(
    client, reader, offending_reply, site_moderator
):
    moderation.hide_post(offending_reply, site_moderator, "doxxing")
    client.force_login(reader)
    for url in (
        reverse("forums:reply_to", args=[offending_reply.pk]) + "?quote=1",
        reverse("forums:report_post", args=[offending_reply.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "Quince Lane" not in page.text, url


def test_a_forum_moderator_hides_and_unhides_a_post_and_both_are_logged(
    client, reader, thread, offending_reply, georgia_moderator
):
    client.force_login(georgia_moderator)
    client.post(reverse("forums:hide_post", args=[offending_reply.pk]), {"reason": "doxxing"})
    offending_reply.refresh_from_db()
    assert (offending_reply.is_hidden, offending_reply.hidden_reason) == (True, "doxxing")

    client.post(
        reverse("forums:unhide_post", args=[offending_reply.pk]), {"reason": "address was fake"}
    )

    offending_reply.refresh_from_db()
    assert (offending_reply.is_hidden, offending_reply.hidden_reason) == (False, "")
    client.force_login(reader)
    assert SECRET in thread_page(client, thread).text
    unhide, hide = ModerationAction.objects.all()
    assert (hide.kind, hide.reason, hide.post, hide.member) == (
        Kind.HIDE,
        "doxxing",
        offending_reply,
        offending_reply.author,
    )
    assert (unhide.kind, unhide.reason, unhide.moderator) == (
        Kind.UNHIDE,
        "address was fake",
        georgia_moderator,
    )
    assert hide.thread == unhide.thread == thread


def test_hiding_needs_a_reason(client, offending_reply, georgia_moderator):
    client.force_login(georgia_moderator)
    response = client.post(reverse("forums:hide_post", args=[offending_reply.pk]), {"reason": " "})
    assert response.status_code == 200
    offending_reply.refresh_from_db()
    assert not offending_reply.is_hidden
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("act", [moderation.hide_post, moderation.unhide_post])
def test_hiding_a_comment_on_an_article_makes_the_page_cache_stale_once_committed(
    monkeypatch, django_capture_on_commit_callbacks, author, site_moderator, act
):
    thread = Thread.objects.get(pk=make_article("An article").discussion_id)
    comment = actions.post_reply(thread, author, SECRET)
    invalidations = []
    monkeypatch.setattr(page_cache, "invalidate", lambda: invalidations.append(True))

    with django_capture_on_commit_callbacks() as callbacks:
        act(comment, site_moderator, "spam")
    assert invalidations == []

    for callback in callbacks:
        callback()
    assert invalidations == [True]


# --- Locking, pinning, moving and retitling threads -------------------------------------------


def test_a_locked_thread_takes_replies_from_moderators_only(
    client, thread, reader, georgia_moderator
):
    client.force_login(georgia_moderator)
    client.post(reverse("forums:lock_thread", args=[thread.pk]), {"locked": "1", "reason": "heat"})
    thread.refresh_from_db()
    assert thread.locked

    with pytest.raises(actions.PostingRefused, match="locked"):
        actions.post_reply(thread, reader, "One more thing")
    actions.post_reply(thread, georgia_moderator, "Locked while things cool down.")
    client.force_login(reader)
    page = thread_page(client, thread)
    assert "This thread is locked: no new replies." in page.text
    assert reverse("forums:reply", args=[thread.pk]) not in page.text

    client.force_login(georgia_moderator)
    client.post(reverse("forums:lock_thread", args=[thread.pk]), {"locked": "0"})
    actions.post_reply(thread, reader, "Thanks for reopening")
    assert list(ModerationAction.objects.values_list("kind", "reason")) == [
        (Kind.UNLOCK, ""),
        (Kind.LOCK, "heat"),
    ]


def test_a_pinned_thread_comes_first_in_its_forum(client, georgia, author, georgia_moderator):
    older = actions.start_thread(georgia, author, "Standing meeting times", "Tuesdays.")
    actions.start_thread(georgia, author, "Newer chatter", "Hello.")
    client.force_login(georgia_moderator)

    client.post(reverse("forums:pin_thread", args=[older.pk]), {"pinned": "1", "reason": "FAQ"})

    listing = client.get(georgia.get_absolute_url()).text
    assert listing.index("Standing meeting times") < listing.index("Newer chatter")
    assert listing.count("Standing meeting times") == 1
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.thread, entry.forum, entry.reason) == (
        Kind.PIN,
        older,
        georgia,
        "FAQ",
    )


def test_moving_a_thread_recounts_both_forums(
    client, georgia, alabama, author, reader, georgia_moderator
):
    alabama.moderators.add(georgia_moderator)
    actions.start_thread(alabama, author, "Birmingham", "Hello from Birmingham.")
    staying = actions.start_thread(georgia, author, "Savannah", "Hello from Savannah.")
    moving = actions.start_thread(georgia, author, "Mobile, not Macon", "Wrong state.")
    actions.post_reply(moving, reader, "This belongs in Alabama.")
    last = actions.post_reply(moving, author, "Oops.")
    client.force_login(georgia_moderator)

    response = client.post(
        reverse("forums:move_thread", args=[moving.pk]),
        {"forum": alabama.pk, "reason": "wrong state"},
    )

    assert response.status_code == 302
    moving.refresh_from_db()
    georgia.refresh_from_db()
    alabama.refresh_from_db()
    assert moving.forum == alabama
    assert response["Location"] == moving.get_absolute_url()
    assert (georgia.thread_count, georgia.post_count) == (1, 1)
    assert georgia.last_post == staying.posts.get()
    assert (alabama.thread_count, alabama.post_count) == (2, 4)
    assert alabama.last_post == last
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.thread, entry.reason) == (Kind.MOVE, moving, "wrong state")
    assert entry.details == {"from": "georgia", "to": "alabama"}


def test_a_forum_moderator_cannot_move_a_thread_into_a_forum_they_do_not_moderate(
    client, thread, alabama, georgia_moderator
):
    client.force_login(georgia_moderator)
    form = client.get(reverse("forums:move_thread", args=[thread.pk])).text
    assert "Alabama" not in form

    response = client.post(reverse("forums:move_thread", args=[thread.pk]), {"forum": alabama.pk})

    assert response.status_code == 200
    thread.refresh_from_db()
    assert thread.forum.slug == "georgia"
    with pytest.raises(PermissionDenied):
        moderation.move_thread(thread, georgia_moderator, alabama)
    assert not ModerationAction.objects.exists()


def test_article_discussions_stay_in_their_forum(client, housing, author, site_moderator):
    discussions = Forum.objects.get(slug="article-discussions")
    discussion = actions.start_thread(discussions, None, "Discussion: An article", "Discuss.")
    ordinary = actions.start_thread(housing, author, "Just a thread", "Hello.")
    client.force_login(site_moderator)

    page = client.get(reverse("forums:move_thread", args=[discussion.pk]))
    assert "Article discussions stay with their articles" in page.text
    client.post(reverse("forums:move_thread", args=[discussion.pk]), {"forum": housing.pk})
    form = client.get(reverse("forums:move_thread", args=[ordinary.pk])).text
    assert f'value="{discussions.pk}"' not in form
    client.post(reverse("forums:move_thread", args=[ordinary.pk]), {"forum": discussions.pk})

    discussion.refresh_from_db()
    ordinary.refresh_from_db()
    assert (discussion.forum, ordinary.forum) == (discussions, housing)
    for thread, destination in ((discussion, housing), (ordinary, discussions)):
        with pytest.raises(ValueError, match="stay with their articles"):
            moderation.move_thread(thread, site_moderator, destination)
    assert not ModerationAction.objects.exists()


def test_a_moderator_edits_a_threads_title_and_tags(client, thread, georgia_moderator):
    thread.set_tags(["rent"])
    client.force_login(georgia_moderator)

    response = client.post(
        reverse("forums:retitle_thread", args=[thread.pk]),
        {"title": "Rent strike on Ponce de Leon", "tags": "rent strike, Atlanta", "reason": "x"},
    )

    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.title == "Rent strike on Ponce de Leon"
    assert sorted(thread.tags.names()) == ["Atlanta", "rent strike"]
    assert response["Location"] == thread.get_absolute_url()
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.thread, entry.reason) == (Kind.RETITLE, thread, "x")
    assert entry.details == {
        "before": {"title": "Rent strike on Ponce", "tags": ["rent"]},
        "after": {"title": "Rent strike on Ponce de Leon", "tags": ["Atlanta", "rent strike"]},
    }
    log = client.get(reverse("forums:moderation_log")).text
    assert "Rent strike on Ponce de Leon</a> (was “Rent strike on Ponce”)" in log
    for page in (thread.get_absolute_url(), thread.forum.get_absolute_url()):
        shown = client.get(page).text
        assert '?tag=rent-strike">rent strike</a>' in shown
        assert '?tag=atlanta">Atlanta</a>' in shown
        assert '?tag=rent"' not in shown


def test_a_thread_keeps_at_most_five_tags(client, thread, georgia_moderator):
    client.force_login(georgia_moderator)
    response = client.post(
        reverse("forums:retitle_thread", args=[thread.pk]),
        {"title": "Renamed", "tags": "a, b, c, d, e, f"},
    )
    assert response.status_code == 200
    assert "Use at most 5 tags." in response.text
    thread.refresh_from_db()
    assert thread.title == "Rent strike on Ponce"


def test_retitling_keeps_replies_that_arrived_meanwhile(thread, reader, georgia_moderator):
    loaded_before_the_reply = Thread.objects.get(pk=thread.pk)
    actions.post_reply(thread, reader, "Count me in")

    moderation.retitle_thread(loaded_before_the_reply, georgia_moderator, "New title", [])

    thread.refresh_from_db()
    assert thread.title == "New title"
    assert (thread.reply_count, thread.next_seq, thread.top_level_count) == (1, 2, 1)
    actions.post_reply(thread, reader, "And a second offending_reply lands safely")


# --- Suspensions ------------------------------------------------------------------------


def test_a_suspended_member_reads_but_cannot_post_or_edit_and_is_told_until_when(
    client, georgia, thread, reader, site_moderator
):
    own_post = actions.post_reply(thread, reader, "Before the suspension")
    client.force_login(site_moderator)

    response = client.post(
        reverse("forums:suspend_member", args=[reader.username]),
        {"days": "7", "reason": "repeated harassment"},
    )

    assert response.status_code == 302
    suspension = reader.suspensions.get()
    assert suspension.until - timezone.now() > timedelta(days=6, hours=23)
    until = date_format(timezone.localtime(suspension.until), "DATETIME_FORMAT")
    for attempt in (
        lambda: actions.post_reply(thread, reader, "Let me back in"),
        lambda: actions.start_thread(georgia, reader, "A new thread", "Hello"),
    ):
        with pytest.raises(actions.PostingRefused) as refusal:
            attempt()
        assert f"suspended from posting until {until}" in refusal.value.message
        assert "repeated harassment" in refusal.value.message
    with pytest.raises(actions.PostingRefused, match="suspended"):
        actions.edit_post(own_post, reader, "Edited while suspended")

    client.force_login(reader)
    page = thread_page(client, thread)
    assert page.status_code == 200
    assert "Before the suspension" in page.text
    assert f"You are suspended from posting until {until}" in page.text
    assert reverse("forums:reply", args=[thread.pk]) not in page.text
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.member, entry.moderator, entry.reason) == (
        Kind.SUSPEND,
        reader,
        site_moderator,
        "repeated harassment",
    )


def test_only_site_wide_moderators_suspend_members(client, reader, georgia_moderator):
    client.force_login(georgia_moderator)
    response = client.post(
        reverse("forums:suspend_member", args=[reader.username]), {"days": "7", "reason": "x"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        moderation.suspend_member(reader, georgia_moderator, timezone.now() + timedelta(days=1), "")
    assert not reader.suspensions.exists()


def test_a_suspension_ends_in_the_future_and_no_moderator_suspends_themselves(
    client, reader, site_moderator
):
    with pytest.raises(ValueError, match="future"):
        moderation.suspend_member(reader, site_moderator, timezone.now(), "too late")
    client.force_login(site_moderator)
    response = client.post(
        reverse("forums:suspend_member", args=[site_moderator.username]),
        {"days": "1", "reason": "testing the button"},
    )
    assert response.status_code == 200
    assert "You cannot suspend yourself." in response.text
    assert not site_moderator.suspensions.exists()
    assert not ModerationAction.objects.exists()


# --- Post history -----------------------------------------------------------------------


def test_moderators_read_earlier_versions_of_an_edited_post(
    client, thread, offending_reply, author, georgia_moderator
):
    actions.edit_post(offending_reply, author, "Nothing to see here.")
    client.force_login(georgia_moderator)
    assert (
        reverse("forums:post_history", args=[offending_reply.pk])
        in thread_page(client, thread).text
    )

    history = client.get(reverse("forums:post_history", args=[offending_reply.pk]))

    assert history.status_code == 200
    assert SECRET in history.text
    assert "Nothing to see here." in history.text
    assert "Ann Author" in history.text
    client.force_login(author)
    assert client.get(reverse("forums:post_history", args=[offending_reply.pk])).status_code == 403


# --- The log --------------------------------------------------------------------------


def test_the_log_shows_who_did_what_when_and_why(
    client, thread, offending_reply, reader, site_moderator, georgia_moderator
):
    moderation.hide_post(offending_reply, georgia_moderator, "shares an address")
    moderation.set_locked(thread, georgia_moderator, True, "cooling off")
    moderation.suspend_member(reader, site_moderator, timezone.now() + timedelta(days=3), "threats")
    client.force_login(site_moderator)

    log = client.get(reverse("forums:moderation_log")).text

    for words in (
        "Gia Georgia",
        "Hid a post",
        "shares an address",
        "Locked a thread",
        "cooling off",
        "Sam Sitewide",
        "Suspended a member",
        f"@{reader.username}",
        "threats",
        thread.title,
        '<time datetime="',
    ):
        assert words in log, words
    # When a suspension ends, in the reader's own date format.
    until = timezone.localtime(reader.suspensions.get().until)
    assert f"until {date_format(until, 'DATETIME_FORMAT')}" in log


def test_a_forum_moderator_reads_the_log_of_their_own_forums(
    client, thread, housing, author, site_moderator, georgia_moderator
):
    elsewhere = actions.start_thread(housing, author, "Elsewhere", "Hello.")
    moderation.set_locked(thread, site_moderator, True, "reason in georgia")
    moderation.set_locked(elsewhere, site_moderator, True, "reason in housing")
    client.force_login(georgia_moderator)

    log = client.get(reverse("forums:moderation_log")).text

    assert "reason in georgia" in log
    assert "reason in housing" not in log


@pytest.mark.parametrize("page", ["forums:moderation_queue", "forums:moderation_log"])
def test_the_queue_and_the_log_cost_the_same_however_long_they_are(
    client, georgia, alabama, author, reader, site_moderator, count_queries, page
):
    def add_entries(count):
        for n in range(count):
            thread = actions.start_thread(georgia, author, f"Thread {n}", "Words")
            moderation.report_post(thread.posts.get(), reader, "spam", "note")
            moderation.move_thread(thread, site_moderator, alabama, "wrong state")

    client.force_login(site_moderator)
    url = reverse(page)
    add_entries(1)
    client.get(url)  # the first request of a session costs a few one-off queries
    one = count_queries(lambda: client.get(url))
    add_entries(5)
    six = count_queries(lambda: client.get(url))

    assert six == one
    assert one <= 12


# --- Refusals -------------------------------------------------------------------------


@pytest.fixture
def targets(reader, offending_reply):
    """Every moderation page, each with what a moderator would send, on a post, a
    thread and a member of the Georgia forum."""
    report = moderation.report_post(offending_reply, reader, "doxxing")
    thread = offending_reply.thread
    return [
        ("GET", reverse("forums:moderation_queue"), {}),
        ("GET", reverse("forums:moderation_log"), {}),
        ("GET", reverse("forums:resolve_report", args=[report.pk]), {}),
        ("POST", reverse("forums:resolve_report", args=[report.pk]), {"resolution": "done"}),
        ("GET", reverse("forums:hide_post", args=[offending_reply.pk]), {}),
        ("POST", reverse("forums:hide_post", args=[offending_reply.pk]), {"reason": "doxxing"}),
        ("POST", reverse("forums:unhide_post", args=[offending_reply.pk]), {}),
        ("GET", reverse("forums:post_history", args=[offending_reply.pk]), {}),
        ("POST", reverse("forums:lock_thread", args=[thread.pk]), {"locked": "1"}),
        ("POST", reverse("forums:pin_thread", args=[thread.pk]), {"pinned": "1"}),
        ("GET", reverse("forums:move_thread", args=[thread.pk]), {}),
        (
            "POST",
            reverse("forums:move_thread", args=[thread.pk]),
            {"forum": Forum.objects.get(slug="housing").pk},
        ),
        ("GET", reverse("forums:retitle_thread", args=[thread.pk]), {}),
        ("POST", reverse("forums:retitle_thread", args=[thread.pk]), {"title": "Mine now"}),
        ("GET", reverse("forums:suspend_member", args=[offending_reply.author.username]), {}),
        (
            "POST",
            reverse("forums:suspend_member", args=[offending_reply.author.username]),
            {"days": "7", "reason": "x"},
        ),
    ]


def send(client, method, url, data):
    return client.get(url) if method == "GET" else client.post(url, data)


def assert_nothing_changed(offending_reply):
    offending_reply.refresh_from_db()
    offending_reply.thread.refresh_from_db()
    assert not offending_reply.is_hidden
    assert (offending_reply.thread.locked, offending_reply.thread.pinned) == (False, False)
    assert (offending_reply.thread.forum.slug, offending_reply.thread.title) == (
        "georgia",
        "Rent strike on Ponce",
    )
    assert not Report.objects.filter(resolved_at__isnull=False).exists()
    assert not ModerationAction.objects.exists()
    assert not offending_reply.author.suspensions.exists()


def test_every_moderation_page_sends_anonymous_visitors_to_sign_in(
    client, targets, offending_reply
):
    login = reverse("account_login")
    for method, url, data in targets:
        response = send(client, method, url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url
    assert_nothing_changed(offending_reply)


def test_every_moderation_page_refuses_plain_members(client, targets, reader, offending_reply):
    client.force_login(reader)
    for method, url, data in targets:
        assert send(client, method, url, data).status_code == 403, (method, url)
    assert_nothing_changed(offending_reply)


def test_every_moderation_page_refuses_another_forums_moderator(
    client, targets, alabama_moderator, offending_reply
):
    client.force_login(alabama_moderator)
    own_pages = {reverse("forums:moderation_queue"), reverse("forums:moderation_log")}
    for method, url, data in targets:
        response = send(client, method, url, data)
        if url in own_pages:
            assert response.status_code == 200
            assert "Quince Lane" not in response.text
        else:
            assert response.status_code == 403, (method, url)
    assert_nothing_changed(offending_reply)


def test_moderation_actions_refuse_another_forums_moderator(
    reader, offending_reply, alabama_moderator
):
    report = moderation.report_post(offending_reply, reader, "doxxing")
    thread = offending_reply.thread
    for act in (
        lambda: moderation.hide_post(offending_reply, alabama_moderator, "x"),
        lambda: moderation.unhide_post(offending_reply, alabama_moderator),
        lambda: moderation.set_locked(thread, alabama_moderator, True),
        lambda: moderation.set_pinned(thread, alabama_moderator, True),
        lambda: moderation.move_thread(
            thread, alabama_moderator, Forum.objects.get(slug="alabama")
        ),
        lambda: moderation.retitle_thread(thread, alabama_moderator, "Mine now", []),
        lambda: moderation.resolve_report(report, alabama_moderator, "done"),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert_nothing_changed(offending_reply)


def test_moderators_find_their_queue_from_the_forum_index(
    client, member, site_moderator, georgia, author, reader
):
    from forums.moderation import report_post

    post = actions.start_thread(georgia, author, "Heated", "Words.").posts.get()
    report_post(post, reader, "harassment", "")
    queue = reverse("forums:moderation_queue")

    client.force_login(site_moderator)
    shown = client.get(reverse("forums:index")).text
    assert f'href="{queue}"' in shown
    assert "(1 open report)" in shown

    client.force_login(member)
    assert queue not in client.get(reverse("forums:index")).text
