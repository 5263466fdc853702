"""Joining (allauth's sign-up view, told the request and the join page's template) and
the member's Recruiting page: their passcode, and the invitations they send."""

from __future__ import annotations

from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.recruiting import actions
from network.recruiting.forms import InvitationForm
from network.recruiting.models import Invitation

INVITATIONS_LISTED = 50


class JoinView(SignupView):
    """allauth's sign-up, which creates the account, confirms the address and signs the
    member in, with the site's form given the request, the code of an invitation link
    (``?code=``) filled in, and, when sign-up is closed, the page's own template saying
    so (allauth's ``closed()`` renders its own without context)."""

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs

    def get_initial(self) -> dict:
        initial = super().get_initial()
        code = self.request.GET.get("code", "").strip()[:64]
        if code:
            initial["passcode"] = code
            invited = actions.invited_address(code)
            if invited:
                initial.setdefault("email", invited)
        return initial

    def closed(self):
        context = {**(self.extra_context or {}), "signup_closed": True}
        template = self.template_name
        if template == SignupView.template_name:
            template = self.template_name_signup_closed
        return TemplateResponse(self.request, template, context)


signup = JoinView.as_view()


def _page(request, form=None, status=200):
    network = actions.network_settings(request)
    recruiting = actions.status_of(request.user, network)
    invitations = (
        Invitation.objects.filter(inviter=request.user)
        .select_related("used_by__profile")
        .order_by("-created_at", "-id")[:INVITATIONS_LISTED]
    )
    return render(
        request,
        "network/recruiting.html",
        {
            "network": network,
            "recruiting": recruiting,
            "invitations": invitations,
            "form": form or InvitationForm(),
            "join_url": actions.join_url(),
        },
        status=status,
    )


@login_required
def recruiting(request):
    return _page(request)


@login_required
@require_POST
def rotate_passcode(request):
    actions.rotate_passcode(request.user, actions.network_settings(request))
    messages.success(request, _("Your new passcode works now; the old one no longer does."))
    return redirect("recruiting:page")


@login_required
@require_POST
def invite(request):
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        actions.invite(
            request.user, form.cleaned_data["email"], actions.network_settings(request), request
        )
    except PermissionDenied as refusal:
        form.add_error("email", str(refusal))
        return _page(request, form, status=403)
    messages.success(
        request,
        _("The invitation is on its way to %(email)s.") % {"email": form.cleaned_data["email"]},
    )
    return redirect("recruiting:page")


@login_required
@require_POST
def revoke(request, invitation_id: int):
    invitation = get_object_or_404(Invitation, pk=invitation_id)
    if invitation.inviter_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied(_("Only whoever sent an invitation can withdraw it."))
    if actions.revoke_invitation(invitation, request.user):
        messages.success(request, _("The invitation is withdrawn: its link no longer works."))
    else:
        messages.info(request, _("That invitation was no longer waiting."))
    return redirect("recruiting:page")
