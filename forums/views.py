"""Forum pages for readers and writers. Moderators' pages are in moderation_views.

Thin views: parse, check who may see or do it, call one function in forums.actions,
render. A members-only forum sends anonymous visitors to sign in and says nothing of
what it holds.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from forums import (
    access,
    actions,
    kept,
    live,
    moderation,
    partials,
    profile_activity,
    reacting,
    reading,
)
from forums import across as across_lists
from forums.forms import BookmarkForm, PollForm, PostForm, ReportForm, ThreadForm
from forums.models import Bookmark, Category, Forum, Post, ReactionKind, Thread
from forums.pagination import MAX_PK, Cursor, ShownPosts, ThreadList, requested_place
from forums.permissions import (
    Standing,
    active_suspension,
    can_edit_post,
    can_view_thread,
    moderates,
    moderates_any,
    standing,
)
from forums.poll_page import shown_poll
from network import markup
from network.language import of_member
from network.models import Profile


def _visible_forum(request, slug: str) -> Forum:
    forum = Forum.with_slug(slug)
    if forum is None:
        raise Http404("No such forum.")
    if not forum.is_visible_to(request.user):
        raise _SignInFirst()
    return forum


def _visible_thread(request, thread_id: int) -> Thread:
    thread = reading.thread_with_forum(thread_id)
    if thread is None:
        raise Http404("No such thread.")
    if not can_view_thread(request.user, thread):
        raise _SignInFirst()
    return thread


def _visible_post(request, post_id: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread__forum", "author__profile"), pk=post_id
    )
    if not can_view_thread(request.user, post.thread):
        raise _SignInFirst()
    return post


class _SignInFirst(Exception):
    pass


def members_only(view):
    """Show a visitor a members-only forum's pages as if they did not exist: the site's
    "not found" page, the same as for an address that never existed (so it tells
    nothing, not even that the thread is there), which offers to sign in and come back.
    Pages that write are behind ``login_required`` and send visitors to sign in first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            raise Http404("Not found, or members only.") from None

    return wrapped


@require_safe
def index(request):
    user = request.user
    home_region_id = user.profile.region_id if user.is_authenticated else None
    categories = reading.categories_with_forums(user)
    context = {
        "layout": reading.index_layout(categories, user, home_region_id),
        "home_region_id": home_region_id,
    }
    if user.is_authenticated and moderates_any(user):
        context["open_reports"] = moderation.open_reports(user).count()
    return render(request, "forums/index.html", context)


@require_safe
def across(request, which: str):
    """Latest, Unread or New: threads across every forum (``forums.across``). Unread and
    New are a member's: a visitor is asked to sign in."""
    user = request.user
    if which in across_lists.MEMBERS_LISTS and not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    category = request.GET.get("category") or None
    categories = list(Category.objects.filter(forums__isnull=False).distinct().order_by("order"))
    if category and category not in {c.slug for c in categories}:
        category = None
    tag = (request.GET.get("tag") or "").strip()[:100] or None
    page = across_lists.threads_across(
        which,
        user,
        before=Cursor.decode(request.GET.get("before")),
        after=Cursor.decode(request.GET.get("after")),
        tag=tag,
        category=category,
    )
    context = {
        "which": which,
        "page": page,
        "rows": partials.thread_rows(request, page.threads, unread=page.unread, show_forum=True),
        "categories": categories,
        "category": category,
        "tag": tag,
    }
    return render(request, "forums/across.html", context)


@require_safe
def member_activity(request, handle: str, kind: str):
    """All of a member's threads or replies, a page at a time, as far as the reader may
    read them; none of a profile the reader may not see (``Profile.is_visible_to``)."""
    profile = Profile.objects.for_display().active().filter(user__username=handle.lower()).first()
    if profile is None or not profile.is_visible_to(request.user):
        raise Http404("No such member.")
    page = profile_activity.activity_page(
        profile.user, request.user, kind, Cursor.decode(request.GET.get("before"))
    )
    return render(request, "forums/member_activity.html", {"profile": profile, "page": page})


