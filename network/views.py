"""Member pages: the directory, a profile, and its edit page; and the page allauth's rate
limits answer with."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from network.forms import ProfileForm
from network.models import Profile, Region

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


def member_list(request):
    profiles = Profile.objects.visible_to(request.user).active().for_display()
    regions = Region.objects.all()
    region = next((r for r in regions if r.slug == request.GET.get("region")), None)
    if region:
        profiles = profiles.filter(region=region)
    page = Paginator(profiles.order_by("display_name", "pk"), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "network/member_list.html",
        {"page": page, "regions": regions, "region": region},
    )


def profile_detail(request, handle: str):
    if handle != handle.lower():
        return redirect("members:profile", handle=handle.lower(), permanent=True)
    profile = _get_profile_for(request, handle)
    return render(
        request,
        "network/profile_detail.html",
        {"profile": profile, "can_edit": profile.can_be_edited_by(request.user)},
    )


@login_required
def profile_edit(request, handle: str):
    profile = _get_profile_for(request, handle.lower())
    if not profile.can_be_edited_by(request.user):
        raise PermissionDenied("Only this member and the site's staff can edit this profile.")
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect(profile)
    return render(request, "network/profile_form.html", {"profile": profile, "form": form})


@login_required
def my_profile(request):
    return redirect("members:edit", handle=request.user.username)


def too_many_requests(request):
    """What allauth answers when one of its rate limits refuses (the ``handler429`` of the
    root URLconf, as its documentation offers): the site's page, saying what was refused
    and when to try again, with that time in ``Retry-After``."""
    match = request.resolver_match
    reset_email = match is not None and match.url_name == "account_reset_password"
    response = render(request, "429.html", {"reset_email": reset_email}, status=429)
    response["Retry-After"] = str(RESET_EMAIL_WAIT if reset_email else OTHER_WAIT)
    return response
