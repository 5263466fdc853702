from django.urls import path

from network.conversations import views

app_name = "conversations"

moderation_patterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/<int:report_id>/dismiss/", views.dismiss_report, name="dismiss_report"),
]

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new_conversation, name="new"),
    path("<int:conversation_id>/", views.conversation, name="conversation"),
    path("<int:conversation_id>/leave/", views.leave, name="leave"),
    path("<int:conversation_id>/report/<int:message_id>/", views.report, name="report"),
    *moderation_patterns,
]
