"""Member profiles: who may see them, who may edit them, and what they show."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from network.models import Profile, Region, Tendency
from tests.factories import UserFactory, make_profile

pytestmark = pytest.mark.django_db


def profile_url(profile):
    return reverse("members:profile", args=[profile.handle])


def edit_url(profile):
    return reverse("members:edit", args=[profile.handle])


@pytest.mark.parametrize(
    ("visibility", "anonymous_status", "member_status"),
    [("public", 200, 200), ("members", 404, 200), ("hidden", 404, 404)],
)
def test_who_sees_a_profile(client, member, visibility, anonymous_status, member_status):
    profile = make_profile(visibility=visibility)

    assert client.get(profile_url(profile)).status_code == anonymous_status
    client.force_login(member)
    assert client.get(profile_url(profile)).status_code == member_status


def test_owner_and_staff_see_a_hidden_profile(client, staff_member):
    profile = make_profile(visibility="hidden")

    client.force_login(profile.user)
    response = client.get(profile_url(profile))
    assert response.status_code == 200
    assert "only you and staff see it" in response.text

    client.force_login(staff_member)
    assert client.get(profile_url(profile)).status_code == 200


def test_deactivated_members_have_no_profile_page(client, member):
    profile = make_profile(visibility="public")
    profile.user.is_active = False
    profile.user.save()

    assert client.get(profile_url(profile)).status_code == 404


def test_profile_shows_what_the_member_chose_and_never_their_email(client):
    region = Region.objects.get(slug="georgia")
    tendency = Tendency.objects.get(slug="anarchist")
    profile = make_profile(
        display_name="Rosa Bell",
        visibility="public",
        region=region,
        tendency=tendency,
        organizations=["Atlanta Tenants Union"],
        bio="I organize **tenants**.",
    )

    response = client.get(profile_url(profile))

    assert response.status_code == 200
    assert "Rosa Bell" in response.text
    assert f"@{profile.handle}" in response.text
    assert "Georgia" in response.text
    assert "Anarchist" in response.text
    assert "Atlanta Tenants Union" in response.text
    assert "<strong>tenants</strong>" in response.text
    assert profile.user.email not in response.text


def test_no_tendency_reads_prefers_not_to_say(client):
    profile = make_profile(visibility="public", tendency=None)
    assert "Prefers not to say" in client.get(profile_url(profile)).text


def test_handles_in_other_case_redirect_to_the_profile(client):
    profile = make_profile(visibility="public")
    response = client.get(f"/members/{profile.handle.upper()}/")
    assert response.status_code == 301
    assert response["Location"] == profile_url(profile)


def test_bio_with_script_and_onerror_is_inert(client, member):
    client.force_login(member)
    response = client.post(
        edit_url(member.profile),
        {
            "display_name": "Tester",
            "visibility": "public",
            "bio": '<script>alert("owned")</script>\n\n<img src=x onerror="alert(2)">',
        },
    )
    assert response.status_code == 302

    page = client.get(profile_url(member.profile)).text
    assert '<script>alert("owned")' not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_profile_page_queries_do_not_grow_with_organizations(
    client, django_assert_num_queries, member
):
    few = make_profile(visibility="public", organizations=["One"])
    many = make_profile(visibility="public", organizations=[f"Org {n}" for n in range(25)])
    client.force_login(member)
    client.get(profile_url(few))  # warm Wagtail's site lookup, as a running server has

    # The member and their session, the profile, its organizations; their articles (and
    # the view restrictions that say which are public); their threads, replies, post count.
    # Whether the viewer may message them costs none (their profile says it).
    with django_assert_num_queries(9) as few_queries:
        client.get(profile_url(few))
    with django_assert_num_queries(len(few_queries.captured_queries)):
        response = client.get(profile_url(many))
    assert "Org 24" in response.text


# --- Editing ---------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_to_edit(client):
    profile = make_profile(visibility="public")
    response = client.get(edit_url(profile))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_member_cannot_edit_someone_elses_profile(client, member):
    profile = make_profile(visibility="public", display_name="Original")
    client.force_login(member)

    assert client.get(edit_url(profile)).status_code == 403
    response = client.post(edit_url(profile), {"display_name": "Hijacked", "visibility": "public"})
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.display_name == "Original"


def test_hidden_profile_edit_page_does_not_reveal_it_exists(client, member):
    profile = make_profile(visibility="hidden")
    client.force_login(member)
    assert client.get(edit_url(profile)).status_code == 404


def test_staff_can_edit_a_members_profile(client, staff_member):
    profile = make_profile(visibility="members")
    client.force_login(staff_member)
    response = client.post(
        edit_url(profile), {"display_name": "Renamed by staff", "visibility": "members"}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.display_name == "Renamed by staff"


def test_member_fills_in_their_profile(client, member):
    region = Region.objects.get(slug="texas")
    tendency = Tendency.objects.get(slug="left-communist")
    client.force_login(member)

    response = client.post(
        edit_url(member.profile),
        {
            "display_name": "  Jo   Alvarez ",
            "region": region.pk,
            "tendency": tendency.pk,
            "organizations": "Houston Workers Center, Gulf Coast DSA",
            "bio": "Hello",
            "visibility": "public",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == profile_url(member.profile)
    profile = Profile.objects.get(pk=member.profile.pk)
    assert profile.display_name == "Jo Alvarez"
    assert profile.region == region
    assert profile.tendency == tendency
    assert sorted(profile.organizations.names()) == ["Gulf Coast DSA", "Houston Workers Center"]
    assert profile.bio_html == "<p>Hello</p>\n"


def test_bad_profile_input_is_explained_beside_the_field_and_kept(client, member):
    client.force_login(member)
    response = client.post(
        edit_url(member.profile),
        {"display_name": "   ", "bio": "My carefully written bio", "visibility": "nonsense"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "display_name" in form.errors
    assert "visibility" in form.errors
    assert 'id="id_display_name_error"' in response.text
    assert "My carefully written bio" in response.text


def test_new_profiles_are_members_only_by_default(db):
    user = UserFactory()
    assert user.profile.visibility == Profile.Visibility.MEMBERS


# --- Avatars ---------------------------------------------------------------------


def _jpeg_with_gps(size=(1200, 800)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (33.0, 45.0, 0.0)}  # GPS latitude
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_avatar_is_resized_square_and_stripped_of_metadata(client, member):
    original = _jpeg_with_gps()
    assert Image.open(BytesIO(original)).getexif()  # the upload does carry metadata
    client.force_login(member)

    response = client.post(
        edit_url(member.profile),
        {
            "display_name": "With picture",
            "visibility": "members",
            "avatar": SimpleUploadedFile("me.jpg", original, content_type="image/jpeg"),
        },
    )

    assert response.status_code == 302
    profile = Profile.objects.get(pk=member.profile.pk)
    assert profile.avatar.name.startswith("avatars/")
    assert member.username not in profile.avatar.name
    with profile.avatar.open("rb") as stored, Image.open(stored) as avatar:
        assert avatar.size == (256, 256)
        assert avatar.format == "WEBP"
        assert not avatar.getexif()
        assert "exif" not in avatar.info
    assert profile.avatar.url in client.get(profile_url(profile)).text


def test_replacing_and_removing_an_avatar_deletes_the_old_file(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    data = {"display_name": "Pic", "visibility": "members"}
    upload = SimpleUploadedFile("a.jpg", _jpeg_with_gps((300, 300)), content_type="image/jpeg")
    client.post(edit_url(member.profile), {**data, "avatar": upload})
    first = Profile.objects.get(pk=member.profile.pk).avatar
    storage, first_name = first.storage, first.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(member.profile), {**data, "remove_avatar": "on"})

    assert not Profile.objects.get(pk=member.profile.pk).avatar
    assert not storage.exists(first_name)


def test_a_file_that_is_not_a_picture_is_refused_beside_the_field(client, member):
    client.force_login(member)
    response = client.post(
        edit_url(member.profile),
        {
            "display_name": "Kept name",
            "visibility": "members",
            "avatar": SimpleUploadedFile(
                "evil.jpg", b"<?php echo 1; ?>", content_type="image/jpeg"
            ),
        },
    )

    assert response.status_code == 200
    assert "avatar" in response.context["form"].errors
    assert 'id="id_avatar_error"' in response.text
    assert 'value="Kept name"' in response.text


def _picture(image_format: str) -> bytes:
    picture = Image.new("RGB", (300, 200), (30, 120, 60))
    out = BytesIO()
    if image_format == "MPO":  # a JPEG with a second frame, as some phones save
        picture.save(out, format="MPO", save_all=True, append_images=[picture])
    else:
        picture.save(out, format=image_format)
    return out.getvalue()


def _upload_avatar(client, member, name, content, content_type):
    client.force_login(member)
    return client.post(
        edit_url(member.profile),
        {
            "display_name": "Kept name",
            "visibility": "members",
            "avatar": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


@pytest.mark.parametrize(
    ("image_format", "name", "content_type"),
    [
        ("JPEG", "me.jpg", "image/jpeg"),
        ("MPO", "phone.jpg", "image/jpeg"),
        ("PNG", "me.png", "image/png"),
        ("WEBP", "me.webp", "image/webp"),
    ],
)
def test_the_picture_formats_the_field_names_are_accepted(
    client, member, image_format, name, content_type
):
    response = _upload_avatar(client, member, name, _picture(image_format), content_type)

    assert response.status_code == 302
    with Profile.objects.get(pk=member.profile.pk).avatar.open("rb") as stored:
        assert Image.open(stored).format == "WEBP"


@pytest.mark.parametrize(
    ("image_format", "name", "content_type", "named"),
    [
        ("GIF", "me.gif", "image/gif", "GIF"),
        ("TIFF", "me.tiff", "image/tiff", "TIFF"),
        ("BMP", "me.bmp", "image/bmp", "BMP"),
        ("ICO", "me.ico", "image/x-icon", "ICO"),
        # The name and type a browser sends prove nothing: the content decides.
        ("GIF", "disguised.jpg", "image/jpeg", "GIF"),
    ],
)
def test_other_picture_formats_are_refused_beside_the_field_naming_what_is_accepted(
    client, member, image_format, name, content_type, named
):
    response = _upload_avatar(client, member, name, _picture(image_format), content_type)

    assert response.status_code == 200
    (error,) = response.context["form"].errors["avatar"]
    assert error == f"That picture is in {named} format: please use a JPEG, PNG or WebP picture."
    assert 'id="id_avatar_error"' in response.text
    assert 'value="Kept name"' in response.text
    assert not Profile.objects.get(pk=member.profile.pk).avatar


def test_the_avatar_field_names_the_formats_it_accepts(client, member):
    client.force_login(member)
    page = client.get(edit_url(member.profile)).text
    assert "JPEG, PNG or WebP, up to 5 MB." in page
    assert 'accept="image/jpeg,image/png,image/webp"' in page


def test_without_a_picture_the_profile_shows_initials(client):
    profile = make_profile(display_name="Rosa Bell", visibility="public")
    page = client.get(profile_url(profile)).text
    assert "avatar--initials" in page
    assert ">RB<" in page


def test_organizations_are_separated_by_commas_not_spaces(client, member):
    client.force_login(member)
    client.post(
        edit_url(member.profile),
        {
            "display_name": "Org person",
            "visibility": "members",
            "organizations": "Atlanta Tenants Union",
        },
    )
    assert list(Profile.objects.get(pk=member.profile.pk).organizations.names()) == [
        "Atlanta Tenants Union"
    ]


def test_accounts_made_outside_sign_up_still_have_working_pages(client, django_user_model):
    user = django_user_model.objects.create_user("jo", "jo@example.org", "pw")
    client.force_login(user)
    assert client.get("/").status_code == 200
    assert client.get(reverse("members:profile", args=["jo"])).status_code == 200