@require_safe
@members_only
def forum(request, forum_slug):
    forum = Forum.with_slug(forum_slug)
    if forum is None:
        raise Http404("No such forum.")
    if not forum.is_visible_to(request.user):
        # The index names every forum and says which are for members: a visitor who
        # follows one there is asked to sign in, and told why.
        messages.info(
            request, _("%(forum)s is for members: sign in to read it.") % {"forum": forum.name}
        )
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    tag = request.GET.get("tag") or None
    before = Cursor.decode(request.GET.get("before"))
    after = Cursor.decode(request.GET.get("after"))
    user = request.user
    member = standing(user, forum)

    def threads() -> ThreadList:
        page = reading.forum_threads(forum, user, before=before, after=after, tag=tag)
        unread = reading.unread_thread_ids(user, page.shown, member.forum_marked_at)
        return ThreadList.of(page, partials.thread_rows(request, page.shown, unread=unread))

    context = {
        "forum": forum,
        "threads": kept.for_visitors(
            request,
            "forum",
            kept.forum_list_key(forum, before, after, tag),
            [kept.forum_generation(forum.pk)],
            threads,
            keep=not access.concerns(forum),
        ),
        "tag": tag,
        "can_start": user.is_authenticated
        and (forum.who_can_start == Forum.Starters.MEMBERS or member.moderates),
        "watching": member.watching,
    }
    return render(request, "forums/forum.html", context)


@require_safe
@members_only
def thread(request, forum_slug, thread_id, thread_slug):
    thread = _visible_thread(request, thread_id)
    if thread.forum.slug != forum_slug or thread.slug != thread_slug:
        # Moved or retitled: the same page of it at its address now.
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(thread.get_absolute_url() + query, permanent=True)
    page, posts = _thread_page(request, thread)
    context = {
        "thread": thread,
        "forum": thread.forum,
        "page": page,
        "posts": posts,
        "form": PostForm(),
        "poll": shown_poll(
            thread,
            request.user,
            suspended_until=page.suspended_until,
            moderating=page.is_moderator,
        ),
        "live_etag": live.etag(request, thread.pk, live.state_of(thread)),
    }
    return render(request, "forums/thread.html", context)


@require_safe
@members_only
def live_replies(request, thread_id):
    """A thread page's question, every few seconds: any new posts on my page since post
    ``after``? Unchanged, 304 (most often answered before this view:
    ``forums.live.UnchangedThreadMiddleware``); else, as JSON, the new posts the reader
    may see there, rendered as the page renders them, where each goes, and the words
    that announce them."""
    thread = _visible_thread(request, thread_id)
    try:
        after = int(request.GET.get("after", ""))
    except ValueError:
        after = -1
    if after < 0:
        return HttpResponseBadRequest("after: the newest post the page shows, a number.")
    tag = live.etag(request, thread.pk, live.state_of(thread))
    if live.matches(request, tag):
        return live.not_modified(tag)
    member = standing(request.user, thread.forum, thread)
    page, arrivals = live.arrivals(thread, request.user, request.GET, min(after, MAX_PK), member)
    posts = [post for post, _ in arrivals]
    count = len(posts)
    response = JsonResponse(
        {
            "html": partials.post_list(
                request,
                posts,
                is_moderator=page.is_moderator,
                can_reply=page.can_reply,
            ),
            "placed": [[post.pk, previous] for post, previous in arrivals],
            "newest": max([after, *(post.pk for post in page.posts)]),
            # Translators: said to screen readers when replies appear in an open thread
            "announcement": ngettext("%(count)s new reply", "%(count)s new replies", count)
            % {"count": intcomma(count)},
            # As the thread's header says it (thread.html)
            "replies": ngettext("%(shown)s reply", "%(shown)s replies", thread.reply_count)
            % {"shown": intcomma(thread.reply_count)},
        }
    )
    live.headers(response, tag)
    return response


