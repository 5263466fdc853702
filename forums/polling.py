"""Who may vote in a poll, see its results, close and reopen it, and the writes that do
it (issue #15). The models and what a poll holds are in ``forums.models.polls``; what a
thread page shows of a poll to one reader is in ``forums.poll_page``.

The rules, decided:

- **Voting**: a signed-in, active member who may read the thread
  (``forums.permissions.can_view_thread``), is not suspended, while the poll is open
  and the thread not locked (a lock stops the whole conversation, votes included;
  unlocking lets them go on). Moderators and staff vote as anyone does, and see what
  anyone sees.
- **Results**: to whoever may read the thread, as the poll says: always; once the
  reader has voted (and to everyone once it has closed); or only once it has closed.
  Voters' names are never shown to anyone, moderators and staff included.
- **Closing**: at its closing time (asked whenever the poll is read or voted in: no
  scheduled task), or early by the thread's author or a moderator of its forum.
  A moderator's close of another's poll is in the moderation log.
- **Reopening**: a poll closed early whose closing time has not come may be reopened by
  a moderator of the forum, or by the author when the author closed it (a moderator's
  close stands against the author). Reopening counts its votes again from the rows: a
  member who left while it was closed took their vote with them.
- **Leaving**: a member who deletes their account takes their votes; an open poll's
  counts go down with them, a closed poll's results stay as they were when it closed.

Writes lock the poll's row first: votes in one poll take their turns (a vote is a few
small statements), a close cannot slip between a vote's check and its write, and one
member's two submissions at once cannot both count.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.models import ModerationAction, Poll, PollOption, PollVote
from forums.permissions import active_suspension, can_view_thread, moderates

UNKNOWN = object()


class VoteRefused(Exception):
    """Why a member's vote was not taken, in words for them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Rules ------------------------------------------------------------------------------


def voting_refusal(
    user, poll: Poll, *, suspended_until=UNKNOWN, now: datetime | None = None
) -> str | None:
    """Why ``user`` may not vote in ``poll`` now (its thread and forum loaded), or None
    when they may. ``suspended_until``: the end of their suspension, or None, when the
    caller knows it (a thread page has it from ``forums.permissions.standing``); asked
    of the database otherwise."""
    thread = poll.thread
    if not user.is_authenticated or not user.is_active:
        return _("Sign in to vote.")
    if not can_view_thread(user, thread):
        return _("You cannot vote in this thread.")
    if not poll.is_open(now):
        return _("This poll is closed.")
    if thread.locked:
        return _("This thread is locked: the poll takes no votes.")
    if suspended_until is UNKNOWN:
        suspension = active_suspension(user)
        suspended_until = suspension.until if suspension else None
    if suspended_until is not None:
        until = date_format(timezone.localtime(suspended_until), "DATETIME_FORMAT")
        return _("You are suspended until %(until)s: you can read the poll, not vote.") % {
            "until": until
        }
    return None


def can_vote(user, poll: Poll, **known) -> bool:
    """Whether ``user`` may vote in ``poll`` now (:func:`voting_refusal`)."""
    return voting_refusal(user, poll, **known) is None


def can_see_results(user, poll: Poll, *, voted: bool, now: datetime | None = None) -> bool:
    """Whether ``user``, who has ``voted`` or not, sees ``poll``'s counts now: only
    ever a reader of its thread, and then as the poll says."""
    if not can_view_thread(user, poll.thread):
        return False
    if poll.results == Poll.Results.ALWAYS or not poll.is_open(now):
        return True
    return poll.results == Poll.Results.AFTER_VOTING and voted


def can_close(user, poll: Poll, *, moderating: bool | None = None) -> bool:
    """The thread's author or a moderator of its forum may close an open poll early.
    ``moderating``: whether ``user`` moderates the forum, when the caller knows."""
    if not user.is_authenticated or not user.is_active or not poll.is_open():
        return False
    return _is_author(user, poll) or _moderating(user, poll, moderating)


def can_reopen(user, poll: Poll, *, moderating: bool | None = None) -> bool:
    """A poll closed early, whose closing time has not come, may be opened again by a
    moderator of its forum, or by its author if the author closed it."""
    if not user.is_authenticated or not user.is_active or poll.closed_at is None:
        return False
    if poll.closes_at is not None and poll.closes_at <= timezone.now():
        return False
    if _moderating(user, poll, moderating):
        return True
    return _is_author(user, poll) and poll.closed_by_id == user.pk


def _is_author(user, poll: Poll) -> bool:
    return poll.thread.author_id is not None and poll.thread.author_id == user.pk


def _moderating(user, poll: Poll, moderating: bool | None) -> bool:
    return moderates(user, poll.thread.forum) if moderating is None else moderating


# --- Voting -----------------------------------------------------------------------------


def _locked(poll: Poll) -> Poll:
    """``poll`` read again with its row locked to the end of the transaction, with its
    thread and forum (not locked: only the poll's row is)."""
    return (
        Poll.objects.select_for_update(of=("self",)).select_related("thread__forum").get(pk=poll.pk)
    )


