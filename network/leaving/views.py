"""The "Your data" page and its download, and deleting one's account. Each acts for the
signed-in member alone: nothing here takes another member's name or id."""

from __future__ import annotations

from datetime import datetime

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from network.leaving import deleting, exporting
from network.leaving.forms import DeletionForm
from network.leaving.models import DataExport


@login_required
@require_http_methods(["GET", "POST"])
def your_data(request):
    """What the network keeps of the member, and the export of it: ask, watch it being
    built, download it."""
    if request.method == "POST":
        try:
            exporting.request_export(request.user)
        except exporting.ExportRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("We are gathering your data. We will email you a link when it is ready."),
            )
        return redirect("leaving:your_data")
    export = exporting.latest_export(request.user)
    return render(request, "network/your_data.html", {"export": export})


@login_required
def download_export(request, token: str):
    """The ZIP, to its owner alone, while it is kept. Anyone else gets the 404 of an
    export that does not exist."""
    export = DataExport.objects.filter(token=token, member=request.user).first()
    if export is None:
        raise Http404(_("No such export."))
    if not export.is_ready:
        messages.error(request, _("That export has expired or is not ready. Ask for a new one."))
        return redirect("leaving:your_data")
    try:
        file = exporting.storage().open(export.file_name, "rb")
    except FileNotFoundError:
        raise Http404(_("No such export.")) from None
    response = FileResponse(file, as_attachment=True, filename=exporting.download_name(export))
    response["Cache-Control"] = "private, no-store"
    return response


def _deletion_chosen(request) -> bool:
    """The password is asked for once the choice is complete: a form with a mistake
    shows it beside the field first."""
    return DeletionForm(request.POST).is_valid()


@login_required
@reauthentication_required(allow_get=True, enabled=_deletion_chosen)
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Choose how to leave; confirming asks for the password again (allauth's
    reauthentication, unless given in the last few minutes), then signs the member out
    for the week of grace."""
    form = DeletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deletion = deleting.request_deletion(request.user, form.cleaned_data["mode"])
        logout(request)
        request.session["leaving_due_at"] = deletion.due_at.isoformat()
        return redirect("leaving:deletion_requested")
    return render(request, "network/delete_account.html", {"form": form})


def deletion_requested(request):
    """Where a member lands once signed out: when their account goes, and how to keep it."""
    due_at = request.session.get("leaving_due_at")
    return render(
        request,
        "network/deletion_requested.html",
        {"due_at": datetime.fromisoformat(due_at) if due_at else None},
    )