def _thread_page(request, thread: Thread) -> tuple[reading.ThreadPage, ShownPosts]:
    """The page of ``thread`` the request asks for, as its reader reads it, and its posts:
    rendered once and kept for every reader who reads them alike (every visitor; every
    member but staff and the forum's moderators, when none of the posts is theirs or
    by a member they blocked: forums.kept), else made for this reader."""
    user = request.user
    member = standing(user, thread.forum, thread)
    reacted = None
    if not access.concerns(thread.forum) and kept.reads_as_everyone(user, member.moderates):
        anyone = kept.ANY_MEMBER if user.is_authenticated else user

        def for_anyone() -> ShownPosts:
            posts, pages = reading.shown_posts(thread, anyone, request.GET)
            page = reading.reader_page(thread, anyone, Standing(), pages, posts, read_up_to=None)
            return _shown_posts(request, page, anyone)

        posts = kept.for_everyone(
            "thread",
            (
                *(thread.pk, thread.reply_count, thread.last_post_id, thread.page_count),
                requested_place(request.GET, thread.page_count),
                *(anyone.is_authenticated, request.get_host()),
            ),
            [kept.thread_generation(thread.pk)],
            for_anyone,
        )
        # The posts show a member which reactions are theirs (pressed): a page where they
        # reacted is made for them. Their standing says whether they reacted in the
        # thread at all: most never did, and ask nothing more.
        reacted = reacting.of_member(user, posts.post_ids) if member.reacted else {}
        if not reacted and not posts.concern(user):
            page = reading.reader_page(thread, user, member, posts.pages, read_up_to=posts.newest)
            return page, posts
    page = reading.thread_page(thread, user, request.GET, member=member, reacted=reacted)
    return page, _shown_posts(request, page, user)


def _shown_posts(request, page: reading.ThreadPage, viewer) -> ShownPosts:
    html = partials.post_list(
        request,
        page.posts,
        viewer=viewer,
        is_moderator=page.is_moderator,
        can_reply=page.can_reply,
    )
    return ShownPosts.of(page.posts, page.pages, html)


@require_safe
@members_only
def post_permalink(request, post_id):
    """A post's permanent address: the page of its thread that holds it."""
    post = _visible_post(request, post_id)
    return redirect(post.thread.get_absolute_url() + _place(post))


@login_required
@require_safe
def first_unread(request, thread_id):
    thread = _visible_thread(request, thread_id)
    post = reading.first_unread_post(request.user, thread)
    if post is None:
        return redirect(f"{thread.get_absolute_url()}?page={thread.page_count}")
    return redirect("forums:post", post_id=post.pk)


@login_required
@members_only
def new_thread(request, forum_slug):
    forum = _visible_forum(request, forum_slug)
    form = ThreadForm(request.POST or None, initial={"language": of_member(request.user)})
    poll_form = PollForm(request.POST or None)
    preview = None
    if request.method == "POST" and all([form.is_valid(), poll_form.is_valid()]):
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = markup.render(data["source"], link_mentions=True).html
        else:
            try:
                thread = actions.start_thread(
                    forum,
                    request.user,
                    data["title"],
                    data["source"],
                    data["tags"],
                    poll=poll_form.new_poll(),
                    language=data["language"],
                )
            except actions.PostingRefused as refusal:
                form.add_error(refusal.field, refusal.message)
            else:
                return redirect(thread)
    context = {"forum": forum, "form": form, "poll_form": poll_form, "preview": preview}
    return render(request, "forums/thread_form.html", context)


@login_required
@members_only
def reply(request, thread_id=None, post_id=None):
    """Reply to a thread (its opening post) or to one post of it. GET shows the form
    (with ``?quote=1``, the parent's words quoted); POST posts, or previews."""
    try:
        if post_id is not None:
            parent = _visible_post(request, post_id)
            thread = parent.thread
        else:
            thread = _visible_thread(request, thread_id)
            parent = None
    except (_SignInFirst, Http404):
        if request.method == "POST" and request.POST.get("source", "").strip():
            # Written while the discussion was open to them (before its article was
            # unpublished or made private, say): "not found", with their words kept.
            context = {"source": request.POST["source"]}
            return render(request, "forums/reply_gone.html", context, status=404)
        raise
    initial = {}
    if (
        request.method == "GET"
        and parent
        and request.GET.get("quote")
        and not (parent.is_hidden or parent.is_deleted)
    ):
        # Translators: the handle a quoted post's author goes by when they have left
        handle = parent.author.username if parent.author else _("someone")
        quoted = "\n".join(f"> {line}" for line in parent.source.splitlines())
        # Translators: put above the words of a post quoted in a reply
        wrote = _("@%(handle)s wrote:") % {"handle": handle}
        initial["source"] = f"{wrote}\n{quoted}\n\n"
    form = PostForm(request.POST or None, initial=initial)
    preview = None
    article_url = _article_url(request, thread)
    # A form that cannot be sent is not offered; one already written (sent after the
    # thread was locked) comes back refused, with its text.
    closed = thread.locked and not moderates(request.user, thread.forum)
    suspension = active_suspension(request.user)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        if "preview" in request.POST:
            preview = markup.render(source, link_mentions=True).html
        else:
            try:
                post = actions.post_reply(thread, request.user, source, parent=parent)
            except actions.PostingRefused as refusal:
                form.add_error(refusal.field if refusal.field else None, refusal.message)
            else:
                if article_url:
                    return redirect(_on_article_page(article_url, post))
                return redirect("forums:post", post_id=post.pk)
    return render(
        request,
        "forums/reply.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "parent": parent,
            "form": form,
            "preview": preview,
            "article_url": article_url,
            "refusal": request.method == "GET" and (closed or suspension),
            "closed": closed,
            "suspension": suspension,
        },
    )


