"""``/accounts/signup/`` (network.urls includes it before allauth's own addresses)."""

from django.urls import path

from blog import joining

urlpatterns = [path("", joining.signup, name="account_signup")]
