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
