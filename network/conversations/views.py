"""The messages pages: the inbox, a conversation, a new one, leaving, reporting; and the
moderators' page of reported messages.

Every page is a member's own. A conversation they are not in (or have left) is a 404,
the same as one that does not exist, for everyone: staff too (``rules.place_of``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.conversations import actions, rules
from network.conversations.forms import LeaveForm, MessageForm, NewConversationForm, ReportForm
from network.conversations.models import Message, MessageReport, Participant
from network.markup import render as render_markdown

INBOX_PER_PAGE = 25
MESSAGES_PER_PAGE = 50
REPORTS_PER_PAGE = 10
# Ids past PostgreSQL's bigint are "not found", not a server error.
MAX_ID = 2**63 - 1
# Before any message: what a participant who never opened a conversation read up to.
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def _place(request, conversation_id: int) -> Participant:
    if conversation_id > MAX_ID:
        raise Http404("No such conversation.")
    place = rules.place_of(request.user, conversation_id)
    if place is None:
        raise Http404("No such conversation.")
    place.member = request.user
    return place


def _others(conversation_ids, user) -> dict[int, list[Participant]]:
    """The other participants still in each conversation, with their profiles: one query."""
    others: dict[int, list[Participant]] = {}
    for place in (
        Participant.objects.present()
        .filter(conversation_id__in=list(conversation_ids))
        .exclude(member=user)
        .select_related("member__profile")
        .order_by("joined_at", "pk")
    ):
        others.setdefault(place.conversation_id, []).append(place)
    return others


@login_required
def inbox(request):
    """The member's conversations, newest activity first, the unread marked: three
    queries, however many conversations and messages."""
    user = request.user
    last = Message.objects.filter(conversation=OuterRef("conversation")).order_by(
        "-created_at", "-pk"
    )
    places = (
        Participant.objects.present()
        .filter(member=user)
        .select_related("conversation")
        .annotate(
            last_html=Subquery(last.values("html")[:1]),
            last_deleted=Subquery(last.values("is_deleted")[:1]),
            last_author=Subquery(last.values("author_id")[:1]),
            unread_count=Subquery(
                Message.objects.filter(conversation=OuterRef("conversation"))
                .filter(created_at__gt=Coalesce(OuterRef("last_read_at"), Value(NEVER)))
                .exclude(author=user)
                .order_by()
                .values("conversation")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
        )
        .order_by("-conversation__last_message_at", "-conversation_id")
    )
    page = Paginator(places, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    others = _others([place.conversation_id for place in rows], user)
    for place in rows:
        place.others = others.get(place.conversation_id, [])
    return render(request, "conversations/inbox.html", {"page": page, "places": rows})


@login_required
def conversation(request, conversation_id: int):
    """A conversation, oldest message first, its last page unless another is asked for,
    with the reply form (preview, quote)."""
    place = _place(request, conversation_id)
    talk = place.conversation
    form = MessageForm(request.POST or None, initial=_quoted(request, talk))
    preview = None
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        if "preview" in request.POST:
            preview = render_markdown(source, link_mentions=True).html
        else:
            try:
                message = actions.reply(talk, request.user, source)
            except actions.SendingRefused as refusal:
                for reason in refusal.reasons:
                    form.add_error("source", reason)
            else:
                return redirect(message.get_absolute_url())
    paginator = Paginator(
        Message.objects.filter(conversation=talk)
        .select_related("author__profile")
        .order_by("created_at", "pk"),
        MESSAGES_PER_PAGE,
    )
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    was_read_at = place.last_read_at
    shown = list(page.object_list)
    for message in shown:
        message.is_new = message.author_id != request.user.pk and (
            was_read_at is None or message.created_at > was_read_at
        )
    if request.method == "GET":
        actions.mark_read(place)
    return render(
        request,
        "conversations/conversation.html",
        {
            "conversation": talk,
            "place": place,
            "shown": shown,
            "others": _others([talk.pk], request.user).get(talk.pk, []),
            "page": page,
            "form": form,
            "preview": preview,
        },
    )


def _quoted(request, talk) -> dict:
    """``?quote=<message id>``: that message's words, quoted, to start a reply with. Only
    a message of this conversation; anything else is ignored."""
    quote = request.GET.get("quote", "")
    if request.method != "GET" or not quote.isdigit() or int(quote) > MAX_ID:
        return {}
    message = (
        Message.objects.filter(pk=int(quote), conversation=talk, is_deleted=False)
        .select_related("author")
        .first()
    )
    if message is None:
        return {}
    # Translators: the handle a quoted message's author goes by when they have left
    handle = message.author.username if message.author else _("someone")
    quoted = "\n".join(f"> {line}" for line in message.source.splitlines())
    # Translators: put above the words of a message quoted in a reply
    wrote = _("@%(handle)s wrote:") % {"handle": handle}
    return {"source": f"{wrote}\n{quoted}\n\n"}


@login_required
def new_conversation(request):
    """Start a conversation: ``?to=handle`` fills the field (the profile's "Message")."""
    initial = {}
    to = request.GET.get("to", "")[:150]
    if to:
        initial["recipients"] = f"@{to.lstrip('@')}"
    form = NewConversationForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = render_markdown(data["source"], link_mentions=True).html
        else:
            try:
                talk = actions.start_conversation(request.user, data["recipients"], data["source"])
            except actions.SendingRefused as refusal:
                for reason in refusal.reasons:
                    form.add_error("recipients", reason)
            else:
                return redirect(talk)
    return render(request, "conversations/new.html", {"form": form, "preview": preview})


@login_required
def leave(request, conversation_id: int):
    place = _place(request, conversation_id)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.leave(place, delete_messages=form.cleaned_data["words"] == "delete")
        messages.success(request, _("You left the conversation."))
        return redirect("conversations:inbox")
    return render(
        request,
        "conversations/leave.html",
        {"conversation": place.conversation, "form": form},
    )


@login_required
def report(request, conversation_id: int, message_id: int):
    place = _place(request, conversation_id)
    if message_id > MAX_ID:
        raise Http404("No such message.")
    message = get_object_or_404(
        Message.objects.select_related("author__profile"),
        pk=message_id,
        conversation=place.conversation,
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report(
                message, request.user, form.cleaned_data["reason"], form.cleaned_data["note"]
            )
        except actions.ReportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Thank you. The moderators will see this message and the few before it."),
            )
            return redirect(message.get_absolute_url())
    return render(
        request,
        "conversations/report.html",
        {"conversation": place.conversation, "message": message, "form": form},
    )


# --- Moderators ---------------------------------------------------------------------


def _moderator(request):
    if not request.user.is_authenticated:
        return False
    if not rules.is_message_moderator(request.user):
        raise PermissionDenied(_("Only the site's moderators see reported messages."))
    return True


@login_required
def reports(request):
    """Open reports, oldest first, each with the reported message and the few before it:
    never the rest of the conversation. A page holds ten reports, their contexts read in
    two queries."""
    _moderator(request)
    page = Paginator(
        actions.open_reports().order_by("created_at", "pk"), REPORTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    contexts = rules.reported_contexts(page.object_list)
    items = [(item, contexts[item.pk]) for item in page.object_list]
    return render(request, "conversations/reports.html", {"page": page, "items": items})


@login_required
@require_POST
def dismiss_report(request, report_id: int):
    _moderator(request)
    if report_id > MAX_ID:
        raise Http404("No such report.")
    item = get_object_or_404(MessageReport, pk=report_id)
    actions.dismiss(item, request.user)
    messages.success(request, _("The report is closed."))
    return redirect("conversations:reports")