@login_required
@require_POST
@members_only
def react(request, post_id):
    """Add a reaction to a post (``add=<kind>``) or take it back (``remove=<kind>``):
    the buttons under every post (``templates/forums/posts.jinja``) send one of the two,
    with the page's form (``forums/includes/reaction_form.html``), and come back to the
    post. Asked by ``static/js/reactions.js`` (``Accept: application/json``), the answer
    is the post's counts instead, and the page changes in place."""
    post = _visible_post(request, post_id)
    on = "add" in request.POST
    kind = request.POST.get("add" if on else "remove", "")
    as_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        if kind not in ReactionKind.values:
            raise reacting.ReactionRefused(_("Choose one of the reactions offered."))
        reacted = reacting.react(post, request.user, kind, on=on)
    except reacting.ReactionRefused as refusal:
        if as_json:
            return JsonResponse({"error": refusal.message}, status=403)
        messages.error(request, refusal.message)
    else:
        if as_json:
            return JsonResponse(
                {"kind": reacted.kind.value, "pressed": reacted.pressed, "counts": reacted.counts}
            )
    article_url = _article_url(request, post.thread)
    if article_url:
        return redirect(_on_article_page(article_url, post))
    return redirect(post.thread.get_absolute_url() + _place(post))


@require_safe
@members_only
def post_reactions(request, post_id):
    """Who reacted to a post, by kind: the list the count under a post links to, and
    what ``static/js/reactions.js`` shows on hover and focus. Names for members only:
    a visitor to an open forum sees the counts (organizers need not be seen agreeing
    by everyone who passes)."""
    post = _visible_post(request, post_id)
    if post.is_deleted or (post.is_hidden and not moderates(request.user, post.thread.forum)):
        raise Http404("No reactions here.")
    names = request.user.is_authenticated
    context = {
        "post": post,
        "thread": post.thread,
        "forum": post.thread.forum,
        "kinds": reacting.who_reacted(post, names=names),
        "names": names,
    }
    return render(request, "forums/reactions.html", context)


def _article_url(request, thread: Thread) -> str | None:
    """Where a comment written from under an article goes back to: the article, when
    the form says it came from there (``return_to=article``) and the thread is that
    article's discussion. The address is the article's own, never one from the
    request, so the parameter cannot send anyone elsewhere."""
    if request.POST.get("return_to", request.GET.get("return_to")) != "article":
        return None
    article = thread.article
    return article.get_url(request) if article is not None and article.live else None


def _on_article_page(article_url: str, post: Post) -> str:
    return article_url + _place(post)


def _place(post: Post) -> str:
    """Where ``post`` is on its thread's pages, as the end of an address: the page and
    the part of it (``?page=3&part=2``), and the post itself (``#post-7``)."""
    query = {}
    if post.page_number > 1:
        query["page"] = post.page_number
    part = post.part_number()
    if part > 1:
        query["part"] = part
    return (f"?{urlencode(query)}" if query else "") + f"#post-{post.pk}"


