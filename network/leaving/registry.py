"""What each app keeps of a member, as a member's export and their deletion reach it.

``network`` imports neither the forums nor the blog (imports run blog → forums →
network), so each app that keeps something of a member registers here, from its
``AppConfig.ready()``:

- an **export part**, ``export_part("posts")``: a function of the member giving the
  files (:class:`ExportFile`) it adds to their ZIP; none when it keeps nothing of them;
- an **eraser**, ``eraser("forums")``: a function of the member and whether they chose
  to delete their posts, run in the deletion's transaction before the account itself is
  emptied (:func:`network.leaving.deleting.erase_member`).

The network's own parts are in :mod:`network.leaving.exporting` (the profile, the
notification settings) and :mod:`network.leaving.membership_parts` (recruitment,
invitations, blocks, accepted agreements).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFile:
    """One file of an export: ``name`` inside the ZIP (``posts/posts.json``) and its
    text, or bytes."""

    name: str
    content: str | bytes


ExportPart = Callable[..., Iterable[ExportFile]]
Eraser = Callable[..., None]

_export_parts: dict[str, ExportPart] = {}
_erasers: dict[str, Eraser] = {}


def export_part(name: str) -> Callable[[ExportPart], ExportPart]:
    """Register ``function(member)`` as the export's part ``name``; registering a name
    again replaces it (a module imported twice)."""

    def register(function: ExportPart) -> ExportPart:
        _export_parts[name] = function
        return function

    return register


def eraser(name: str) -> Callable[[Eraser], Eraser]:
    """Register ``function(member, delete_posts)`` as what ``name`` erases of a member
    who deletes their account."""

    def register(function: Eraser) -> Eraser:
        _erasers[name] = function
        return function

    return register


def export_parts() -> dict[str, ExportPart]:
    return dict(_export_parts)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)
