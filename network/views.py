"""Member pages: the directory, a profile, and its edit page; and the page allauth's rate
limits answer with."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network import agreements, blocking, language, profile_parts
from network.conversations import rules
from network.forms import (
    AcceptAgreementsForm,
    BlockByHandleForm,
    DirectorySearchForm,
    ProfileForm,
)
from network.models import Profile

MEMBERS_PER_PAGE = 30

# How long allauth's refusals last at most (settings.ACCOUNT_RATE_LIMITS): password-reset
# emails are counted by the hour, everything else allauth limits by the minute.
RESET_EMAIL_WAIT = 60 * 60
OTHER_WAIT = 60


def _get_profile_for(request, handle: str) -> Profile:
    """The active member's profile behind ``handle``, or 404 when it does not exist or
    ``request.user`` may not see it (a 404, not a 403: a hidden profile does not say it
    exists)."""
    try:
        profile = Profile.objects.for_display().active().get(user__username=handle)
    except Profile.DoesNotExist:
        raise Http404("No such member.") from None
    if not profile.is_visible_to(request.user):
        raise Http404("No such member.")
    return profile


@login_required
def member_list(request):
    """The member directory, for members: who shares their profile with the network,
    found by name, region, tendency and organization."""
    form = DirectorySearchForm(request.GET)
    profiles = form.filter(Profile.objects.in_directory().for_display())
    page = Paginator(profiles, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "network/member_list.html", {"page": page, "form": form})


def profile_detail(request, handle: str):
    if handle != handle.lower():
        return redirect("members:profile", handle=handle.lower(), permanent=True)
    profile = _get_profile_for(request, handle)
    viewer = request.user
    return render(
        request,
        "network/profile_detail.html",
        {
            "profile": profile,
            "can_edit": profile.can_be_edited_by(viewer),
            "can_block": viewer.is_authenticated and blocking.may_block(viewer, profile.user),
            "blocked": viewer.is_authenticated
            and profile.user_id in viewer.profile.blocked_member_ids,
            "can_message": viewer.is_authenticated
            and viewer.pk != profile.user_id
            and bool(rules.may_message(viewer, [profile.user], offering=True)),
            "parts": profile_parts.rendered_parts(request, profile.user),
        },
    )


@login_required
@require_POST
def block_member(request, handle: str):
    """Block (or, with ``unblock``, stop blocking) the active member ``handle``. Any
    member may be blocked by handle, even one whose profile is hidden: their posts are
    not. Answers nothing about the member beyond what the form sent."""
    member = get_object_or_404(get_user_model(), username=handle.lower(), is_active=True)
    if "unblock" in request.POST:
        blocking.unblock(request.user, member)
        messages.success(request, _("You no longer block @%(handle)s.") % {"handle": handle})
    else:
        try:
            blocking.block(request.user, member)
        except blocking.BlockRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "You blocked @%(handle)s: their posts are folded for you, and nothing "
                    "they do notifies you. They are not told."
                )
                % {"handle": handle},
            )
    return redirect(safe_next(request) or "account_blocked")


@login_required
def blocked_members(request):
    """The account page listing whom the member blocked, each with "Unblock", and a form
    to block a member by @handle (whose profile may be hidden)."""
    form = BlockByHandleForm(request.POST or None, blocker=request.user)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["handle"]
        blocking.block(request.user, member)
        messages.success(request, _("You blocked @%(handle)s.") % {"handle": member.username})
        return redirect("account_blocked")
    return render(
        request,
        "network/blocked_members.html",
        {"blocks": blocking.blocked_members(request.user), "form": form},
    )


@login_required
def profile_edit(request, handle: str):
    profile = _get_profile_for(request, handle.lower())
    if not profile.can_be_edited_by(request.user):
        raise PermissionDenied(_("Only this member and the site's staff can edit this profile."))
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        response = redirect(profile)
        if profile.user_id == request.user.pk:
            # This browser keeps reading it after they sign out.
            language.remember(response, profile.language)
        return response
    return render(request, "network/profile_form.html", {"profile": profile, "form": form})


@login_required
def my_profile(request):
    return redirect("members:edit", handle=request.user.username)


@login_required
def accept_agreements(request):
    """Where a member is asked, once, to accept a new version of the points of unity or
    the code of conduct (``network.agreements``), and can come back to accept it."""
    waiting = agreements.pending(request.user)
    versions = agreements.versions_to_accept(waiting)
    form = AcceptAgreementsForm(request.POST or None, versions=versions)
    if request.method == "POST" and waiting and form.is_valid():
        agreements.accept(request.user, waiting)
        messages.success(request, _("Thank you: you accepted the network's updated texts."))
        return redirect(safe_next(request) or "/")
    return render(
        request,
        "network/agreements.html",
        {
            "form": form,
            "versions": versions,
            "next": safe_next(request),
            "accepted": request.user.acceptances.filter(number__gt=0).order_by("-accepted_at"),
        },
    )


def safe_next(request) -> str:
    """The ``next`` address the request carries, when it is one of the site's own."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def too_many_requests(request):
    """What allauth answers when one of its rate limits refuses (the ``handler429`` of the
    root URLconf, as its documentation offers): the site's page, saying what was refused
    and when to try again, with that time in ``Retry-After``."""
    match = request.resolver_match
    reset_email = match is not None and match.url_name == "account_reset_password"
    response = render(request, "429.html", {"reset_email": reset_email}, status=429)
    response["Retry-After"] = str(RESET_EMAIL_WAIT if reset_email else OTHER_WAIT)
    return response
