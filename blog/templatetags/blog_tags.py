from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import routablepageurl

register = template.Library()


@register.simple_tag(takes_context=True)
def byline_authors(context, article) -> SafeString:
    """The article's authors as its byline names them, in order ("A, B and C", in the
    reader's language): each linked to their member profile when the reader may see it,
    else to their articles in ``articles_index`` when there is one. One list for the
    byline's one sentence (``{% blocktranslate %}By {{ authors }}…``)."""
    index = context.get("articles_index")
    names = []
    for author in article.authors:
        url = author.profile_url_for(context.get("user"))
        if not url and index:
            url = routablepageurl(context, index, "by_author", author.slug)
        names.append(
            format_html('<a href="{}">{}</a>', url, author.name)
            if url
            else conditional_escape(author.name)
        )
    if len(names) < 2:
        return mark_safe("".join(names))
    # The names are escaped above; the words between them are the translators'.
    return mark_safe(
        pgettext("a list of names, 'A, B and C'", "%(names)s and %(last)s")
        % {"names": ", ".join(names[:-1]), "last": names[-1]}
    )


@register.simple_tag
def segment_number(page, block) -> int | None:
    """A video segment's number: its place among the article's segments."""
    return page.video_segment_numbers.get(block.id)


@register.filter
def distinct_widths(renditions) -> list:
    """A responsive image's renditions (``{% srcset_image … as picture %}``), one per
    width, narrowest first. Wagtail never enlarges a picture, so one narrower than the
    sizes asked for gives several renditions of its own width, and a srcset that names a
    width twice is invalid HTML (wagtail/wagtail#12389)."""
    by_width = {}
    for rendition in renditions:
        by_width.setdefault(rendition.width, rendition)
    return [by_width[width] for width in sorted(by_width)]


@register.simple_tag(takes_context=True)
def language_alternates(context, page) -> list:
    """``{% language_alternates page as alternates %}``: the page and the same page in
    the other language (``blog.languages.WrittenIn.alternates``); none for a page of
    another kind, or without a counterpart."""
    alternates = getattr(page, "alternates", None)
    return alternates(context.get("request")) if alternates else []