@transaction.atomic
def vote(poll: Poll, member, option_ids: Iterable) -> Poll:
    """``member`` chooses ``option_ids`` (options of this poll) in ``poll``, in place of
    whatever they chose before: the options they leave lose a vote, those they add gain
    one, and the poll gains a voter if they had none. Raises :class:`VoteRefused`."""
    poll = _locked(poll)
    refusal = voting_refusal(member, poll)
    if refusal:
        raise VoteRefused(refusal)
    chosen = _checked_choice(poll, option_ids)
    _move_votes(poll, member, chosen)
    return poll


@transaction.atomic
def remove_vote(poll: Poll, member) -> Poll:
    """``member`` takes back their vote, while the poll is open."""
    poll = _locked(poll)
    refusal = voting_refusal(member, poll)
    if refusal:
        raise VoteRefused(refusal)
    _move_votes(poll, member, set())
    return poll


def _checked_choice(poll: Poll, option_ids: Iterable) -> set[int]:
    """The ids of ``poll``'s options that ``option_ids`` names, once each, if they are
    a choice the poll allows."""
    wanted = set()
    for value in option_ids:
        try:
            wanted.add(int(value))
        except (TypeError, ValueError):
            raise VoteRefused(_("That is not an option of this poll.")) from None
    if not wanted:
        raise VoteRefused(_("Choose an option first."))
    options = set(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    if not wanted <= options:
        raise VoteRefused(_("That is not an option of this poll."))
    allowed = poll.choices_allowed(len(options))
    if len(wanted) > allowed:
        raise VoteRefused(
            ngettext(
                "Choose at most %(count)d option.", "Choose at most %(count)d options.", allowed
            )
            % {"count": allowed}
        )
    return wanted


def _move_votes(poll: Poll, member, chosen: set[int]) -> None:
    """Make ``member``'s votes in ``poll`` ``chosen`` and move the counts to match.
    Caller holds the poll's row lock."""
    before = set(
        PollVote.objects.filter(poll=poll, member=member).values_list("option_id", flat=True)
    )
    dropped, added = before - chosen, chosen - before
    if dropped:
        PollVote.objects.filter(poll=poll, member=member, option_id__in=dropped).delete()
        PollOption.objects.filter(pk__in=dropped).update(vote_count=F("vote_count") - 1)
    if added:
        now = timezone.now()
        PollVote.objects.bulk_create(
            PollVote(poll=poll, option_id=option_id, member=member, created_at=now)
            for option_id in added
        )
        PollOption.objects.filter(pk__in=added).update(vote_count=F("vote_count") + 1)
    change = (1 if chosen else 0) - (1 if before else 0)
    if change:
        Poll.objects.filter(pk=poll.pk).update(voter_count=F("voter_count") + change)
        poll.voter_count += change


# --- Closing ----------------------------------------------------------------------------


@transaction.atomic
def close_poll(poll: Poll, user) -> Poll:
    """Close ``poll`` now: its thread's author, or a moderator of its forum (logged when
    the poll is not theirs)."""
    poll = _locked(poll)
    if not can_close(user, poll):
        raise PermissionDenied(_("Only the thread's author or a moderator can close this poll."))
    poll.closed_at, poll.closed_by = timezone.now(), user
    poll.save(update_fields=["closed_at", "closed_by"])
    if not _is_author(user, poll):
        _log(user, ModerationAction.Kind.CLOSE_POLL, poll)
    return poll


@transaction.atomic
def reopen_poll(poll: Poll, user) -> Poll:
    """Open again a poll closed early (:func:`can_reopen`), its counts made again from
    its votes."""
    poll = _locked(poll)
    if not can_reopen(user, poll):
        raise PermissionDenied(_("This poll cannot be reopened by you."))
    poll.closed_at, poll.closed_by = None, None
    poll.save(update_fields=["closed_at", "closed_by"])
    recount(poll)
    if not _is_author(user, poll):
        _log(user, ModerationAction.Kind.REOPEN_POLL, poll)
    return poll


def recount(poll: Poll) -> None:
    """Count ``poll``'s votes again from its rows. Caller holds the poll's row lock."""
    votes = (
        PollVote.objects.filter(option=OuterRef("pk"))
        .order_by()
        .values("option")
        .annotate(count=Count("pk"))
        .values("count")
    )
    PollOption.objects.filter(poll=poll).update(vote_count=Coalesce(Subquery(votes), 0))
    voters = PollVote.objects.filter(poll=poll).values("member").distinct().count()
    Poll.objects.filter(pk=poll.pk).update(voter_count=voters)
    poll.voter_count = voters


def _log(moderator, kind, poll: Poll) -> None:
    thread = poll.thread
    ModerationAction.objects.create(
        moderator=moderator,
        kind=kind,
        thread=thread,
        forum=thread.forum,
    )


# --- Leaving ----------------------------------------------------------------------------


def erase_votes(member) -> None:
    """``member``'s votes go with their account: an open poll counts them out, a closed
    poll keeps its results as they were (caller is in the deletion's transaction). The
    polls' rows are locked in order, so a vote at the same moment waits its turn."""
    poll_ids = list(
        PollVote.objects.filter(member=member).values_list("poll_id", flat=True).distinct()
    )
    if not poll_ids:
        return
    polls = list(Poll.objects.select_for_update().filter(pk__in=poll_ids).order_by("pk"))
    for poll in polls:
        if poll.is_open():
            _move_votes(poll, member, set())
    PollVote.objects.filter(member=member).delete()
