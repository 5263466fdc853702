"""The public side of endorsement drives: signing a drive from its page, and the pages
the emailed links open (confirm, withdraw). Thin views: each parses, checks, calls one
function of :mod:`blog.endorsing` and redirects (post, redirect, get)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from blog import endorsing
from blog.endorsement_forms import EndorsementForm
from blog.endorsements import EndorsementDrive

# What a visitor reads after signing, whether or not the address had signed before:
# the page says nothing of who has signed; the email says the rest.
SIGNED = gettext_lazy(
    "Almost done: we have emailed the address you gave. Your endorsement counts once you "
    "follow the link in that email (look in the spam folder too)."
)


def _drive_page(request, drive_id: int):
    """The drive and its page, as this visitor may see it: live, and open to them (a
    private page's drive does not exist for those who may not read the page)."""
    drive = get_object_or_404(EndorsementDrive.objects.select_related("page"), pk=drive_id)
    page = drive.page.specific
    if not page.live or any(
        not restriction.accept_request(request) for restriction in page.get_view_restrictions()
    ):
        raise Http404("No such endorsement drive.")
    return drive, page


def _with_form(request, page, form, *, status: int = 200, refusal: str = "") -> TemplateResponse:
    """The drive's page again, with the form as it was sent (its errors beside the
    fields, the text kept), at this address: what Wagtail's ``Page.serve`` does, with
    the form given to the page's template tag."""
    request.is_preview = False
    context = page.get_context(request)
    context.update(endorsement_form=form, endorsement_refusal=refusal)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _back_to(page) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{page.url}#endorse")


@require_POST
def sign(request, drive_id: int):
    drive, page = _drive_page(request, drive_id)
    if not drive.is_open():
        messages.error(
            request,
            _("This endorsement drive closed on %(date)s: it takes no more endorsements.")
            % {"date": formats.date_format(drive.closing_date, "DATE_FORMAT")},
        )
        return _back_to(page)
    form = EndorsementForm(request.POST, drive=drive)
    if not form.is_valid():
        return _with_form(request, page, form)
    wait = endorsing.signing_refused(request, form.cleaned_data["email"])
    if wait is not None:
        minutes = max(1, round(wait / 60))
        refusal = ngettext(
            "Too many endorsements were sent from here or for this email address in the "
            "last hour, so this one was not saved. Please try again in %(minutes)s minute.",
            "Too many endorsements were sent from here or for this email address in the "
            "last hour, so this one was not saved. Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        response = _with_form(request, page, form, status=429, refusal=refusal)
        response["Retry-After"] = str(wait)
        return response
    endorsing.sign(drive, form.cleaned_data)
    messages.success(request, SIGNED)
    return _back_to(page)


def _link_page(request, token: str, salt: str, max_age=None):
    try:
        return endorsing.read_token(token, salt, max_age=max_age), None
    except endorsing.BadToken as bad:
        return None, render(
            request, "blog/endorsement_link_invalid.html", {"expired": bad.expired}, status=400
        )


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET asks (a mail program that opens links to check them must not sign anyone
    up); POST confirms."""
    endorsement, refused = _link_page(
        request, token, endorsing.CONFIRM_SALT, max_age=endorsing.CONFIRM_WITHIN
    )
    if refused:
        return refused
    page = endorsement.drive.page
    if request.method == "POST":
        endorsing.confirm(endorsement)
        messages.success(
            request,
            _(
                "Thank you: your endorsement is confirmed. It counts, and is listed if you "
                "asked, once the network’s editors have reviewed it."
            ),
        )
        return _back_to(page)
    return render(
        request, "blog/endorsement_confirm.html", {"endorsement": endorsement, "page": page}
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    endorsement, refused = _link_page(request, token, endorsing.WITHDRAW_SALT)
    if refused:
        return refused
    page = endorsement.drive.page
    if request.method == "POST":
        endorsing.withdraw(endorsement)
        messages.success(
            request,
            _("Your endorsement is withdrawn: it no longer counts, and we no longer keep it."),
        )
        return _back_to(page)
    return render(
        request, "blog/endorsement_withdraw.html", {"endorsement": endorsement, "page": page}
    )