@login_required
@members_only
def edit_post(request, post_id):
    post = _visible_post(request, post_id)
    if not can_edit_post(request.user, post):
        raise PermissionDenied(
            _("Only the author (while the thread is open) and moderators can edit this post.")
        )
    form = PostForm(request.POST or None, initial={"source": post.source})
    form.fields["source"].label = _("Edit your post")
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_post(post, request.user, form.cleaned_data["source"])
        except actions.PostingRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            messages.success(request, _("Your post is updated."))
            return redirect("forums:post", post_id=post.pk)
    return render(
        request, "forums/edit_post.html", {"post": post, "thread": post.thread, "form": form}
    )


@login_required
@members_only
def delete_post(request, post_id):
    post = _visible_post(request, post_id)
    if post.author_id != request.user.pk and not moderates(request.user, post.thread.forum):
        raise PermissionDenied(_("Only the author can delete this post."))
    if request.method == "POST":
        try:
            actions.delete_post(post, request.user)
        except actions.PostingRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your post is deleted. Replies to it stay in place."))
        return redirect("forums:post", post_id=post.pk)
    return render(request, "forums/delete_post.html", {"post": post, "thread": post.thread})


@login_required
@members_only
def report_post(request, post_id):
    post = _visible_post(request, post_id)
    if post.is_by_the_site:
        raise PermissionDenied(_("The site's own post has no author to report."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_post(
                post, request.user, form.cleaned_data["reason"], form.cleaned_data["note"]
            )
        except actions.PostingRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            messages.success(request, _("Thank you. Moderators will look at this post."))
            return redirect("forums:post", post_id=post.pk)
    return render(
        request, "forums/report.html", {"post": post, "thread": post.thread, "form": form}
    )


@login_required
@members_only
def bookmark_post(request, post_id):
    """Keep a post to come back to, with a note; change the note, or let it go. Only
    the member who keeps it ever sees it."""
    post = _visible_post(request, post_id)
    if post.is_deleted:
        raise Http404("No such post.")
    bookmark = Bookmark.objects.filter(user=request.user, post=post).first()
    if request.method == "POST" and request.POST.get("remove") and bookmark is not None:
        bookmark.delete()
        messages.success(request, _("The bookmark is removed."))
        return redirect("forums:post", post_id=post.pk)
    form = BookmarkForm(
        request.POST or None, instance=bookmark or Bookmark(user=request.user, post=post)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # kept already, from another tab: the note is theirs
            Bookmark.objects.filter(user=request.user, post=post).update(
                note=form.cleaned_data["note"]
            )
        messages.success(request, _("The post is in your bookmarks."))
        return redirect("forums:post", post_id=post.pk)
    context = {"post": post, "thread": post.thread, "form": form, "bookmark": bookmark}
    return render(request, "forums/bookmark.html", context)


BOOKMARKS_PER_PAGE = 50


@login_required
@require_safe
def bookmarks(request):
    """A member's bookmarks, newest first, with their notes: only the posts they may
    still read (a thread moved into a forum closed to them drops out)."""
    kept = (
        Bookmark.objects.filter(
            user=request.user,
            post__in=Post.objects.visible_to(request.user).filter(is_deleted=False),
        )
        .select_related("post__thread__forum", "post__author__profile")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(kept, BOOKMARKS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forums/bookmarks.html", {"page": page})


@login_required
@require_POST
@members_only
def watch_thread(request, thread_id):
    thread = _visible_thread(request, thread_id)
    watching = request.POST.get("watch") == "1"
    actions.set_thread_watch(request.user, thread, watching)
    messages.success(
        request,
        _("You are watching this thread.") if watching else _("You stopped watching this thread."),
    )
    return redirect(thread)


@login_required
@require_POST
@members_only
def watch_forum(request, forum_slug):
    forum = _visible_forum(request, forum_slug)
    watching = request.POST.get("watch") == "1"
    actions.set_forum_watch(request.user, forum, watching)
    messages.success(
        request,
        (
            _("You will hear of new threads in %(forum)s.")
            if watching
            else _("You stopped watching %(forum)s.")
        )
        % {"forum": forum.name},
    )
    return redirect(forum)


@login_required
@require_POST
@members_only
def mark_forum_read(request, forum_slug):
    forum = _visible_forum(request, forum_slug)
    actions.mark_forum_read(request.user, forum)
    messages.success(request, _("Everything in %(forum)s is marked read.") % {"forum": forum.name})
    return redirect(forum)
