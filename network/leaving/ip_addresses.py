"""No IP address is kept longer than ``KEEP_IP_ADDRESSES`` (30 days).

Every column that holds one is registered here (:func:`stores_ip_address`) with the
column saying when it was written; beat's daily task (:func:`forget_old_ip_addresses`)
empties those older than that, or puts the unspecified address in a column that may not
be empty (allauth's sessions list). A test fails when a model gains an IP address field
that is not registered, so nothing else in the database names one.

As of issue #13 the site's own models store none: sign-up, posts, reports and
endorsements count visitors' addresses only in the cache, for rate limits, each count
gone within the hour (``network.ratelimit``). The README's "Privacy" section says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

KEEP_IP_ADDRESSES = timedelta(days=30)
# Stands in for a forgotten address in a column that may not be empty.
UNSPECIFIED = "0.0.0.0"


@dataclass(frozen=True)
class StoredAddress:
    model: str  # "app_label.ModelName"
    field: str
    written_at: str  # the field saying when the address was written

    def forget_before(self, moment) -> int:
        model = apps.get_model(self.model)
        field = model._meta.get_field(self.field)
        blank = None if field.null else UNSPECIFIED
        return (
            model._default_manager.filter(**{f"{self.written_at}__lt": moment})
            .exclude(**{self.field: blank} if blank else {f"{self.field}__isnull": True})
            .update(**{self.field: blank})
        )


_stored: dict[tuple[str, str], StoredAddress] = {}


def stores_ip_address(model: str, field: str, *, written_at: str) -> None:
    """Register ``model``'s ``field`` as holding an IP address written at ``written_at``."""
    _stored[(model.lower(), field)] = StoredAddress(model, field, written_at)


def stored_addresses() -> list[StoredAddress]:
    return list(_stored.values())


def is_registered(model: type[models.Model], field: str) -> bool:
    return (model._meta.label_lower, field) in _stored


def forget_old_ip_addresses(now=None) -> int:
    """Empty every registered address written more than 30 days ago; how many."""
    before = (now or timezone.now()) - KEEP_IP_ADDRESSES
    return sum(stored.forget_before(before) for stored in _stored.values())


def register_installed() -> None:
    """The addresses kept by the libraries the site runs, when installed: allauth's list
    of a member's sessions notes the address each was last seen from."""
    if apps.is_installed("allauth.usersessions"):
        stores_ip_address("usersessions.UserSession", "ip", written_at="last_seen_at")
