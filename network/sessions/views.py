"""The account area's list of sessions, and signing out of them."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.sessions import actions


@login_required
def session_list(request):
    sessions = list(actions.signed_in_sessions(request.user))
    for user_session in sessions:
        user_session.device = actions.describe_device(user_session.user_agent)
        user_session.current = user_session.session_key == request.session.session_key
    return render(request, "usersessions/usersession_list.html", {"sessions": sessions})


@login_required
@require_POST
def end_session(request, session_id: int):
    # Another member's session is no different from one that does not exist.
    user_session = get_object_or_404(UserSession, pk=session_id, user_id=request.user.pk)
    current = user_session.session_key == request.session.session_key
    actions.end_session(request, user_session)
    if current:
        return redirect("account_login")
    messages.success(request, _("That session is signed out."))
    return redirect("account_sessions")


@login_required
@require_POST
def end_every_session(request):
    actions.end_every_session(request)
    messages.success(request, _("You are signed out everywhere, this browser too."))
    return redirect("account_login")
