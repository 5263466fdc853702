"""The welcome page: every step on one page, each its own form, each skippable."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from network.models import NetworkSettings
from network.onboarding import actions
from network.onboarding.forms import PlaceForm, VisibilityForm
from network.onboarding.models import Onboarding, Outcome
from network.second_factor import SECOND_FACTORS

# Where a step's own form is handled; the others are only marked done or skipped here.
FORM_STEPS = {"place": PlaceForm, "visibility": VisibilityForm}


@login_required
def welcome(request):
    profile = request.user.profile  # loaded with the member (network.auth_backends)
    forms = {
        "place": PlaceForm(
            prefix="place", initial={"region": profile.region_id, "tendency": profile.tendency_id}
        ),
        "visibility": VisibilityForm(
            prefix="visibility", initial={"visibility": profile.visibility}
        ),
    }
    if request.method == "POST":
        step = request.POST.get("step")
        if step not in Onboarding.STEPS:
            raise BadRequest("No such step.")
        if "skip" in request.POST:
            onboarding = actions.record_step(request.user, step, Outcome.SKIPPED)
            return _onward(request, onboarding)
        if step in FORM_STEPS:
            form = forms[step] = FORM_STEPS[step](request.POST, prefix=step)
            if form.is_valid():
                if step == "place":
                    actions.save_place(
                        profile, form.cleaned_data["region"], form.cleaned_data["tendency"]
                    )
                else:
                    actions.save_visibility(profile, form.cleaned_data["visibility"])
                return _onward(request, actions.start(request.user))
        elif step == "conduct":
            return _onward(request, actions.record_step(request.user, step, Outcome.DONE))
        else:
            # Two-factor sign-in and the introduction are done where they happen.
            raise BadRequest("This step is done on its own page.")
    onboarding = actions.start(request.user)
    return render(
        request,
        "network/welcome.html",
        {
            "onboarding": onboarding,
            "forms": forms,
            "has_second_factor": Authenticator.objects.filter(
                user=request.user, type__in=SECOND_FACTORS
            ).exists(),
            "code_of_conduct": NetworkSettings.for_request(request).code_of_conduct_page,
            "introductions_url": _introductions_url(),
        },
    )


def _onward(request, onboarding: Onboarding):
    if onboarding.is_finished:
        messages.success(request, _("You are all set. Welcome to the network!"))
        return redirect("/")
    return redirect(f"{reverse('welcome')}#step-{onboarding.remaining[0]}")


def _introductions_url() -> str | None:
    """The new-thread form of the Introductions forum (``INTRODUCTIONS_FORUM_SLUG``),
    by its address's name: ``network`` does not import the forums."""
    try:
        return reverse("forums:new_thread", args=[settings.INTRODUCTIONS_FORUM_SLUG])
    except NoReverseMatch:
        return None
