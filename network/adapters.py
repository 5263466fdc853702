"""How allauth speaks for the site."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.urls import reverse

from network import sign_in
from network.addresses import public_url
from network.onboarding import actions as onboarding
from network.recruiting import actions as recruiting


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account emails greet people from "Network" at its public address, and link
        there: allauth builds its links (``activate_url``, ``password_reset_url``,
        ``signup_url``, …) on the host the request happened to use."""
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        links = {
            name: public_url(value)
            for name, value in context.items()
            if name.endswith("_url") and isinstance(value, str)
        }
        super().send_mail(template_prefix, email, {"current_site": site, **context, **links})

    def is_open_for_signup(self, request) -> bool:
        """Closed sign-up still lets in whoever brings a code (an invitation link, or the
        form posted with one): the form then takes only staff's invitations."""
        return recruiting.signup_open(request)

    def pre_authenticate(self, request, **credentials) -> None:
        # Counted per account and place by network.sign_in; allauth's own count per
        # address ("login_failed") still applies after.
        refusal = sign_in.refusal(request, credentials)
        if refusal:
            raise forms.ValidationError(refusal, code="too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        sign_in.count_failure(request, credentials)

    def get_signup_redirect_url(self, request) -> str:
        """A new member lands on the welcome (network.onboarding) once signed in, which,
        with verification mandatory, is when they confirm their email."""
        return reverse("welcome")

    def get_email_verification_redirect_url(self, email_address) -> str:
        """Confirming the email signed in from another browser than the one that signed
        up leads to the welcome too, while its steps wait."""
        request = self.request
        if request.user.is_authenticated and onboarding.unfinished(request.user):
            return reverse("welcome")
        return super().get_email_verification_redirect_url(email_address)
