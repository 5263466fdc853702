"""Moderators' pages: the report queue, actions on posts, threads and members, and the
log. Every view refuses anyone who does not moderate the forum concerned."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from forums import moderation
from forums.forms import MAX_TAGS
from forums.models import Forum, ModerationAction, Post, Report, Thread
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from forums.permissions import is_site_moderator, moderates, moderates_any
from network.recruiting import actions as recruiting
from network.tags import parse_tags


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        error_messages={
            "required": _("Say why: the reason is logged, and shown with a hidden post.")
        },
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=300,
        error_messages={"required": _("Say how this report was handled.")},
    )


class MoveForm(forms.Form):
    forum = forms.ModelChoiceField(queryset=Forum.objects.none(), label=_("Move to"))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, moderator, current: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        others = Forum.objects.exclude(pk=current.pk).exclude(slug=ARTICLE_DISCUSSIONS_SLUG)
        allowed = [forum.pk for forum in others if moderates(moderator, forum)]
        self.fields["forum"].queryset = Forum.objects.filter(pk__in=allowed)

    def clean(self):
        if self.current.holds_article_discussions:
            raise forms.ValidationError(moderation.ARTICLE_DISCUSSIONS_STAY)
        return super().clean()


class RetitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def clean_tags(self) -> list[str]:
        tags = parse_tags(self.cleaned_data["tags"])
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                ngettext("Use at most %(limit)d tag.", "Use at most %(limit)d tags.", MAX_TAGS)
                % {"limit": MAX_TAGS}
            )
        return tags


class SuspendForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=3650, label=_("Suspend for (days)"), initial=7)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        error_messages={"required": _("Say why: the member is told, and it is logged.")},
    )
    for_spam = forms.BooleanField(
        required=False,
        label=_("For spam"),
        help_text=_(
            "Whoever recruited this member loses their passcode and their invitations "
            "(shown below, if anyone did)."
        ),
    )


def _moderated_post(request, post_id) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread__forum", "author__profile"), pk=post_id
    )
    if not moderates(request.user, post.thread.forum):
        raise PermissionDenied(gettext("Only this forum's moderators can do that."))
    return post


def _moderated_thread(request, thread_id) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("forum"), pk=thread_id)
    if not moderates(request.user, thread.forum):
        raise PermissionDenied(gettext("Only this forum's moderators can do that."))
    return thread


@login_required
def queue(request):
    if not moderates_any(request.user):
        raise PermissionDenied(gettext("Only moderators can see the report queue."))
    reports = moderation.open_reports(request.user).select_related(
        "post__thread__forum",
        "post__author__profile",
        "post__author__recruitment__recruiter__profile",
        "reporter__profile",
    )
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/moderation/queue.html",
        {"page": page, "form": ResolveForm(), "can_see_members": is_site_moderator(request.user)},
    )


@login_required
def log(request):
    if not moderates_any(request.user):
        raise PermissionDenied(gettext("Only moderators can read the moderation log."))
    entries = ModerationAction.objects.select_related(
        "moderator__profile", "forum", "thread__forum", "member__profile"
    )
    if not is_site_moderator(request.user):
        entries = entries.filter(forum__moderators=request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "forums/moderation/log.html", {"page": page})


@login_required
def resolve(request, report_id):
    report = get_object_or_404(Report.objects.select_related("post__thread__forum"), pk=report_id)
    if not moderates(request.user, report.post.thread.forum):
        raise PermissionDenied(gettext("Only this forum's moderators can resolve its reports."))
    if report.resolved_at:
        messages.info(request, gettext("This report is already resolved."))
        return redirect("forums:moderation_queue")
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if moderation.resolve_report(report, request.user, form.cleaned_data["resolution"]):
            messages.success(request, gettext("Report resolved."))
        else:
            messages.info(request, gettext("Another moderator resolved this report first."))
        return redirect("forums:moderation_queue")
    return render(request, "forums/moderation/resolve.html", {"report": report, "form": form})


@login_required
def hide(request, post_id):
    post = _moderated_post(request, post_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        moderation.hide_post(post, request.user, form.cleaned_data["reason"])
        messages.success(request, gettext("The post is hidden."))
        return redirect("forums:post", post_id=post.pk)
    return render(request, "forums/moderation/hide.html", {"post": post, "form": form})


@login_required
@require_POST
def unhide(request, post_id):
    post = _moderated_post(request, post_id)
    moderation.unhide_post(post, request.user, request.POST.get("reason", ""))
    messages.success(request, gettext("The post is visible again."))
    return redirect("forums:post", post_id=post.pk)


@login_required
def history(request, post_id):
    post = _moderated_post(request, post_id)
    return render(
        request,
        "forums/moderation/history.html",
        {"post": post, "revisions": post.revisions.select_related("editor__profile")},
    )


@login_required
@require_POST
def lock(request, thread_id):
    thread = _moderated_thread(request, thread_id)
    locked = request.POST.get("locked") == "1"
    moderation.set_locked(thread, request.user, locked, request.POST.get("reason", ""))
    messages.success(request, gettext("Thread locked.") if locked else gettext("Thread unlocked."))
    return redirect(thread)


@login_required
@require_POST
def pin(request, thread_id):
    thread = _moderated_thread(request, thread_id)
    pinned = request.POST.get("pinned") == "1"
    moderation.set_pinned(thread, request.user, pinned, request.POST.get("reason", ""))
    messages.success(request, gettext("Thread pinned.") if pinned else gettext("Thread unpinned."))
    return redirect(thread)


@login_required
def move(request, thread_id):
    thread = _moderated_thread(request, thread_id)
    form = MoveForm(request.POST or None, moderator=request.user, current=thread.forum)
    if request.method == "POST" and form.is_valid():
        moderation.move_thread(
            thread, request.user, form.cleaned_data["forum"], form.cleaned_data["reason"]
        )
        messages.success(
            request,
            gettext("Thread moved to %(forum)s.") % {"forum": form.cleaned_data["forum"].name},
        )
        return redirect(thread)
    return render(
        request,
        "forums/moderation/move.html",
        {
            "thread": thread,
            "form": form,
            "movable": not thread.forum.holds_article_discussions,
            "refusal": moderation.ARTICLE_DISCUSSIONS_STAY,
        },
    )


@login_required
def retitle(request, thread_id):
    thread = _moderated_thread(request, thread_id)
    initial = {"title": thread.title, "tags": ", ".join(sorted(thread.tags.names()))}
    form = RetitleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moderation.retitle_thread(thread, request.user, data["title"], data["tags"], data["reason"])
        messages.success(request, gettext("Thread updated."))
        return redirect(thread)
    return render(request, "forums/moderation/retitle.html", {"thread": thread, "form": form})


@login_required
def member(request, handle):
    """What site-wide moderators know of a member: how they joined, who recruited them
    and whom they recruited. Other members never see it."""
    if not is_site_moderator(request.user):
        raise PermissionDenied(gettext("Only site-wide moderators can see how members joined."))
    member = get_object_or_404(get_user_model().objects.select_related("profile"), username=handle)
    return render(
        request,
        "forums/moderation/member.html",
        {
            "member": member,
            "recruitment": recruiting.recruitment_of(member),
            "recruits": recruiting.recruits_of(member),
        },
    )


@login_required
def suspend(request, handle):
    if not is_site_moderator(request.user):
        raise PermissionDenied(gettext("Only site-wide moderators can suspend members."))
    member = get_object_or_404(get_user_model().objects.select_related("profile"), username=handle)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        until = timezone.now() + timedelta(days=form.cleaned_data["days"])
        try:
            moderation.suspend_member(
                member,
                request.user,
                until,
                form.cleaned_data["reason"],
                for_spam=form.cleaned_data["for_spam"],
            )
        except ValueError as refusal:
            form.add_error(None, str(refusal))
        else:
            days = form.cleaned_data["days"]
            messages.success(
                request,
                ngettext(
                    "@%(handle)s is suspended for %(count)d day.",
                    "@%(handle)s is suspended for %(count)d days.",
                    days,
                )
                % {"handle": member.username, "count": days},
            )
            return redirect("forums:moderation_log")
    return render(
        request,
        "forums/moderation/suspend.html",
        {
            "member": member,
            "form": form,
            "recruitment": recruiting.recruitment_of(member),
            "recruits": recruiting.recruits_of(member),
        },
    )
