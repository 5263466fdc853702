"""The forums' lists, rendered by forums.rendering (see why there)."""

from django import template

from forums import rendering

register = template.Library()


@register.simple_tag(takes_context=True)
def post_list(context, posts, *, is_moderator=False, can_reply=False, on_article=False):
    return rendering.posts_html(
        posts,
        context["request"],
        is_moderator=is_moderator,
        can_reply=can_reply,
        on_article=on_article,
    )


@register.simple_tag(takes_context=True)
def thread_rows(context, threads):
    return rendering.thread_rows_html(
        threads, context["request"], forum=context["forum"], unread=context.get("unread", set())
    )


@register.simple_tag(takes_context=True)
def forum_rows(context, forums):
    return rendering.forum_rows_html(
        forums, context["request"], home_region_id=context.get("home_region_id")
    )
