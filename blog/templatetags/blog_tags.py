from django import template

register = template.Library()


@register.simple_tag
def author_profile_url(author, user) -> str:
    """The author's member profile, when they are a member whose profile ``user`` may see."""
    return author.profile_url_for(user)


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
