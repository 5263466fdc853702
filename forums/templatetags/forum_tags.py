"""The forums' lists, for Django templates: each renders its Jinja2 partial
(:mod:`forums.partials`; network/jinja2.py says why those few are Jinja2)."""

from urllib.parse import quote

from django import template

from forums import partials
from network import addresses

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
def forum_rows(context, layout):
    """The index's forums as ``layout`` says (forums.reading.index_layout)."""
    request = context["request"]
    chrome = context.get("network_chrome")
    return partials.render(
        request,
        "forums/forum_rows.jinja",
        layout=layout,
        sign_in_url=f"{addresses.book()['account_login']}?next={quote(request.path)}",
        join_url=(
            None
            if chrome is not None and chrome.get("registration_mode") == "closed"
            else context.get("join_url") or addresses.book()["account_signup"]
        ),
    )
