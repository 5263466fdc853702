from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def member_name(user, viewer):
    """A member's display name, linked to their profile when ``viewer`` may see it.
    Expects ``user.profile`` loaded with the user."""
    if user is None:
        return mark_safe('<span class="member-name member-name--gone">a former member</span>')
    profile = user.profile
    if user.is_active and profile.is_visible_to(viewer):
        return format_html(
            '<a class="member-name" href="{}">{}</a>',
            profile.get_absolute_url(),
            profile.display_name,
        )
    return format_html('<span class="member-name">{}</span>', profile.display_name)
