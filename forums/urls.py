from django.urls import path

from forums import feeds, moderation_views, poll_views, views

app_name = "forums"

# Moderators' pages: reached only with a second factor (forums.apps).
moderation_patterns = [
    path("moderation/", moderation_views.queue, name="moderation_queue"),
    path("moderation/log/", moderation_views.log, name="moderation_log"),
    path(
        "moderation/reports/<int:report_id>/resolve/",
        moderation_views.resolve,
        name="resolve_report",
    ),
    path("moderation/p/<int:post_id>/hide/", moderation_views.hide, name="hide_post"),
    path("moderation/p/<int:post_id>/unhide/", moderation_views.unhide, name="unhide_post"),
    path("moderation/p/<int:post_id>/history/", moderation_views.history, name="post_history"),
    path("moderation/t/<int:thread_id>/lock/", moderation_views.lock, name="lock_thread"),
    path("moderation/t/<int:thread_id>/pin/", moderation_views.pin, name="pin_thread"),
    path("moderation/t/<int:thread_id>/move/", moderation_views.move, name="move_thread"),
    path("moderation/t/<int:thread_id>/edit/", moderation_views.retitle, name="retitle_thread"),
    path("moderation/members/<str:handle>/", moderation_views.member, name="moderation_member"),
    path(
        "moderation/members/<str:handle>/suspend/", moderation_views.suspend, name="suspend_member"
    ),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("latest/", views.across, {"which": "latest"}, name="latest"),
    path("unread/", views.across, {"which": "unread"}, name="unread"),
    path("new/", views.across, {"which": "new"}, name="new"),
    path(
        "members/<str:handle>/threads/",
        views.member_activity,
        {"kind": "threads"},
        name="member_threads",
    ),
    path(
        "members/<str:handle>/replies/",
        views.member_activity,
        {"kind": "replies"},
        name="member_replies",
    ),
    path("p/<int:post_id>/", views.post_permalink, name="post"),
    path("p/<int:post_id>/reply/", views.reply, name="reply_to"),
    path("p/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:post_id>/delete/", views.delete_post, name="delete_post"),
    path("p/<int:post_id>/report/", views.report_post, name="report_post"),
    path("p/<int:post_id>/bookmark/", views.bookmark_post, name="bookmark_post"),
    path("p/<int:post_id>/react/", views.react, name="react"),
    path("p/<int:post_id>/reactions/", views.post_reactions, name="post_reactions"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("t/<int:thread_id>/reply/", views.reply, name="reply"),
    path("t/<int:thread_id>/watch/", views.watch_thread, name="watch_thread"),
    path("t/<int:thread_id>/unread/", views.first_unread, name="first_unread"),
    path("t/<int:thread_id>/poll/vote/", poll_views.vote, name="poll_vote"),
    path("t/<int:thread_id>/poll/close/", poll_views.close, name="poll_close"),
    path("t/<int:thread_id>/live/", views.live_replies, name="live"),
    *moderation_patterns,
    # A forum and its threads
    path("<slug:forum_slug>/", views.forum, name="forum"),
    path("<slug:forum_slug>/new/", views.new_thread, name="new_thread"),
    path("<slug:forum_slug>/read/", views.mark_forum_read, name="mark_forum_read"),
    path("<slug:forum_slug>/watch/", views.watch_forum, name="watch_forum"),
    path("<slug:forum_slug>/feed/", feeds.ForumThreadsFeed(), name="forum_feed"),
    path("<slug:forum_slug>/<int:thread_id>-<slug:thread_slug>/", views.thread, name="thread"),
]
