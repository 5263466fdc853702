"""What other apps show on a member's profile: the forums their threads and replies, the
blog their articles. ``network`` imports neither, so each registers a
:class:`ProfilePart` from its ``AppConfig.ready`` and the profile page renders the parts
in the order registered, each from its own template."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


class ProfilePart:
    """A section of the profile page. Override both."""

    template_name: str = ""

    def context(self, member, viewer) -> dict | None:
        """What the template needs to show ``member``'s part to ``viewer`` (only what
        ``viewer`` may see), or None when there is nothing to show. A fixed number of
        queries, whatever the member wrote."""
        raise NotImplementedError


_parts: list[ProfilePart] = []


def register(part: ProfilePart) -> None:
    _parts.append(part)


def rendered_parts(request, member) -> list[SafeString]:
    """Each part of ``member``'s profile that ``request.user`` may see, rendered."""
    shown = []
    for part in _parts:
        context = part.context(member, request.user)
        if context is not None:
            shown.append(render_to_string(part.template_name, context, request))
    return shown
