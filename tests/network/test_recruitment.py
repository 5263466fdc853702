"""Who gets in: the registration modes, recruiters' passcodes, the network's passcode,
invitation links, and the record of who recruited whom (network.recruiting)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from network.recruiting import actions as recruiting
from network.recruiting.models import Invitation, Recruiter, Recruitment
from tests.factories import (
    SIGNUP,
    UserFactory,
    established_member,
    make_invitation,
    registration,
)

pytestmark = pytest.mark.django_db


def sign_up(client, **fields):
    return client.post(reverse("account_signup"), {**SIGNUP, **fields})


def joined() -> bool:
    return get_user_model().objects.filter(username=SIGNUP["username"]).exists()


def passcode_of(member) -> str:
    network = recruiting.network_settings()
    return recruiting.passcode_for(member, network).shown_passcode


@pytest.fixture
def rosa(db):
    return established_member("rosa_b")


@pytest.fixture
def recruitment_mode(db):
    return registration(registration_mode="recruitment")


def assert_refused_beside_passcode(response, message: str):
    assert response.status_code == 200
    assert not joined()
    html = response.content.decode()
    error = html.split('id="id_passcode_error"', 1)[1].split("</ul>", 1)[0]
    assert message in error.replace("&#x27;", "'")
    # Everything typed comes back.
    for value in (SIGNUP["email"], SIGNUP["username"], SIGNUP["display_name"]):
        assert f'value="{value}"' in html


# --- Open sign-up ------------------------------------------------------------------


def test_open_sign_up_needs_no_passcode_and_is_recorded_as_open(client):
    response = sign_up(client, project="A tenants' union in Macon")

    assert response.status_code == 302
    recruitment = Recruitment.objects.get(member__username="dana_k")
    assert recruitment.way == Recruitment.Way.OPEN
    assert recruitment.recruiter is None
    assert recruitment.project == "A tenants' union in Macon"


def test_a_passcode_typed_in_open_mode_still_records_the_recruiter(client, rosa):
    sign_up(client, passcode=passcode_of(rosa))

    assert Recruitment.objects.get(member__username="dana_k").recruiter == rosa


# --- Recruitment mode ----------------------------------------------------------------


def test_recruitment_mode_refuses_sign_up_without_a_passcode(client, recruitment_mode):
    response = sign_up(client)

    assert_refused_beside_passcode(response, "Joining needs a passcode")


def test_a_wrong_passcode_is_refused_beside_the_field_with_everything_kept(
    client, rosa, recruitment_mode
):
    response = sign_up(client, passcode="wrong-code-here", project="Our riders' union")

    assert_refused_beside_passcode(response, "That passcode is not right")
    html = response.content.decode()
    assert 'value="wrong-code-here"' in html
    assert "Our riders&#x27; union" in html


def test_a_members_passcode_lets_a_newcomer_in_and_names_the_recruiter(
    client, rosa, recruitment_mode
):
    typed = passcode_of(rosa).upper().replace("-", " ")  # capitals and spaces do not matter

    response = sign_up(client, passcode=typed, project="A food bank in Tuscaloosa")

    assert response.status_code == 302
    recruitment = Recruitment.objects.get(member__username="dana_k")
    assert recruitment.way == Recruitment.Way.PASSCODE
    assert recruitment.recruiter == rosa
    assert recruitment.invitation is None


def test_passcodes_are_readable_and_unique(rosa):
    others = [established_member() for _ in range(5)]
    codes = [passcode_of(member) for member in [rosa, *others]]

    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code.replace("-", "")) >= 10
        assert not set(code) & set("01ilo")


def test_the_network_passcode_works_until_it_expires(client, recruitment_mode):
    registration(
        network_passcode="Solidarity Forever 2026",
        network_passcode_expires_at=timezone.now() + timedelta(days=1),
    )

    sign_up(client, passcode="solidarity-forever-2026")

    recruitment = Recruitment.objects.get(member__username="dana_k")
    assert recruitment.way == Recruitment.Way.NETWORK_PASSCODE
    assert recruitment.recruiter is None


def test_an_expired_network_passcode_is_refused(client, recruitment_mode):
    registration(
        network_passcode="Solidarity Forever 2026",
        network_passcode_expires_at=timezone.now() - timedelta(minutes=1),
    )

    assert_refused_beside_passcode(
        sign_up(client, passcode="solidarity forever 2026"), "That passcode is not right"
    )


def test_the_network_passcode_needs_an_expiry_and_enough_letters():
    from django.core.exceptions import ValidationError

    from network.models import NetworkSettings

    with pytest.raises(ValidationError) as short:
        NetworkSettings(network_passcode="abc-12").clean()
    with pytest.raises(ValidationError) as endless:
        NetworkSettings(network_passcode="solidarity forever").clean()

    assert "network_passcode" in short.value.message_dict
    assert "network_passcode_expires_at" in endless.value.message_dict


def test_wrong_passcodes_are_rate_limited_per_address(client, rosa, recruitment_mode):
    for _ in range(recruiting.WRONG_CODES_LIMIT):
        sign_up(client, passcode="not-a-real-code")

    # Past the limit even the right passcode waits, from this address.
    response = sign_up(client, passcode=passcode_of(rosa))
    assert_refused_beside_passcode(response, "Too many wrong passcodes")

    elsewhere = client.post(
        reverse("account_signup"),
        {**SIGNUP, "passcode": passcode_of(rosa)},
        REMOTE_ADDR="203.0.113.9",
    )
    assert elsewhere.status_code == 302


def test_a_suspended_members_passcode_is_refused(client, rosa, recruitment_mode):
    from forums.models import Suspension

    code = passcode_of(rosa)
    Suspension.objects.create(user=rosa, until=timezone.now() + timedelta(days=3), reason="x")

    assert_refused_beside_passcode(sign_up(client, passcode=code), "That passcode is not right")
    assert recruiting.passcode_for(rosa, recruiting.network_settings()) is None


def test_a_member_too_new_to_recruit_has_no_passcode(client):
    newcomer = established_member("new_nell", days=3)
    client.force_login(newcomer)

    response = client.get(reverse("recruiting:page"))

    assert recruiting.passcode_for(newcomer, recruiting.network_settings()) is None
    assert not Recruiter.objects.filter(user=newcomer).exists()
    assert "once they have been members for 14 days" in response.content.decode()


def test_the_days_before_recruiting_are_a_setting():
    member = established_member(days=3)
    registration(recruiter_minimum_days=2)

    assert recruiting.passcode_for(member, recruiting.network_settings()) is not None


def test_a_member_rotates_their_passcode_and_the_old_one_stops_working(
    client, rosa, recruitment_mode
):
    old = passcode_of(rosa)
    client.force_login(rosa)

    response = client.post(reverse("recruiting:rotate_passcode"))

    assert response.status_code == 302
    new = passcode_of(rosa)
    assert new != old
    client.logout()
    assert_refused_beside_passcode(sign_up(client, passcode=old), "That passcode is not right")
    assert sign_up(client, passcode=new).status_code == 302


# --- Invitations -----------------------------------------------------------------------


def test_a_member_invites_someone_by_email_and_the_link_fills_in_the_code(
    client, rosa, recruitment_mode, mailoutbox
):
    client.force_login(rosa)

    response = client.post(reverse("recruiting:invite"), {"email": "dana@example.org"})

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.inviter == rosa
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert mailoutbox[0].to == ["dana@example.org"]
    link = f"/accounts/signup/?code={invitation.code}"
    assert link in mailoutbox[0].body
    assert "Rosa_B invites you" in mailoutbox[0].subject

    client.logout()
    page = client.get(link).content.decode()
    assert f'value="{invitation.code}"' in page
    assert 'value="dana@example.org"' in page  # where the invitation went
    assert sign_up(client, passcode=invitation.code).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.USED
    recruitment = Recruitment.objects.get(member__username="dana_k")
    assert (recruitment.way, recruitment.recruiter, recruitment.invitation) == (
        Recruitment.Way.INVITATION,
        rosa,
        invitation,
    )


def test_an_invitation_with_a_bad_address_is_refused_beside_the_field(client, rosa):
    client.force_login(rosa)

    response = client.post(reverse("recruiting:invite"), {"email": "not an address"})

    assert response.status_code == 400
    assert "does not look like an email address" in response.content.decode()
    assert 'value="not an address"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_used_invitation_is_refused(client, rosa, recruitment_mode):
    invitation = make_invitation(rosa, used_at=timezone.now())

    assert_refused_beside_passcode(sign_up(client, passcode=invitation.code), "used already")


def test_an_expired_invitation_is_refused(client, rosa, recruitment_mode):
    invitation = make_invitation(rosa, expires_at=timezone.now() - timedelta(minutes=1))

    assert_refused_beside_passcode(sign_up(client, passcode=invitation.code), "has expired")


def test_a_revoked_invitation_is_refused(client, rosa, recruitment_mode):
    invitation = make_invitation(rosa)
    client.force_login(rosa)
    client.post(reverse("recruiting:revoke", args=[invitation.pk]))
    client.logout()

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED
    assert_refused_beside_passcode(sign_up(client, passcode=invitation.code), "was withdrawn")


def test_an_invitation_from_a_member_suspended_since_is_refused(client, rosa, recruitment_mode):
    from forums.models import Suspension

    invitation = make_invitation(rosa)
    Suspension.objects.create(user=rosa, until=timezone.now() + timedelta(days=3), reason="x")

    assert_refused_beside_passcode(
        sign_up(client, passcode=invitation.code), "no longer lets anyone in"
    )


def test_only_the_inviter_withdraws_an_invitation(client, rosa, other_member):
    invitation = make_invitation(rosa)
    client.force_login(other_member)

    response = client.post(reverse("recruiting:revoke", args=[invitation.pk]))

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_weekly_allowance_is_counted_over_seven_days(client, rosa, mailoutbox):
    client.force_login(rosa)
    for number in range(5):
        client.post(reverse("recruiting:invite"), {"email": f"friend{number}@example.org"})

    refused = client.post(reverse("recruiting:invite"), {"email": "one-more@example.org"})

    assert refused.status_code == 403
    assert Invitation.objects.filter(inviter=rosa).count() == 5
    assert "0 more invitations" in refused.content.decode()

    # A week on, the oldest no longer counts.
    Invitation.objects.filter(email="friend0@example.org").update(
        created_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    assert recruiting.invitations_left(rosa, recruiting.network_settings()) == 1
    assert (
        client.post(reverse("recruiting:invite"), {"email": "later@example.org"}).status_code == 302
    )


def test_the_weekly_allowance_is_a_setting_and_staff_have_none(staff_member):
    rosa = established_member("rosa_b")
    registration(weekly_invitations=2)
    network = recruiting.network_settings()

    assert recruiting.invitations_left(rosa, network) == 2
    assert recruiting.invitations_left(staff_member, network) is None


# --- Closed -----------------------------------------------------------------------------


def test_closed_sign_up_says_it_is_by_invitation_only_and_the_header_has_no_join(client):
    registration(registration_mode="closed")

    page = client.get(reverse("account_signup"))
    posted = sign_up(client)

    assert "Sign-up is by invitation only" in page.content.decode()
    assert 'name="password1"' not in page.content.decode()
    home = client.get("/").content.decode()
    assert ">Join<" not in home
    assert "Join the network" not in home
    assert "Sign-up is by invitation only" in posted.content.decode()
    assert not joined()


def test_the_header_offers_join_while_sign_up_is_open_or_by_recruitment(client):
    assert ">Join the network<" in client.get("/").content.decode()
    registration(registration_mode="recruitment")
    assert ">Join the network<" in client.get("/").content.decode()


def test_closing_sign_up_takes_join_off_pages_already_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert ">Join the network<" in client.get("/").content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"

    registration(registration_mode="closed")

    assert ">Join the network<" not in client.get("/").content.decode()


def test_closed_sign_up_takes_staffs_invitations_only(client, rosa, staff_member):
    registration(registration_mode="closed")
    members_invitation = make_invitation(rosa)
    staff_invitation = make_invitation(staff_member)

    assert_refused_beside_passcode(sign_up(client, passcode=passcode_of(rosa)), "invitation only")
    assert_refused_beside_passcode(
        sign_up(client, passcode=members_invitation.code), "invitation only"
    )
    assert (
        'name="password1"'
        in client.get(f"{reverse('account_signup')}?code={staff_invitation.code}").content.decode()
    )
    assert sign_up(client, passcode=staff_invitation.code).status_code == 302
    assert Recruitment.objects.get(member__username="dana_k").recruiter == staff_member


def test_closed_sign_up_shows_no_form_for_a_link_without_a_valid_invitation(
    client, rosa, staff_member
):
    registration(registration_mode="closed")
    for code in (
        "made-up-code",
        make_invitation(rosa).code,  # a member's
        make_invitation(staff_member, revoked_at=timezone.now()).code,
    ):
        html = client.get(f"{reverse('account_signup')}?code={code}").content.decode()
        assert "Sign-up is by invitation only" in html
        assert 'name="password1"' not in html


def test_the_invitation_email_leaves_through_the_outbox(
    client, rosa, celery_backend, django_capture_on_commit_callbacks
):
    from django.core import mail

    from network.models import OutgoingEmail

    client.force_login(rosa)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruiting:invite"), {"email": "dana@example.org"})

    sent = OutgoingEmail.objects.get()
    assert sent.sent_at is not None
    assert sent.message["to"] == ["dana@example.org"]
    assert mail.outbox[0].to == ["dana@example.org"]
    assert Invitation.objects.get().code in mail.outbox[0].body


def test_in_closed_mode_members_cannot_invite_but_staff_can(client, rosa, staff_member):
    registration(registration_mode="closed")
    client.force_login(rosa)

    refused = client.post(reverse("recruiting:invite"), {"email": "friend@example.org"})

    assert refused.status_code == 403
    assert "only staff send invitations" in refused.content.decode()
    client.force_login(staff_member)
    assert (
        client.post(reverse("recruiting:invite"), {"email": "friend@example.org"}).status_code
        == 302
    )
    assert Invitation.objects.get().inviter == staff_member


# --- The Recruiting page -----------------------------------------------------------------


def test_the_recruiting_page_shows_the_passcode_and_the_invitations_with_their_state(
    client, rosa, django_assert_max_num_queries
):
    used = make_invitation(rosa, "used@example.org", used_at=timezone.now())
    used.used_by = UserFactory(username="ada")
    used.save()
    make_invitation(rosa, "waiting@example.org")
    make_invitation(rosa, "old@example.org", expires_at=timezone.now() - timedelta(days=1))
    make_invitation(rosa, "gone@example.org", revoked_at=timezone.now())
    code = passcode_of(rosa)
    client.force_login(rosa)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("recruiting:page"))

    html = response.content.decode()
    assert code in html
    for text in ("Used", "Waiting", "Expired", "Revoked", "waiting@example.org", "Ada"):
        assert text in html
    assert html.count("Withdraw") == 1


def test_the_recruiting_pages_are_for_signed_in_members(client, rosa):
    invitation = make_invitation(rosa)
    for url, method in (
        (reverse("recruiting:page"), "get"),
        (reverse("recruiting:rotate_passcode"), "post"),
        (reverse("recruiting:invite"), "post"),
        (reverse("recruiting:revoke", args=[invitation.pk]), "post"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_rotating_and_inviting_take_posts_only(client, rosa):
    client.force_login(rosa)

    assert client.get(reverse("recruiting:rotate_passcode")).status_code == 405
    assert client.get(reverse("recruiting:invite")).status_code == 405


def test_a_member_too_new_cannot_rotate_a_passcode(client):
    client.force_login(established_member(days=1))

    assert client.post(reverse("recruiting:rotate_passcode")).status_code == 403


# --- Spam, and what moderators see ------------------------------------------------------


@pytest.fixture
def moderator(db):
    user = established_member("mod_mo")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def recruited_by(recruiter, handle="spam_sam"):
    member = UserFactory(username=handle)
    recruiting.record_recruitment(
        member,
        recruiting.Admission(Recruitment.Way.PASSCODE, recruiter),
        project="Selling sunglasses",
    )
    return member


def test_a_recruiter_whose_recruit_is_suspended_for_spam_stops_recruiting(
    client, rosa, moderator, recruitment_mode
):
    code = passcode_of(rosa)
    waiting = make_invitation(rosa)
    spammer = recruited_by(rosa)
    client.force_login(moderator)

    client.post(
        reverse("forums:suspend_member", args=[spammer.username]),
        {"days": 30, "reason": "Sunglasses ads", "for_spam": "on"},
    )

    network = recruiting.network_settings()
    assert recruiting.passcode_for(rosa, network) is None
    assert recruiting.invitations_left(rosa, network) == 0
    waiting.refresh_from_db()
    assert waiting.state == Invitation.State.REVOKED
    client.logout()
    assert_refused_beside_passcode(sign_up(client, passcode=code), "That passcode is not right")
    client.force_login(rosa)
    assert "suspended for spam" in client.get(reverse("recruiting:page")).content.decode()


def test_a_suspension_not_for_spam_leaves_the_recruiter_alone(client, rosa, moderator):
    member = recruited_by(rosa)
    client.force_login(moderator)

    client.post(
        reverse("forums:suspend_member", args=[member.username]),
        {"days": 3, "reason": "Heated"},
    )

    assert recruiting.passcode_for(rosa, recruiting.network_settings()) is not None


def test_moderators_see_how_a_member_joined_and_the_chain_of_recruits(
    client, rosa, moderator, django_assert_max_num_queries
):
    recruited_by(rosa, "spam_sam")
    recruited_by(rosa, "sal_t")
    client.force_login(moderator)
    client.get(reverse("forums:moderation_queue"))  # what every process reads once, read

    with django_assert_max_num_queries(12):
        sam = client.get(reverse("forums:moderation_member", args=["spam_sam"]))
    with django_assert_max_num_queries(12):
        chain = client.get(reverse("forums:moderation_member", args=["rosa_b"]))
    suspend = client.get(reverse("forums:suspend_member", args=["spam_sam"]))

    assert "@rosa_b" in sam.content.decode()
    assert "Selling sunglasses" in sam.content.decode()
    assert "@spam_sam" in chain.content.decode()
    assert "@sal_t" in chain.content.decode()
    assert "@rosa_b" in suspend.content.decode()


def test_members_never_see_who_recruited_whom(client, rosa, other_member):
    recruited_by(rosa, "spam_sam")
    client.force_login(other_member)

    refused = client.get(reverse("forums:moderation_member", args=["spam_sam"]))
    profile = client.get(reverse("members:profile", args=["spam_sam"]))

    assert refused.status_code == 403
    assert profile.status_code == 200
    assert "rosa_b" not in profile.content.decode()
    assert "Selling sunglasses" not in profile.content.decode()


def test_the_report_queue_names_the_author_s_recruiter(
    client, rosa, moderator, no_pause_between_posts
):
    from forums import actions as forum_actions
    from forums.models import Forum, Report

    spammer = recruited_by(rosa)
    housing = Forum.objects.get(slug="housing")
    thread = forum_actions.start_thread(housing, spammer, "Cheap sunglasses", "Buy now")
    Report.objects.create(post=thread.posts.first(), reporter=moderator, reason="spam")
    client.force_login(moderator)

    queue = client.get(reverse("forums:moderation_queue")).content.decode()

    assert "recruited by" in queue
    assert "Rosa_B" in queue


# --- The admin ---------------------------------------------------------------------------


def test_staff_read_how_a_member_joined_in_both_admins(
    admin_client, rosa, django_assert_max_num_queries
):
    for number in range(3):
        recruited_by(rosa, f"recruit_{number}")
    sam = get_user_model().objects.get(username="recruit_0")

    with django_assert_max_num_queries(30):
        listing = admin_client.get("/admin/recruitment/")
    inspect = admin_client.get(f"/admin/recruitment/inspect/{sam.recruitment.pk}/")
    django_admin = admin_client.get(reverse("admin:network_user_change", args=[sam.pk]))
    recruiter_page = admin_client.get(reverse("admin:network_user_change", args=[rosa.pk]))

    assert listing.status_code == 200
    assert "recruit_2" in listing.content.decode()
    assert "Selling sunglasses" in inspect.content.decode()
    assert "Selling sunglasses" in django_admin.content.decode()
    assert "recruit_1" in recruiter_page.content.decode()


def test_administrators_set_the_joining_settings(admin_client):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)

    page = admin_client.get(f"/admin/settings/network/networksettings/{site.pk}/")

    assert page.status_code == 200
    for field in (
        "registration_mode",
        "network_passcode",
        "network_passcode_expires_at",
        "recruiter_minimum_days",
        "weekly_invitations",
        "points_of_unity_page",
    ):
        assert f'name="{field}"' in page.content.decode()


def test_members_cannot_open_the_recruitment_admin(client, member):
    client.force_login(member)

    response = client.get("/admin/recruitment/", follow=True)

    assert "You do not have permission to access the admin" in response.text
