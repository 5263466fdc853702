"""Under /accounts/, beside allauth's pages: /accounts/data/ and /accounts/delete/."""

from django.urls import path

from network.leaving import views

app_name = "leaving"

urlpatterns = [
    path("data/", views.your_data, name="your_data"),
    path("data/<str:token>/download/", views.download_export, name="download"),
    path("delete/", views.delete_account, name="delete_account"),
    path("delete/requested/", views.deletion_requested, name="deletion_requested"),
]
