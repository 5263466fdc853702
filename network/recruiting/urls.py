"""/accounts/recruiting/: a member's passcode and invitations (network.urls includes it
in the "recruiting" namespace, beside allauth's account pages)."""

from django.urls import path

from network.recruiting import views

app_name = "recruiting"

urlpatterns = [
    path("", views.recruiting, name="page"),
    path("passcode/", views.rotate_passcode, name="rotate_passcode"),
    path("invitations/", views.invite, name="invite"),
    path("invitations/<int:invitation_id>/revoke/", views.revoke, name="revoke"),
]
