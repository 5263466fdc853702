"""Voting in a thread's poll, and closing or reopening it: plain forms, no JavaScript
needed. The rules are ``forums.polling``'s; a poll in a thread the member may not read
is "not found", as the thread is."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forums import poll_page, polling
from forums.models import Poll
from forums.pagination import MAX_PK
from forums.permissions import can_view_thread


def _poll_of(request, thread_id: int) -> Poll:
    """The poll of thread ``thread_id``, with its thread and forum, if the member may
    read the thread: one query (and one more in a forum whose threads follow a rule of
    their own)."""
    poll = None
    if 0 < thread_id <= MAX_PK:
        poll = Poll.objects.select_related("thread__forum").filter(thread_id=thread_id).first()
    if poll is None or not can_view_thread(request.user, poll.thread):
        raise Http404("No such poll.")
    return poll


def _back_to(poll: Poll) -> str:
    return f"{poll.thread.get_absolute_url()}#poll"


@login_required
@require_http_methods(["GET", "POST"])
def vote(request, thread_id):
    """GET: the poll alone, to vote in. POST: vote (or, with ``remove``, take the vote
    back) and go back to the thread; a vote refused comes back here, its choice kept
    and the reason beside it."""
    poll = _poll_of(request, thread_id)
    checked = error = None
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                polling.remove_vote(poll, request.user)
                done = _("Your vote is removed.")
            else:
                polling.vote(poll, request.user, request.POST.getlist("option"))
                done = _("Your vote is counted. Nobody else can see what you chose.")
        except polling.VoteRefused as refusal:
            checked, error = request.POST.getlist("option"), refusal.message
        else:
            messages.success(request, done)
            return redirect(_back_to(poll))
    thread = poll.thread
    shown = poll_page.shown_poll(thread, request.user, checked=checked, error=error)
    context = {"thread": thread, "forum": thread.forum, "poll": shown}
    return render(request, "forums/poll_vote.html", context)


@login_required
@require_POST
def close(request, thread_id):
    """Close the poll now (``closed=1``) or reopen it (``closed=0``): the thread's
    author or a moderator of the forum (``forums.polling``); anyone else is refused.
    Behind a second factor for whoever holds a duty, as the moderation pages are
    (``forums.apps``)."""
    poll = _poll_of(request, thread_id)
    if request.POST.get("closed") == "0":
        polling.reopen_poll(poll, request.user)
        messages.success(request, _("The poll is open again."))
    else:
        polling.close_poll(poll, request.user)
        messages.success(request, _("The poll is closed. Its results are final."))
    return redirect(_back_to(poll))
