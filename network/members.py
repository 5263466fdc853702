"""Members as the pages that list them name them: a name, maybe a link to their profile,
an avatar. A forum page names up to seventy members, a thread page fifty; building each
as a User and a Profile was a third of those pages' time, so they are made from a
query's fields instead (``Profile.listed_fields``), with the Profile's own rules."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from django.db.models import Case, F, Q, When
from django.template import engines
from django.utils.functional import cached_property
from markupsafe import Markup

from network.models import Profile, is_former_member


def mark_active(user_id: int, at) -> None:
    """``user_id`` wrote something at ``at``: the directory's "recently active" order."""
    Profile.objects.filter(user_id=user_id).update(last_active_at=at)


# A member away longer than this comes back on a new visit: what was started while they
# were away is "New" to them (forums.across).
VISIT_GAP = timedelta(hours=1)


def note_visit(user_id: int, now: datetime) -> None:
    """``user_id`` is on the site at ``now``. When they had been away longer than
    ``VISIT_GAP``, the visit before this one ended when they were last seen. One UPDATE,
    whose expressions all read the row as it was."""
    Profile.objects.filter(user_id=user_id).update(
        previous_visit_at=Case(
            When(Q(last_seen_at__lt=now - VISIT_GAP), then=F("last_seen_at")),
            default=F("previous_visit_at"),
        ),
        last_seen_at=now,
    )


def profile_link(member, viewer) -> str:
    """The address of ``member``'s profile if ``viewer`` may see it, else "": whether
    their name is a link. ``member`` is a User (its profile loaded) or a
    :class:`ListedMember`."""
    profile = member.profile
    if member.is_active and profile.is_visible_to(viewer):
        return profile.get_absolute_url()
    return ""


def member_macros():
    """``includes/members.jinja`` as a module: its macros ``avatar`` and ``member_name``,
    callable from Python. Loaded once per process, unless templates reload as they
    change (``auto_reload``, under DEBUG): a page asks for each member it names, and
    Jinja2's get_template() costs half a microsecond each time."""
    environment = engines["jinja2"].env
    if environment.auto_reload:
        return environment.get_template(MEMBER_MACROS).module
    return _loaded_member_macros()


MEMBER_MACROS = "includes/members.jinja"


@functools.cache
def _loaded_member_macros():
    return engines["jinja2"].env.get_template(MEMBER_MACROS).module


class ListedMember:
    """A member as a page names them to one viewer: ``display_name``, ``username``,
    ``link`` (their profile's address when the viewer may see it) and what an avatar
    shows. A page names the same members again and again (a thread's regulars), so it
    renders their name and small avatar once each (``name_html``, ``avatar_html``)."""

    Visibility = Profile.Visibility

    def __init__(self, pk, username, is_active, display_name, visibility, avatar_name=""):
        self.pk = pk
        self.username = username
        self.is_active = is_active
        self.display_name = display_name
        self.visibility = visibility
        self.avatar_name = avatar_name or ""
        self.link = ""

    @classmethod
    def of(cls, user, viewer) -> ListedMember:
        """``user`` (with their profile) as ``viewer`` sees them named."""
        profile = user.profile
        member = cls(
            user.pk,
            user.username,
            user.is_active,
            profile.display_name,
            profile.visibility,
            profile.avatar.name,
        )
        member.link = profile_link(member, viewer)
        return member

    @property
    def is_former_member(self) -> bool:
        """Deleted by its owner: named "a former member", never by what it was."""
        return is_former_member(self.username, self.is_active)

    @property
    def profile(self) -> ListedMember:
        return self

    @property
    def user(self) -> ListedMember:
        return self

    @property
    def user_id(self) -> int:
        return self.pk

    @property
    def avatar(self):
        avatar = Profile._meta.get_field("avatar")
        return avatar.attr_class(None, avatar, self.avatar_name)

    @cached_property
    def name_html(self) -> Markup:
        """``member_name(self)``, from includes/members.jinja."""
        return member_macros().member_name(self)

    @cached_property
    def avatar_html(self) -> Markup:
        """``avatar(self)``, the small one, from includes/members.jinja."""
        return member_macros().avatar(self)

    is_visible_to = Profile.is_visible_to
    initials = Profile.initials
    avatar_hue = Profile.avatar_hue
    get_absolute_url = Profile.get_absolute_url


class Members:
    """The members one page names to ``viewer``, one object each, taken from its rows'
    fields; each knows whether its name is a link for this viewer."""

    _keys: dict[str, tuple[str, ...]] = {}

    def __init__(self, viewer):
        self.viewer = viewer
        self.known: dict[int, ListedMember] = {}

    def take(self, values: dict, via: str) -> ListedMember | None:
        """The member whose fields ``values`` holds under ``via``, taking them out."""
        keys = self._keys.get(via)
        if keys is None:
            keys = self._keys[via] = Profile.listed_fields(via)
        columns = [values.pop(key) for key in keys]
        pk = columns[0]
        if pk is None or is_former_member(columns[1], columns[2]):
            # A former member is named as one, without their handle or picture.
            return None
        member = self.known.get(pk)
        if member is None:
            member = self.known[pk] = ListedMember(*columns)
            member.link = profile_link(member, self.viewer)
        return member
