"""The forums' lists, for Django templates: each renders its Jinja2 partial (see
network/jinja2.py for why those few are Jinja2)."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

from network import addresses

register = template.Library()


def _render(name: str, context, **values):
    request = context["request"]
    partial = engines["jinja2"].get_template(name)
    # Escaped by Jinja2 as it rendered (autoescape is on): safe to print as it is.
    return mark_safe(partial.render({"viewer": request.user, **values}, request))


@register.simple_tag(takes_context=True)
def post_list(context, posts, *, is_moderator=False, can_reply=False, on_article=False):
    return _render(
        "forums/posts.jinja",
        context,
        posts=posts,
        is_moderator=is_moderator,
        can_reply=can_reply,
        on_article=on_article,
    )


@register.simple_tag(takes_context=True)
def thread_rows(context, threads, *, show_forum=False):
    return _render(
        "forums/thread_rows.jinja",
        context,
        threads=threads,
        unread=context.get("unread"),
        show_forum=show_forum,
    )


@register.simple_tag(takes_context=True)
def forum_rows(context, categories):
    return _render(
        "forums/forum_rows.jinja",
        context,
        categories=categories,
        home_region_id=context.get("home_region_id"),
        sign_in=addresses.root("account_login"),
    )
