"""The texts members agree to, the points of unity and the code of conduct, and their
versions. A member agrees to the points of unity when they join; when editors publish a
new version of either text with "Ask members to accept it again" ticked
(:func:`publish_new_version`, from the blog), every member is asked once, at their next
visit, to read and accept it (:class:`AgreementsMiddleware`: a page, not a wall: they
may go on reading), and may not post until they do (:func:`pending`, which the forums
ask before every post)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect
from django.urls import reverse

from network.models import Acceptance, Agreement, AgreementVersion

CACHE_KEY = "network:agreement-versions"
# How long a process trusts the versions it read: a new version reaches every process
# within this, without a round trip to the cache on every page.
PROCESS_MEMORY_SECONDS = 30
_remembered: tuple[float, dict[str, int]] | None = None


def current_versions() -> dict[str, int]:
    """Each agreement's latest version that members must accept (none: nothing asked
    since they joined)."""
    global _remembered
    now = time.monotonic()
    if _remembered is not None and now - _remembered[0] < PROCESS_MEMORY_SECONDS:
        return _remembered[1]
    versions = cache.get(CACHE_KEY)
    if versions is None:
        versions = dict(
            AgreementVersion.objects.values("agreement")
            .annotate(latest=Max("number"))
            .values_list("agreement", "latest")
        )
        cache.set(CACHE_KEY, versions, None)
    _remembered = (now, versions)
    return versions


def forget_versions() -> None:
    global _remembered
    _remembered = None
    cache.delete(CACHE_KEY)


@transaction.atomic
def publish_new_version(agreement: str, page) -> AgreementVersion:
    """Editors published ``page``, the text of ``agreement``, asking members to accept it
    again: the next version, which every member is asked to accept. Two editors
    publishing at the same instant meet the unique number: one of them is refused."""
    latest = (
        AgreementVersion.objects.filter(agreement=agreement).aggregate(n=Max("number"))["n"] or 0
    )
    version = AgreementVersion.objects.create(agreement=agreement, number=latest + 1, page=page)
    forget_versions()
    transaction.on_commit(forget_versions, robust=True)
    return version


def accept(user, agreements: Iterable[str]) -> None:
    """``user`` accepts the current version of each of ``agreements`` (when joining: the
    version of the day, 0 if none was ever asked for again)."""
    versions = current_versions()
    for agreement in agreements:
        Acceptance.objects.get_or_create(
            user=user, agreement=agreement, number=versions.get(agreement, 0)
        )


def pending(user) -> list[str]:
    """The agreements whose current version ``user`` has not accepted: none while no
    version was ever asked for again (no query then)."""
    asked = {agreement: number for agreement, number in current_versions().items() if number}
    if not asked or not user.is_authenticated:
        return []
    accepted = set(
        Acceptance.objects.filter(user=user, agreement__in=list(asked)).values_list(
            "agreement", "number"
        )
    )
    return [agreement for agreement in Agreement.values if agreement in asked
            and (agreement, asked[agreement]) not in accepted]  # fmt: skip


def versions_to_accept(agreements: Iterable[str]) -> list[AgreementVersion]:
    """The current versions of ``agreements``, with their pages, for the page that asks."""
    versions = current_versions()
    return list(
        AgreementVersion.objects.filter(
            agreement__in=list(agreements),
            number__in={versions[a] for a in agreements if a in versions},
        )
        .select_related("page")
        .order_by("agreement")
    )


# Where a member is never sent away from to accept: the accepting page itself, signing
# in and out and the rest of the account pages, the admin, files.
NOT_ASKED_UNDER = ("/accounts/", "/admin/", "/django-admin/", "/static/", "/media/")
SESSION_KEY = "agreements_asked"


class AgreementsMiddleware:
    """Sends a member to the page that asks them to accept a new version, once per
    version (their session remembers): after that the header's account menu and the
    refusal to post say what is waiting. Costs nothing while no version was ever asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        versions = current_versions()
        if versions and self._may_ask(request):
            asked = ",".join(f"{a}:{n}" for a, n in sorted(versions.items()))
            if request.session.get(SESSION_KEY) != asked:
                request.session[SESSION_KEY] = asked
                if pending(request.user):
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('account_agreements')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _may_ask(request) -> bool:
        return (
            request.method == "GET"
            and request.user.is_authenticated
            and not request.path_info.startswith(NOT_ASKED_UNDER)
            and request.headers.get("x-requested-with") != "XMLHttpRequest"
        )
