"""Factories for the people and things of the site. A user's profile is made by the
post_save signal, as it is on sign-up; ``profile__*`` arguments then fill it in."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from network.models import Profile

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        if create:
            user.save()

    @factory.post_generation
    def profile(user, create, extracted, **kwargs):
        if not create:
            return
        profile = user.profile
        profile.display_name = kwargs.pop("display_name", user.username.title())
        organizations = kwargs.pop("organizations", None)
        for field, value in kwargs.items():
            setattr(profile, field, value)
        profile.save()
        if organizations:
            profile.organizations.set(organizations)


def make_profile(**profile_fields) -> Profile:
    user = UserFactory(**{f"profile__{key}": value for key, value in profile_fields.items()})
    return Profile.objects.select_related("user").get(user=user)


def articles_index():
    from blog.models import BlogIndexPage

    return BlogIndexPage.objects.get()


def make_author(name: str = "Ada Writer", **fields):
    from django.utils.text import slugify

    from blog.snippets import Author

    author, _ = Author.objects.get_or_create(slug=slugify(name), defaults={"name": name, **fields})
    return author


def make_article(
    title: str = "An article",
    *,
    publish: bool = True,
    authors=(),
    tags=(),
    regions=(),
    topics=(),
    body=(),
    **fields,
):
    """An article under the "Articles" index, published through Wagtail's own revision
    machinery (as the admin would) unless ``publish`` is False."""
    from django.utils.text import slugify

    from blog.models import ArticlePage

    fields.setdefault("introduction", f"What {title} is about.")
    page = ArticlePage(
        title=title, slug=fields.pop("slug", slugify(title)), body=list(body), live=False, **fields
    )
    articles_index().add_child(instance=page)
    for position, author in enumerate(authors):
        page.article_authors.create(author=author, sort_order=position)
    if tags:
        page.tags.add(*tags)
    if regions:
        page.regions.set(regions)
    if topics:
        page.topics.set(topics)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def make_image(title: str = "A picture", size=(1600, 900)):
    """A real Wagtail image (a plain PNG made here), for renditions and srcset."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", size, (163, 33, 28)).save(buffer, format="PNG")
    image = get_image_model()(title=title, file=ImageFile(buffer, name="picture.png"))
    image.save()
    return image


def established_member(username: str | None = None, days: int = 30, **fields):
    """A member of ``days`` days' standing: old enough to recruit (14 days by default)."""
    from datetime import timedelta

    from django.utils import timezone

    if username:
        fields["username"] = username
    return UserFactory(date_joined=timezone.now() - timedelta(days=days), **fields)


# What a newcomer types into the sign-up form (with a passcode or code as the mode asks).
SIGNUP = {
    "email": "dana@example.org",
    "username": "dana_k",
    "display_name": "Dana Kim",
    "password1": "a long passphrase for dana",
    "password2": "a long passphrase for dana",
}


def registration(**fields):
    """Change the default site's NetworkSettings (``registration_mode="recruitment"``,
    ``network_passcode=…``), as an administrator would, and return them."""
    from wagtail.models import Site

    from network.context_processors import forget_chrome
    from network.models import NetworkSettings

    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    for field, value in fields.items():
        setattr(network, field, value)
    network.save()
    forget_chrome()
    return network


def make_invitation(inviter, email: str = "newcomer@example.org", **fields):
    from datetime import timedelta

    from django.utils import timezone

    from network.recruiting import codes
    from network.recruiting.models import Invitation

    fields.setdefault("expires_at", timezone.now() + timedelta(days=14))
    return Invitation.objects.create(
        code=codes.new_code(codes.INVITATION_LENGTH), inviter=inviter, email=email, **fields
    )


def make_join_page(**fields):
    """The join page at /join/, under the home page, published."""
    from blog.models import HomePage, JoinPage

    page = JoinPage(
        title=fields.pop("title", "Join the network"),
        slug="join",
        intro=fields.pop("intro", "<p>We grow through people who know each other.</p>"),
        live=False,
        **fields,
    )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
