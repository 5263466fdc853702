"""The forums' lists, for Django templates: each renders its Jinja2 partial
(:mod:`forums.partials`; network/jinja2.py says why those few are Jinja2)."""

from django import template

from forums import partials

register = template.Library()


@register.simple_tag(takes_context=True)
def post_list(context, posts, *, is_moderator=False, can_reply=False, on_article=False):
    return partials.post_list(
        context["request"],
        posts,
        is_moderator=is_moderator,
        can_reply=can_reply,
        on_article=on_article,
    )


@register.simple_tag(takes_context=True)
def thread_rows(context, threads, *, show_forum=False):
    return partials.thread_rows(
        context["request"], threads, unread=context.get("unread"), show_forum=show_forum
    )


@register.simple_tag(takes_context=True)
def forum_rows(context, categories):
    return partials.render(
        context["request"],
        "forums/forum_rows.jinja",
        categories=categories,
        home_region_id=context.get("home_region_id"),
    )
