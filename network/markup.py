"""Markdown written by members, turned into safe HTML once, when it is saved.

Everything a member writes (bios now; posts and comments later) goes through
:func:`render_markdown`, and HTML from other sites (partner feeds) through
:func:`sanitize_outside_html`, so there is one allow-list to review. Raw HTML in the source is
shown as text, never interpreted; the rendered HTML is then cleaned by nh3 as a second,
independent line of defence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.text import Truncator
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"a": {"mention"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# Headings written as "#" become <h3>: member writing sits under the page's own headings.
HEADING_OFFSET = 2


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "strikethrough", "table"])
    # Pictures from other hosts would tell them who reads what; a member's image
    # markdown is left as a link instead.
    md.disable("image")
    return md


_parser = _build_parser()


def sanitize_html(html: str) -> str:
    """Clean HTML against the allow-list, adding ``rel`` to every link."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )


_HEADING_TAG = re.compile(r"<(/?)h[1-6]\b", re.IGNORECASE)


def sanitize_outside_html(html: str, *, max_words: int) -> str:
    """HTML written on another site (a partner feed's item) as an excerpt safe to show:
    cut to ``max_words`` words with its open tags closed, then cleaned against the same
    allow-list as members' writing (:func:`sanitize_html`), so no script, no event
    attribute, no ``javascript:`` link and no picture from another host survives.

    Its headings become paragraphs: their levels were the other site's and would skip
    ours, and the excerpt goes in a paragraph block, which has none. (Only the tag's
    name is rewritten, before cleaning; the sanitizer then parses the result whole.)"""
    paragraphs = _HEADING_TAG.sub(r"<\1p", html)
    return sanitize_html(Truncator(paragraphs).words(max_words, html=True))


MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_]{3,30})\b")


@dataclass
class Rendered:
    html: str
    mentions: list[str] = field(default_factory=list)
    link_count: int = 0


def render_markdown(source: str) -> str:
    """Render a member's markdown to sanitized HTML, ready to print unescaped."""
    return render(source).html


def render(source: str, *, link_mentions: bool = False) -> Rendered:
    """Render markdown to sanitized HTML. With ``link_mentions``, each ``@handle`` of an
    active member becomes a link to their profile (one query for all of them) and is
    reported in ``mentions``. ``link_count`` counts the links the writer made."""
    if not source.strip():
        return Rendered("")
    tokens = _parser.parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + HEADING_OFFSET, 6)}"
    inline = [token for token in tokens if token.type == "inline" and token.children]
    link_count = sum(1 for token in inline for child in token.children if child.type == "link_open")
    mentions = _link_mentions(inline) if link_mentions else []
    html = _parser.renderer.render(tokens, _parser.options, {})
    return Rendered(sanitize_html(html), mentions, link_count)


def mentioned_handles(source: str) -> set[str]:
    """The ``@handle`` mentions written in ``source``'s text (not in code), lowercased, whether or
    not a member holds them: what a post mentioned before an edit, without a query."""
    if not source.strip():
        return set()
    return _candidates([t for t in _parser.parse(source) if t.type == "inline" and t.children])


def _candidates(inline_tokens: list[Token]) -> set[str]:
    return {
        match.group(1).lower()
        for token in inline_tokens
        for child in token.children
        if child.type == "text"
        for match in MENTION.finditer(child.content)
    }


def _link_mentions(inline_tokens: list[Token]) -> list[str]:
    """Turn ``@handle`` in plain text (not in links or code) into profile links."""
    candidates = _candidates(inline_tokens)
    if not candidates:
        return []
    known = set(
        get_user_model()
        .objects.filter(username__in=candidates, is_active=True)
        .values_list("username", flat=True)
    )
    if not known:
        return []
    for token in inline_tokens:
        children, in_link = [], 0
        for child in token.children:
            in_link += child.type == "link_open"
            in_link -= child.type == "link_close"
            if child.type != "text" or in_link:
                children.append(child)
                continue
            children.extend(_split_mentions(child, known))
        token.children = children
    return sorted(known)


def _split_mentions(text: Token, known: set[str]) -> list[Token]:
    out, position = [], 0
    for match in MENTION.finditer(text.content):
        handle = match.group(1).lower()
        if handle not in known:
            continue
        if match.start() > position:
            out.append(_text(text.content[position : match.start()]))
        link = Token("link_open", "a", 1)
        link.attrs = {"href": reverse("members:profile", args=[handle]), "class": "mention"}
        out.extend([link, _text(match.group(0)), Token("link_close", "a", -1)])
        position = match.end()
    if position < len(text.content):
        out.append(_text(text.content[position:]))
    return out or [text]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
