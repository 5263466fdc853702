"""What a member's @handle may be. Handles appear in URLs (/members/<handle>/) and in
@mentions, so they are short, lowercase-insensitive and plain."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

HANDLE_PATTERN = r"[A-Za-z0-9_]{3,30}"

# Names that would read as the site speaking, or collide with words mentions may use.
RESERVED_HANDLES = frozenset(
    {
        "admin",
        "administrator",
        "all",
        "anonymous",
        "everyone",
        "here",
        "moderator",
        "moderators",
        "network",
        "root",
        "staff",
        "support",
        "system",
    }
)


def validate_not_reserved(value: str) -> None:
    if value.lower() in RESERVED_HANDLES:
        raise ValidationError(_("That handle is reserved. Please choose another."), code="reserved")


HANDLE_VALIDATORS = [
    RegexValidator(
        rf"^{HANDLE_PATTERN}\Z",
        _("Use 3 to 30 letters, digits or underscores, with no spaces."),
        code="invalid_handle",
    ),
    validate_not_reserved,
]


def active_members_named(handles) -> tuple[list, list[str]]:
    """The active members whose handles are ``handles`` (typed with or without "@", in
    any case), and the handles no active member holds, in the order given: for forms
    that name members by handle, where a list of every member would not do."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    wanted = [handle.lstrip("@") for handle in handles]
    lookup = Q(pk__in=[])
    for handle in wanted:
        lookup |= Q(username__iexact=handle)
    members = {
        user.username.lower(): user
        for user in get_user_model().objects.filter(lookup, is_active=True)
    }
    unknown = [handle for handle in wanted if handle.lower() not in members]
    return list(members.values()), unknown
