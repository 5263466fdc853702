"""Receivers for what the whole network keeps true: every account has a profile from
the moment it exists (sign-up, createsuperuser, seed_demo, the admin), and Wagtail's
site knows its public address."""

from urllib.parse import urlsplit

from allauth.account.signals import user_signed_up
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from network import middleware, page_cache, second_factor
from network.context_processors import forget_chrome
from network.models import NetworkSettings, Profile
from network.onboarding import actions as onboarding


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="network.create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(
            user=instance,
            defaults={"display_name": instance.get_full_name() or instance.username},
        )


@receiver(post_migrate, dispatch_uid="network.sync_default_site")
def sync_default_site(sender, **kwargs):
    """Keep Wagtail's default site at SITE_URL, so the full addresses Wagtail builds
    (canonical links, feeds, sitemaps, the admin's "view live") are the public ones.
    Runs after every ``migrate``, which every deploy runs."""
    if sender.name != "network":
        return
    from wagtail.models import Site

    parts = urlsplit(settings.SITE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    updated = Site.objects.filter(is_default_site=True).update(
        hostname=parts.hostname, port=port, site_name=settings.SITE_NAME
    )
    if updated:
        Site.clear_site_root_paths_cache()


@receiver(post_save, sender=NetworkSettings, dispatch_uid="network.chrome_saved")
@receiver(post_delete, sender=NetworkSettings, dispatch_uid="network.chrome_deleted")
def network_settings_changed(**kwargs):
    """The footer, disclaimers and the header's "Join" (which follows the registration
    mode) show the new settings from the next page on, cached pages included."""
    forget_chrome()
    page_cache.invalidate()


user_logged_in.connect(middleware.note_sign_in, dispatch_uid="network.note_sign_in")


@receiver(user_signed_up, dispatch_uid="network.start_onboarding")
def start_onboarding(sender, request, user, **kwargs):
    """A new member has the welcome's steps ahead of them (network.onboarding)."""
    onboarding.start(user)


@receiver(authenticator_added, dispatch_uid="network.second_factor_added")
def second_factor_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type in second_factor.SECOND_FACTORS:
        onboarding.record_second_factor(user)


@receiver(user_logged_in, dispatch_uid="network.language_chosen_before_signing_in")
def keep_the_language_chosen_before_signing_in(sender, request, user, **kwargs):
    """A visitor who switched the site to a language and then signs in keeps reading it:
    the switcher's latest choice on this browser becomes their profile's
    (network.language), rather than the profile's older one taking the page back."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if request else None
    profile = getattr(user, "profile", None)
    if profile is None or chosen not in dict(settings.LANGUAGES) or chosen == profile.language:
        return
    profile.language = chosen
    profile.save(update_fields=["language"])
