"""The inbox, a member's notification settings, and the unsubscribe link of every email."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from network.notifications import actions
from network.notifications.emails import DIGEST, read_unsubscribe_token
from network.notifications.forms import PreferencesForm
from network.notifications.kinds import Delivery, Kind, kinds_for
from network.notifications.models import Notification, Preference
from network.notifications.sources import subjects_for
from network.notifications.wording import headline

PER_PAGE = 30


@dataclass
class InboxItem:
    """One row of the inbox as its reader may see it now: no ``headline`` when what it
    told of is gone, or no longer theirs to see."""

    notification: Notification
    headline: str = ""
    excerpt: str = ""
    place: str = ""


@login_required
def inbox(request):
    user = request.user
    page = Paginator(Notification.objects.for_inbox(user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    subjects = subjects_for(rows, viewer=user)
    items = []
    for row in rows:
        subject = subjects.get((row.event.source, row.event.object_id))
        if subject is None or not subject.available:
            items.append(InboxItem(row))
            continue
        line = headline(row.kind, subject)
        place = "" if str(subject.place) in line else subject.place
        items.append(InboxItem(row, line, subject.excerpt, place))
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@login_required
def open_notification(request, notification_id: int):
    """Follow a notification to what it is about, marking it read. Only its recipient
    may: anyone else gets the 404 of a notification that does not exist."""
    user = request.user
    row = (
        Notification.objects.filter(pk=notification_id, recipient=user)
        .select_related("event")
        .first()
    )
    if row is None:
        raise Http404("No such notification.")
    actions.mark_read(user, Notification.objects.filter(pk=row.pk))
    subject = subjects_for([row], viewer=user).get((row.event.source, row.event.object_id))
    if subject is None or not subject.available:
        messages.info(request, _("That is no longer on the site, or no longer open to you."))
        return redirect("notifications:inbox")
    return redirect(subject.url)


@require_POST
@login_required
def mark_all_read(request):
    actions.mark_all_read(request.user)
    messages.success(request, _("All your notifications are marked read."))
    return redirect("notifications:inbox")


def preferences_form(user, data=None) -> PreferencesForm:
    return PreferencesForm(
        data,
        kinds=kinds_for(user),
        initial_choices=Preference.for_member(user),
        only_my_region=Preference.only_my_region_for(user),
    )


@login_required
def preferences(request):
    user = request.user
    form = preferences_form(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.set_preferences(user, form.choices(), only_my_region=form.only_my_region)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt
def unsubscribe(request, token: str):
    """The link in every email's footer and ``List-Unsubscribe`` header. The signed token
    is what says who this is: it works without signing in, and mail providers' one-click
    POST (RFC 8058) carries no cookie and no CSRF token, hence the exemption. A forged or
    altered token is refused.

    The page asks first (a mail scanner that follows links must not unsubscribe anyone),
    then says plainly what stopped, offers to undo it, and shows every other setting."""
    try:
        user_id, kind = read_unsubscribe_token(token)
        member = get_user_model().objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, get_user_model().DoesNotExist):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if kind == DIGEST:
        # Translators: what an unsubscribe link stops, put into the sentences of its page
        # ("You will no longer get digest emails from Network.").
        what = _("digest emails")
    else:
        # Translators: what an unsubscribe link stops, put into the sentences of its page;
        # %(kind)s is a kind of notification ("replies to your posts and comments").
        what = _("emails about %(kind)s") % {"kind": Kind(kind).label.lower()}
    stopped: dict[str, str] | None = None
    form = None
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") == "One-Click" or "unsubscribe" in request.POST:
            stopped = actions.stop_email(member, kind)
        elif "restore" in request.POST:
            restored = _restore(member, request.POST.getlist("restore"))
            if restored:
                messages.success(request, _("Done: you will get %(what)s again.") % {"what": what})
            return redirect(request.path)
        else:
            form = preferences_form(member, request.POST)
            if form.is_valid():
                actions.set_preferences(member, form.choices(), only_my_region=form.only_my_region)
                messages.success(request, _("Your email settings are saved."))
                return redirect(request.path)
    if stopped is not None:
        state = "done"
    elif actions.emailed_kinds(member, kind):
        state = "ask"
    else:
        state = "off"
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "member": member,
            "what": what,
            "state": state,
            # What the undo button puts back: "kind:delivery" each.
            "restore": [f"{each}:{delivery}" for each, delivery in (stopped or {}).items()],
            "form": form or preferences_form(member),
        },
    )


def _restore(member, values: list[str]) -> dict[str, str]:
    """Put back the choices an unsubscribe changed (the undo button's "kind:delivery"
    values). Only email choices are taken, for the kinds the member is offered: the
    form could say anything."""
    offered = set(kinds_for(member))
    choices = {}
    for value in values:
        kind, _, delivery = value.partition(":")
        if kind in offered and delivery in (Delivery.AT_ONCE, Delivery.DAILY, Delivery.WEEKLY):
            choices[kind] = delivery
    actions.set_preferences(member, choices)
    return choices
